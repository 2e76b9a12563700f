"""Characters: which code points are letters, tone marks, dashes, invisible
or control characters, and the two cleanups every text gets (NFC,
`clean_controls`). Standard library only."""

import re
import unicodedata

# Combining marks as they appear after NFD decomposition.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
VOWEL_MARKS = frozenset("\u0302\u0306\u031b")  # mũ (â ê ô), trăng (ă), móc (ơ ư)

VOWELS = frozenset("aăâeêioôơuưy")

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Soft hyphen and zero-width characters: invisible, but they split words.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

CHAR_FIXES = str.maketrans(
    {
        **dict.fromkeys(DASHES, "-"),
        **dict.fromkeys(INVISIBLE, None),
        # Old converters and some fonts give the Icelandic eth for Đ.
        "\u00d0": "Đ",
        "\u00f0": "đ",
    }
)
D_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
NEEDS_FIX_RE = re.compile(f"[{DASHES}{INVISIBLE}\u00d0\u00f0]")

WHITESPACE_RE = re.compile(r"\s+")
LETTERS_RE = re.compile(r"[^\W\d_]+")
# A word token: a number with thousands/decimal separators ("2.000.000",
# "1,5") stays whole; otherwise any run of letters and digits ("tw4", "qh14").
WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (precomposed letters: "ủ" is one code point)."""
    return unicodedata.normalize("NFC", text)


# Line and page breaks that are not "\n": vertical tab (what Word pastes for a
# line break inside a paragraph), form feed, next line, line and paragraph
# separators.
_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
# Every other C0 and C1 control character but tab, newline and carriage return,
# DEL, lone surrogates (JSON can carry them; UTF-8 cannot) and the two
# non-characters U+FFFE, U+FFFF: none of them can be stored in PostgreSQL
# (NUL) or written in XML 1.0 (feeds, sitemaps).
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_CONTROL_RE = re.compile(f"[{_CONTROLS}{_LINE_BREAKS}]")


def clean_controls(text: str) -> str:
    """Return `text` without control characters: the one rule for every text
    the portal stores (admin, snippets, import) and every query it searches.

    Vertical tab, form feed, NEL and the Unicode line and paragraph
    separators become "\n"; tab, "\n" and "\r" stay; every other C0 or C1
    control character, DEL, lone surrogate, U+FFFE and U+FFFF is removed
    ("a\x00b" → "ab"). Nothing else changes (no NFC, no trimming), so clean
    text comes back as it is, cheaply. Idempotent.
    """
    if not _CONTROL_RE.search(text):  # the usual case: no copy
        return text
    return _CONTROL_RE.sub(lambda m: "\n" if m[0] in _LINE_BREAKS else "", text)
