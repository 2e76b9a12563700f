"""Loudspeaker scripts for directives and notices: what the announcer reads.

`build_script(page, ward)` frames what the page says of itself on air (its
`script_heading`, `script_body`, `script_notes` and `script_reminder`: see
`directives.models.BroadcastMixin`) with the station's opening and closing
lines, then passes every line through `verbalize`, so no number, date, symbol
or abbreviation is left for the announcer to guess.
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


def issuer_hints(issuer_name: str) -> dict[str, str]:
    """TU is Thành ủy or Tỉnh ủy: the directive's issuer on the site decides."""
    folded = analysis.fold(issuer_name)
    if "tinh uy" in folded:
        return {"TU": "tỉnh ủy"}
    if "thanh uy" in folded:
        return {"TU": "thành ủy"}
    return {}


def dmy(value) -> str:
    """A date as written in a script (dd/mm/yyyy), which `verbalize` reads."""
    return date_format(value, "d/m/Y")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def lower_first(text: str) -> str:
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
    lines = [f"Đài truyền thanh {name} xin thông báo.", page.script_heading()]
    lines += page.script_body() + page.script_notes()
    if ward.broadcast_repeat:
        lines += page.script_reminder()
    if ward.hotline:
        lines.append(
            f"Mọi ý kiến xin liên hệ đường dây nóng của phường, số {ward.hotline}."
        )
    lines.append(f"Đài truyền thanh {name} vừa thông báo. Cảm ơn bà con đã lắng nghe.")
    hints = issuer_hints(page.script_issuer())
    spoken = [
        verbalize(" ".join(line.split()), abbreviations=abbreviations, issuers=hints)
        for line in lines
    ]
    return Script(title=page.title, lines=spoken, words_per_minute=ward.speaking_rate)
