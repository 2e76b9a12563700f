"""Loudspeaker scripts for directives and notices: what the announcer reads.

`build_script(page, ward)` returns plain text in which every line has gone
through `verbalize`, so no number, date, symbol or abbreviation is left for
the announcer to guess.
"""

import math
from dataclasses import dataclass

from django.utils.formats import date_format

from search import analysis

from .verbalizer import verbalize


@dataclass(frozen=True)
class Script:
    title: str
    lines: list[str]
    words_per_minute: int

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines) + "\n"

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def minutes(self) -> int:
        """Estimated reading time, rounded up to whole minutes (at least one)."""
        return max(1, math.ceil(self.word_count / max(self.words_per_minute, 40)))


def _issuer_hints(page) -> dict[str, str]:
    """TU is Thành ủy or Tỉnh ủy: the directive's issuer on the site decides."""
    issuer = getattr(page, "issuer", None)
    if issuer is None:
        return {}
    folded = analysis.fold(issuer.name)
    if "tinh uy" in folded:
        return {"TU": "tỉnh ủy"}
    if "thanh uy" in folded:
        return {"TU": "thành ủy"}
    return {}


def _dmy(value) -> str:
    return date_format(value, "d/m/Y")


def _body_lines(page) -> list[str]:
    if page.kind == "directive":
        return [f"Nội dung chính: {page.summary}"]
    return [p for p in page.body_text.split("\n\n") if p.strip()]


def _heading(page) -> str:
    if page.kind == "directive":
        return (
            f"{page.doc_type} {page.number} ngày {_dmy(page.signed_on)} "
            f"của {page.issuer.name}, {_lower_first(page.title)}."
        )
    return f"{page.title}."


def _lower_first(text: str) -> str:
    return (
        text[:1].lower() + text[1:]
        if text[:1].isupper() and not text[1:2].isupper()
        else text
    )


def build_script(page, ward, abbreviations: dict[str, str] | None = None) -> Script:
    """The script for a directive or notice page, ready to read on air.

    `abbreviations` is the ward's own list (admin snippet), which extends and
    overrides the shipped dictionary; `page.broadcast_script(ward)` passes it.
    """
    name = ward.ward_name_in_sentence
    lines = [f"Đài truyền thanh {name} xin thông báo.", _heading(page)]
    lines += _body_lines(page)
    if page.kind == "notice" and page.valid_until:
        lines.append(f"Thông báo có hiệu lực đến hết ngày {_dmy(page.valid_until)}.")
    if page.kind == "notice" and page.posted_at:
        lines.append(f"Thông báo được niêm yết tại {page.posted_at}.")
    if ward.broadcast_repeat:
        lines.append(f"Xin nhắc lại: {_heading(page)}")
        if page.kind == "directive":
            lines.append(page.summary)
    if ward.hotline:
        lines.append(
            f"Mọi ý kiến xin liên hệ đường dây nóng của phường, số {ward.hotline}."
        )
    lines.append(f"Đài truyền thanh {name} vừa thông báo. Cảm ơn bà con đã lắng nghe.")
    hints = _issuer_hints(page)
    spoken = [
        verbalize(" ".join(line.split()), abbreviations=abbreviations, issuers=hints)
        for line in lines
    ]
    return Script(title=page.title, lines=spoken, words_per_minute=ward.speaking_rate)
