"""Loudspeaker scripts for directives and notices: what the announcer reads.

`build_script(page, ward)` frames what the page says of itself on air (its
`script_heading`, `script_body`, `script_notes` and `script_reminder`: see
`directives.models.BroadcastMixin`) with the station's opening and closing
lines, then passes every line through `verbalize` as a script line, so no
number, date, symbol, abbreviation, bracket or quotation mark is left for the
announcer to guess, and every sentence starts with a capital. An abbreviation
the page defines ("Ban quản lý chung cư (BQLCC)") is said in full wherever
the script uses it.

A page read after its last valid day (`script_valid_until`, a notice's
`valid_until`) says so near the top ("Lưu ý: thông báo này đã hết hiệu
lực ..."), and its `Script` is `expired`, for the programme to refuse.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from search import analysis

from .verbalizer import defined_abbreviations, verbalize


@dataclass(frozen=True)
class Script:
    """`valid_until`: the last day the page may be read on air (None: no
    end); `expired`: that day was before the day the script was built."""

    title: str
    lines: list[str]
    words_per_minute: int
    valid_until: datetime.date | None = None
    expired: bool = False

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
    valid_until = page.script_valid_until()
    expired = valid_until is not None and valid_until < timezone.localdate()
    lines = [f"Đài truyền thanh {name} xin thông báo.", page.script_heading()]
    if expired:
        kind = lower_first(str(page.kind_label))
        lines.append(
            f"Lưu ý: {kind} này chỉ có hiệu lực đến hết ngày {dmy(valid_until)}, "
            "nay đã hết hiệu lực."
        )
    lines += page.script_body() + page.script_notes()
    if ward.broadcast_repeat:
        lines += page.script_reminder()
    if ward.hotline:
        lines.append(
            f"Mọi ý kiến xin liên hệ đường dây nóng của phường, số {ward.hotline}."
        )
    lines.append(f"Đài truyền thanh {name} vừa thông báo. Cảm ơn bà con đã lắng nghe.")
    hints = issuer_hints(page.script_issuer())
    lines = [" ".join(line.split()) for line in lines]
    known = abbreviations or {}
    known = {**defined_abbreviations("\n".join(lines), known=known), **known}
    spoken = [
        verbalize(line, abbreviations=known, issuers=hints, script=True)
        for line in lines
    ]
    return Script(
        title=page.title,
        lines=spoken,
        words_per_minute=ward.speaking_rate,
        valid_until=valid_until,
        expired=expired,
    )
