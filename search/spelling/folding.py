"""Normalised and folded text, and slugs: where "đ" becomes "d".

- *normalised* text (`normalize`): NFC, lower case, one tone-mark placement
  (the traditional one: "hòa", "thủy", "khóa"), clean whitespace; diacritics
  and "đ" are kept.
- *folded* text (`fold`): normalised, then stripped of every diacritic, with
  "đ" read as "d": what a resident types on a phone without a Vietnamese
  keyboard.
"""

import re
import unicodedata
from functools import lru_cache

from .characters import (
    CHAR_FIXES,
    D_FOLD,
    LETTERS_RE,
    NEEDS_FIX_RE,
    WHITESPACE_RE,
    nfc,
)
from .tones import retone_word


def normalize(text: str) -> str:
    """Return the normalised form of `text`, the basis of every comparison.

    Promises: NFC (decomposed input is composed), lower case, tone marks at
    their traditional place (`unify_tone_marks`), every dash variant as "-",
    zero-width characters removed, runs of any whitespace (tabs, newlines,
    no-break spaces) as one space, no leading or trailing space. Diacritics
    and "đ" are kept. Idempotent.
    """
    text = nfc(text)
    if NEEDS_FIX_RE.search(text):  # rare: translate() is slow on long text
        text = text.translate(CHAR_FIXES)
    text = text.lower()
    text = LETTERS_RE.sub(lambda m: retone_word(m.group()), text)
    return WHITESPACE_RE.sub(" ", text).strip()


def _stripped_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(bare.translate(D_FOLD))


class _StrippedTable(dict):
    """code point → the character without its marks, learnt on first sight:
    `str.translate` then strips a text in C, four times faster than
    decomposing it and filtering it character by character (the same
    result: stripping is a matter of each character alone)."""

    def __missing__(self, code: int) -> str:
        stripped = self[code] = _stripped_char(chr(code))
        return stripped


_STRIPPED = _StrippedTable()


def strip_marks(text: str) -> str:
    """`text` without any diacritic, "đ" as "d" ("Ủy" → "Uy")."""
    return text.translate(_STRIPPED)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    # Texts reuse a few thousand syllables: folding each once is most of the
    # speed of indexing.
    return strip_marks(word)


def fold(text: str) -> str:
    """Return `normalize(text)` without any diacritic and with "đ" as "d".

    "Đà Nẵng" → "da nang", "Ủy ban" → "uy ban". Spellings that differ only
    in accents, tone placement, case or spacing fold to the same string.
    """
    return strip_marks(normalize(text))


SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 255) -> str:
    """The ASCII URL slug of `text`: folded, words joined by "-".

    "Thông báo tổng vệ sinh" → "thong-bao-tong-ve-sinh", "Đường Bạch Đằng" →
    "duong-bach-dang" (Django's slugify drops "đ" and every letter with two
    marks). Cut at `max_length` without a trailing "-".
    """
    slug = SLUG_JUNK_RE.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-")


@lru_cache(maxsize=1)
def slug_transliterations() -> tuple[tuple[str, str], ...]:
    """(character class, replacement) pairs that fold Latin letters with
    diacritics, "đ" and "Đ" to ASCII, case kept, and drop combining marks.

    For Wagtail's slug widget (`SlugInput(formatters=…)`), whose own
    transliteration has no Vietnamese table: the browser then fills the slug
    from the title exactly as `slugify` does on the server.
    """
    groups: dict[str, list[str]] = {}
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        if not char.isalpha() or unicodedata.combining(char):
            continue
        bare = strip_marks(char)
        if len(bare) == 1 and bare.isascii() and bare.isalpha() and bare != char:
            groups.setdefault(bare, []).append(char)
    pairs = [(f"[{''.join(chars)}]", bare) for bare, chars in sorted(groups.items())]
    # Then, as `slugify` does, anything but a letter, digit, space or "-"
    # separates words ("12/KH-UBND" → "12-kh-ubnd"; Wagtail would drop "/").
    return (*pairs, ("[\u0300-\u036f]", ""), ("[^A-Za-z0-9\\s-]", "-"))
