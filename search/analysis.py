"""Vietnamese text analysis: the one place where text is made comparable.

Residents type on cheap phones: without diacritics ("chi thi 29"), with the
other tone-mark placement ("hoà" for "hòa", "thuỷ" for "thủy"), with the
document symbol in any spelling ("29 CT TU", "29-ct/tu", "90/2013/ND-CP") and
with abbreviations ("UBND", "TW4"). Everything that compares text -- the
importer, both search backends, the citation finder, the admin -- goes through
the functions here, so that a word is spelled one way everywhere.

Pure Python, standard library only, no Django: safe to import from anywhere.

Vocabulary:

- *normalised* text (`normalize`): NFC, lower case, one tone-mark placement
  (the traditional one: "hòa", "thủy", "khóa"), clean whitespace; diacritics
  and "đ" are kept.
- *folded* text (`fold`): normalised, then stripped of every diacritic, with
  "đ" read as "d": what a resident types on a phone without a Vietnamese
  keyboard.
- a *symbol* (số, ký hiệu) such as ``29-CT/TU``, ``26/CT-TTg`` or
  ``90/2013/NĐ-CP``; its *key* (`symbol_key`) is the same for every spelling of
  it: ``29-ct-tu``, ``90-2013-nd-cp``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DEFAULT_SYNONYMS",
    "QUERY_SYMBOL_RE",
    "SYMBOL_RE",
    "TYPE_CODES",
    "Analyzed",
    "Symbol",
    "analyze",
    "clean_controls",
    "clean_number",
    "compact_key",
    "database_query",
    "expand_query",
    "find_symbols",
    "fold",
    "i_y_pattern",
    "i_y_spellings",
    "looks_like_symbol",
    "marked_key",
    "marked_words",
    "nfc",
    "normalize",
    "other_spellings",
    "slug_transliterations",
    "slugify",
    "symbol_words",
    "synonym_phrases",
    "symbol_key",
    "tokenize",
    "unify_i_y",
    "unify_tone_marks",
]


# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------

# Combining marks as they appear after NFD decomposition.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")  # mũ (â ê ô), trăng (ă), móc (ơ ư)

_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Soft hyphen and zero-width characters: invisible, but they split words.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_CHAR_FIXES = str.maketrans(
    {
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
        # Old converters and some fonts give the Icelandic eth for Đ.
        "\u00d0": "Đ",
        "\u00f0": "đ",
    }
)
_D_FOLD = str.maketrans({"đ": "d", "Đ": "D"})
_NEEDS_FIX_RE = re.compile(f"[{_DASHES}{_INVISIBLE}\u00d0\u00f0]")

_WHITESPACE_RE = re.compile(r"\s+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# A word token: a number with thousands/decimal separators ("2.000.000",
# "1,5") stays whole; otherwise any run of letters and digits ("tw4", "qh14").
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


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


# ---------------------------------------------------------------------------
# Tone marks
# ---------------------------------------------------------------------------


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone in the traditional style.

    `syllable` is lower case without tone mark ("thuy", "hoan", "nguyên").
    Returns None when it is not a Vietnamese syllable, so foreign words are
    left as they are.
    """
    length = len(syllable)
    start = 0
    while start < length and syllable[start] not in _VOWELS:
        start += 1
    if start == length:
        return None
    onset = syllable[:start]
    # In "qu" and in "gi" before a vowel the u/i belong to the consonant:
    # quý, quả, già, giữa.
    if (
        onset in ("q", "g")
        and syllable[start] == ("u" if onset == "q" else "i")
        and start + 1 < length
        and syllable[start + 1] in _VOWELS
    ):
        start += 1
    end = start
    while end < length and syllable[end] in _VOWELS:
        end += 1
    nucleus, coda = syllable[start:end], syllable[end:]
    if coda not in _CODAS or len(nucleus) > 3:
        return None
    marked = [i for i in range(start, end) if syllable[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # thuyết, người, thuở
    if len(nucleus) == 1:
        return start
    if coda:
        return end - 1  # hoàn, khoảng, quỳnh: same in both styles
    if len(nucleus) == 3:
        return start + 1  # ngoài, khuỷu, xoáy
    # Open oa, oe, uy: the two styles differ here (hòa/hoà, thủy/thuỷ);
    # the traditional one marks the first vowel, like every other open pair.
    return start


@lru_cache(maxsize=65536)
def _retone_word(word: str) -> str:
    """Move the tone mark of one NFC word to its traditional place."""
    if word.isascii():
        return word
    letters: list[str] = []  # lower case, without tone
    upper: list[bool] = []
    tone = tone_at = None
    for index, char in enumerate(word):
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:
            if mark in _TONE_MARKS:
                if tone is not None:
                    return word  # two tones: not a single syllable
                tone, tone_at = mark, index
            elif mark not in _VOWEL_MARKS:
                return word  # ü, ç …: not Vietnamese, leave it alone
        shape = "".join(mark for mark in marks if mark in _VOWEL_MARKS)
        letters.append(nfc(base + shape).lower())
        upper.append(char.isupper())
    if tone is None:
        return word
    target = _tone_position("".join(letters))
    if target is None or target == tone_at:
        return word
    letters[target] = nfc(letters[target] + tone)
    return "".join(
        letter.upper() if is_upper else letter
        for letter, is_upper in zip(letters, upper, strict=True)
    )


def unify_tone_marks(text: str) -> str:
    """Return NFC `text` with every tone mark at its traditional place.

    "hoà" → "hòa", "Thuỷ" → "Thủy", "uỷ" → "ủy", "khoá" → "khóa"; "hoàn",
    "khoảng", "thuyết" are unchanged (both styles agree when a final
    consonant follows). Case and everything else are kept; words that are
    not Vietnamese syllables are left untouched.
    """
    return _LETTERS_RE.sub(lambda m: _retone_word(m.group()), nfc(text))


def normalize(text: str) -> str:
    """Return the normalised form of `text`, the basis of every comparison.

    Promises: NFC (decomposed input is composed), lower case, tone marks at
    their traditional place (`unify_tone_marks`), every dash variant as "-",
    zero-width characters removed, runs of any whitespace (tabs, newlines,
    no-break spaces) as one space, no leading or trailing space. Diacritics
    and "đ" are kept. Idempotent.
    """
    text = nfc(text)
    if _NEEDS_FIX_RE.search(text):  # rare: translate() is slow on long text
        text = text.translate(_CHAR_FIXES)
    text = text.lower()
    text = _LETTERS_RE.sub(lambda m: _retone_word(m.group()), text)
    return _WHITESPACE_RE.sub(" ", text).strip()


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(bare.translate(_D_FOLD))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    # Texts reuse a few thousand syllables: folding each once is most of the
    # speed of indexing.
    return _strip_marks(word)


def fold(text: str) -> str:
    """Return `normalize(text)` without any diacritic and with "đ" as "d".

    "Đà Nẵng" → "da nang", "Ủy ban" → "uy ban". Spellings that differ only
    in accents, tone placement, case or spacing fold to the same string.
    """
    return _strip_marks(normalize(text))


_SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")


# After h, k, l, m, s, t and qu, a final i and y are one sound written either
# way (kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, công ti/công ty, qui/quy): the search
# reads both as the y that administrative texts use ("đăng kí" is "đăng ký").
# Not after v: "vi phạm" is never written with y.
_I_TO_Y = str.maketrans("iíìỉĩị", "yýỳỷỹỵ")
_I_Y_RE = re.compile(r"(qu|[hklmst])([iíìỉĩịyýỳỷỹỵ])")
_Y_TO_I = {y: i for i, y in zip("iíìỉĩị", "yýỳỷỹỵ", strict=True)}


def unify_i_y(word: str) -> str:
    """One `normalize`d or folded word with a final i/y after h, k, l, m, s,
    t or qu spelt with y: "kí" → "ký", "li" → "ly", "qui" → "quy"; every
    other word as it is ("vi", "khi", "tai")."""
    match = _I_Y_RE.fullmatch(word)
    return match[1] + match[2].translate(_I_TO_Y) if match else word


def i_y_spellings(word: str) -> tuple[str, ...]:
    """Both spellings of a word `unify_i_y` would change or keep ("kí" →
    ("ký", "kí")), the y one first; any other word alone."""
    match = _I_Y_RE.fullmatch(word)
    if not match:
        return (word,)
    y = match[2].translate(_I_TO_Y)
    return (match[1] + y, match[1] + _Y_TO_I[y])


def i_y_pattern(word: str) -> str:
    """A regular expression for `word` (`unify_i_y`'d) in either spelling:
    "ký" → "k[ýí]"; other words escaped as they are."""
    spellings = i_y_spellings(word)
    if len(spellings) == 1:
        return re.escape(word)
    y_form, i_form = spellings
    return f"{re.escape(y_form[:-1])}[{y_form[-1]}{i_form[-1]}]"


# Diacritics spelt as digits (the VNI typing convention): a vowel's shape
# after its letter, the tone after the syllable's last vowel.
_MARK_DIGITS = {
    "\u0302": "6",  # â ê ô
    "\u0306": "8",  # ă
    "\u031b": "7",  # ơ ư
    "\u0301": "1",  # sắc
    "\u0300": "2",  # huyền
    "\u0309": "3",  # hỏi
    "\u0303": "4",  # ngã
    "\u0323": "5",  # nặng
}


@lru_cache(maxsize=65536)
def marked_key(word: str) -> str | None:
    """One word of `normalize`d text as an unaccented word that still tells
    its diacritics apart, or None when it has none: "sổ" → "so63", "số" →
    "so61", "đỏ" → "d9o3", "cấp" → "ca61p", "hòa" and "hoà" → "hoa2".

    For a database full-text index, whose tokenizer folds some letters and
    not others: an ASCII word is kept whole by every one of them. The tone
    stands after the last vowel, so both tone placements give one key and a
    word typed up to its vowels ("hoà") is a prefix of longer ones ("hoàng").
    """
    letters: list[str] = []
    tone = ""
    last_vowel = -1
    for char in unicodedata.normalize("NFD", word):
        if char in _TONE_MARKS:
            tone = _MARK_DIGITS[char]
        elif char in _MARK_DIGITS:
            letters.append(_MARK_DIGITS[char])
        elif unicodedata.combining(char):
            continue  # ü, ç …: folded like the rest
        elif char == "đ":
            letters.append("d9")
        else:
            letters.append(char)
            if char in _VOWELS:
                last_vowel = len(letters)
        if last_vowel == len(letters) - 1 and letters[-1].isdigit():
            last_vowel = len(letters)  # the shape digit stays with its vowel
    if tone:
        if last_vowel < 0:
            return None  # a tone without a vowel: not a syllable
        letters.insert(last_vowel, tone)
    key = "".join(letters)
    return key if key != word else None


def marked_words(text: str) -> list[str]:
    """`marked_key` of every word of `text` that has diacritics, in order,
    in both spellings where i and y are one (`i_y_spellings`)."""
    words = _WORD_RE.findall(normalize(text))
    keys = (marked_key(form) for word in words for form in i_y_spellings(word))
    return [key for key in keys if key]


def other_spellings(text: str) -> list[str]:
    """The other spelling of every folded word of `text` written with a
    final i or y that is one sound (`i_y_spellings`: "ky" for "ki", "ti" for
    "ty"), in order: what a database index adds so that a word is found
    however it is typed, even as the prefix of a longer one ("ti" of "tiếp")."""
    return [
        form
        for word in _LETTERS_RE.findall(fold(text))
        for form in i_y_spellings(word)
        if form != word
    ]


def slugify(text: str, max_length: int = 255) -> str:
    """The ASCII URL slug of `text`: folded, words joined by "-".

    "Thông báo tổng vệ sinh" → "thong-bao-tong-ve-sinh", "Đường Bạch Đằng" →
    "duong-bach-dang" (Django's slugify drops "đ" and every letter with two
    marks). Cut at `max_length` without a trailing "-".
    """
    slug = _SLUG_JUNK_RE.sub("-", fold(text)).strip("-")
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
        bare = _strip_marks(char)
        if len(bare) == 1 and bare.isascii() and bare.isalpha() and bare != char:
            groups.setdefault(bare, []).append(char)
    pairs = [(f"[{''.join(chars)}]", bare) for bare, chars in sorted(groups.items())]
    # Then, as `slugify` does, anything but a letter, digit, space or "-"
    # separates words ("12/KH-UBND" → "12-kh-ubnd"; Wagtail would drop "/").
    return (*pairs, ("[\u0300-\u036f]", ""), ("[^A-Za-z0-9\\s-]", "-"))


# ---------------------------------------------------------------------------
# Document symbols (số, ký hiệu)
# ---------------------------------------------------------------------------

#: Type codes of Vietnamese documents (Nghị định 30/2020/NĐ-CP, Hướng dẫn
#: 36-HD/VPTW), with the name of the document type they stand for. "TT" is
#: also the Party's "Thông tri".
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CT": "Chỉ thị",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "QC": "Quy chế",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CĐ": "Công điện",
}

# Codes printed in mixed case by convention; every other code is upper case.
_MIXED_CASE_CODES = {code.upper(): code for code in ("TTg", "TTr", "CTr", "QĐi")}

_SEPARATORS = "/" + _DASHES + "-"  # "-" last: literal inside [...]
_SEP = rf"\s?[{_SEPARATORS}]\s?"
_LOOSE_SEP = rf"(?:\s*[{_SEPARATORS}]\s*|\s+)"
_NUM = r"\d{1,5}"
_YEAR = r"(?:19|20)\d{2}"
_CODE = r"[A-Za-zĐđÐð][A-Za-zĐđÐð0-9]{0,11}"
# Not glued to a word, a number, a decimal point or a path ("/van-ban/29-ct").
_NOT_AFTER = rf"(?<![\w.{_SEPARATORS}])"

#: A symbol in running text, written with its separators: ``29-CT/TU``,
#: ``26/CT-TTg``, ``90/2013/NĐ-CP``, ``45/2019/QH14``, also in lower case,
#: without "Đ" or with spaces around the separators ("169/ KH-UBND"). A date
#: ("05/9/2016") is not a symbol: a symbol needs a type and an issuer code, or
#: a year and a code. Spaced spellings ("29 CT TU") are too ambiguous for
#: running text; `QUERY_SYMBOL_RE` accepts them in queries.
SYMBOL_RE = re.compile(
    rf"""
    {_NOT_AFTER}
    (?P<number>{_NUM})
    (?:
        {_SEP}(?P<year>{_YEAR})(?P<year_codes>(?:{_SEP}{_CODE})+)
      | (?P<codes>(?:{_SEP}{_CODE}){{2,}})
    )
    (?!\w)
    """,
    re.VERBOSE,
)


def _alternatives(codes: Iterable[str]) -> str:
    spellings = {c.lower() for code in codes for c in (code, code.translate(_D_FOLD))}
    # Longest first so that "ttlt" is tried before "tt".
    return "|".join(sorted(spellings, key=lambda s: (-len(s), s)))


#: A symbol as typed in a search box, where separators may be plain spaces:
#: ``29 CT TU``, ``90 2013 nd cp``, ``16 ct/ttg``. To keep ordinary words out,
#: the type code must be a known one (`TYPE_CODES`) and exactly one issuer
#: code follows it.
QUERY_SYMBOL_RE = re.compile(
    rf"""
    {_NOT_AFTER}
    (?P<number>{_NUM})
    (?:{_LOOSE_SEP}(?P<year>{_YEAR}))?
    {_LOOSE_SEP}?
    (?P<type>{_alternatives(TYPE_CODES)})
    {_LOOSE_SEP}
    (?P<issuer>{_CODE}(?:[{_DASHES}-]{_CODE})*)
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SPLIT_CODES_RE = re.compile(rf"[\s{_SEPARATORS}]+")


def _clean_code(code: str) -> str:
    upper = code.translate(_CHAR_FIXES).upper()
    return _MIXED_CASE_CODES.get(upper, upper)


@dataclass(frozen=True)
class Symbol:
    """A document symbol found in text.

    `number` and `year` are the digits as printed ("05", "2013"); the codes
    are in their conventional case whatever the input ("CT", "NĐ", "TTg").
    A law ("45/2019/QH14") has no type code: `type_code` is None and
    `issuer_code` is "QH14". Joint issuers stay together: "BTC-BTP".
    """

    text: str
    number: str
    year: str | None
    type_code: str | None
    issuer_code: str
    key: str

    @property
    def token(self) -> str:
        """The index token of the exact field: the key with "đ" kept."""
        return _symbol_token(self.number, self.year, self.type_code, self.issuer_code)


def _symbol_token(
    number: str, year: str | None, type_code: str | None, issuer_code: str
) -> str:
    # int() drops leading zeros: "05-CT/TW" is "5-CT/TW".
    parts = [str(int(number)), year, type_code, issuer_code]
    return "-".join(part for part in parts if part).lower()


def _symbol_from_match(match: re.Match[str]) -> Symbol:
    if "type" in match.re.groupindex:
        codes = [match["type"], *_SPLIT_CODES_RE.split(match["issuer"])]
    else:
        joined = match["year_codes"] or match["codes"]
        codes = [c for c in _SPLIT_CODES_RE.split(joined) if c]
    codes = [_clean_code(code) for code in codes]
    type_code = codes[0] if len(codes) > 1 else None
    issuer_code = "-".join(codes[1:] if len(codes) > 1 else codes)
    token = _symbol_token(match["number"], match["year"], type_code, issuer_code)
    return Symbol(
        text=match.group().strip(),
        number=match["number"],
        year=match["year"],
        type_code=type_code,
        issuer_code=issuer_code,
        key=_strip_marks(token),
    )


def _symbol_matches(text: str, *, loose: bool) -> list[re.Match[str]]:
    """Non-overlapping symbol matches in `text`, in order of position."""
    matches = list(SYMBOL_RE.finditer(text))
    if loose:
        taken = [m.span() for m in matches]
        for match in QUERY_SYMBOL_RE.finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e in taken):
                matches.append(match)
        matches.sort(key=lambda m: m.start())
    return matches


def find_symbols(text: str, *, loose: bool = False) -> list[Symbol]:
    """Every document symbol in `text`, in order, with `text` as found (NFC).

    With `loose=True` (for search queries) spaced spellings such as
    "29 CT TU" or "90 2013 nd cp" count too; see `QUERY_SYMBOL_RE`.
    """
    return [_symbol_from_match(m) for m in _symbol_matches(nfc(text), loose=loose)]


# Words a query may put before a symbol: "Chỉ thị số 29-CT/TU".
_LABELS = {fold(name) for name in TYPE_CODES.values()} | {"luat", "cong van"}
_LABEL_RE = re.compile(
    r"(?:(?:" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\s+)?"
    r"(?:so\b\s*:?\s*)?"
)
_EDGE_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019()[].,;:!?"


def _whole_symbol(text: str) -> Symbol | None:
    """The symbol that is the whole of `text`, optionally after a label."""
    normal = normalize(text).strip(_EDGE_PUNCTUATION + " ")
    # The label is matched on the folded text, which has the same length as
    # the normalised text for everything a label can contain.
    label = _LABEL_RE.match(_strip_marks(normal))
    rest = normal[label.end() :] if label else normal
    for regex in (SYMBOL_RE, QUERY_SYMBOL_RE):
        match = regex.fullmatch(rest)
        if match:
            return _symbol_from_match(match)
    return None


def symbol_key(text: str) -> str | None:
    """The comparison key of the symbol `text`, or None if it is not one.

    The key is folded, lower case, its parts joined by "-", the number
    without leading zeros: "29-CT/TU", "29 CT TU", "29-ct/tu" and "29\u2013CT/TU"
    (en dash) all give "29-ct-tu"; "90/2013/NĐ-CP" and "90 2013 nd cp" give
    "90-2013-nd-cp"; "05-CT/TW" gives "5-ct-tw". Separator style is not part
    of the key ("29/CT-TU" is "29-CT/TU" mistyped), but every number, year
    and code is: "29-CT/TU", "29/CT-UBND" and "26/CT-TTg" differ. A leading
    label is allowed ("Chỉ thị số 29-CT/TU").
    """
    symbol = _whole_symbol(text)
    return symbol.key if symbol else None


def looks_like_symbol(query: str) -> bool:
    """Whether the whole search `query` names one document by its symbol.

    Any spelling counts ("29 CT TU", "90/2013/ND-CP"), optionally after a
    document type and "số" ("chỉ thị số 16/CT-TTg"), so that search can jump
    straight to that document. A number alone ("chi thi 29") is not enough.
    """
    return _whole_symbol(query) is not None


def compact_key(key: str) -> str:
    """A symbol key as one word, for engines whose tokenizers split on "-"
    and "/" differently (SQLite FTS5, PostgreSQL): "29-ct-tu" → "29cttu"."""
    return key.replace("-", "")


def symbol_words(text: str) -> str:
    """The compact key of every symbol in `text`, space-separated: what the
    admin's database index adds to a text so its symbols can be searched."""
    return " ".join(compact_key(s.key) for s in find_symbols(text))


def _database_words(text: str) -> str:
    """Each word of `text` as a database query reads it: typed with
    diacritics, as its `marked_key` (that syllable only: "sổ" is not "số");
    without, folded (every accented form: "so" is sổ, số and so)."""
    words = _WORD_RE.findall(normalize(text))
    return " ".join(marked_key(word) or _fold_word(word) for word in words)


def database_query(text: str) -> str:
    """A search box's `text` for a database full-text index of folded text
    with `marked_words` (the admin's): each word typed with diacritics as its
    `marked_key`, the others folded (`_database_words`), each symbol in any
    spelling ("29 CT TU", "29-ct/tu") as its compact key ("29cttu"), other
    punctuation as spaces. A query that only names a document ("Chỉ thị số
    29-CT/TU") is that document's key alone."""
    whole = _whole_symbol(text)
    if whole:
        return compact_key(whole.key)
    text = nfc(text)
    parts, last = [], 0
    for match in _symbol_matches(text, loose=True):
        parts.append(_database_words(text[last : match.start()]))
        parts.append(compact_key(_symbol_from_match(match).key))
        last = match.end()
    parts.append(_database_words(text[last:]))
    return " ".join(_SLUG_JUNK_RE.sub(" ", " ".join(parts)).split())


def clean_number(text: str) -> str:
    """Return the printed normal form of a directive's số, ký hiệu.

    NFC, trimmed, en/em dashes as "-", no spaces around "/" and "-", codes
    upper case except the conventional mixed-case ones (TTg, TTr, CTr, QĐi).
    The separators and leading zeros are kept as given: " 29 - ct/tu " →
    "29-CT/TU", "26/ct-ttg" → "26/CT-TTg", "90/2013/nđ-cp" → "90/2013/NĐ-CP".
    Idempotent.

    Raises ValueError, with a message for the editor, when `text` is not one
    symbol with its separators (it must start with the number and carry a
    type and an issuer code, or a year and a code).
    """
    compact = _WHITESPACE_RE.sub(" ", nfc(text).translate(_CHAR_FIXES)).strip()
    compact = re.sub(r"\s*([-/])\s*", r"\1", compact)
    if SYMBOL_RE.fullmatch(compact):
        parts = re.split(r"([-/])", compact)
        return "".join(
            _clean_code(part) if part[:1].isalpha() else part for part in parts
        )
    if not compact:
        reason = "chưa nhập"
    elif not compact[0].isdigit():
        reason = "phải bắt đầu bằng số"
    elif QUERY_SYMBOL_RE.fullmatch(compact):
        reason = "các phần phải nối bằng “-” hoặc “/”, ví dụ 29-CT/TU"
    elif not any(char.isalpha() for char in compact):
        reason = "thiếu ký hiệu loại văn bản và cơ quan ban hành"
    else:
        reason = "cần có dạng như 29-CT/TU, 26/CT-TTg hoặc 90/2013/NĐ-CP"
    raise ValueError(f"Số, ký hiệu không hợp lệ: “{text.strip()}” ({reason}).")


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Analyzed:
    """Tokens of one text for the two index fields.

    `exact` and `folded` have the same length and the same order, so a
    position means the same word in both. `exact` keeps diacritics (matches
    there rank higher); `folded` is what diacritic-free typing matches. A
    document symbol is one token in each: `Symbol.token` ("90-2013-nđ-cp") and
    `Symbol.key` ("90-2013-nd-cp").
    """

    exact: list[str]
    folded: list[str]

    @property
    def exact_text(self) -> str:
        return " ".join(self.exact)

    @property
    def folded_text(self) -> str:
        return " ".join(self.folded)


def analyze(text: str, *, query: bool = False, unify: bool = True) -> Analyzed:
    """Split `text` into exact and folded tokens (see `Analyzed`).

    Words are split on whitespace and punctuation; numbers are kept
    ("2.000.000" whole, a date "05/9/2016" as its three numbers), a final
    i/y that is one sound spelt y (`unify_i_y`; `unify=False` keeps it as
    written, for showing a query back, token for token the same). Pass
    `query=True` for search input, so that "29 ct tu" is one symbol token.
    """
    normal = normalize(text)
    exact: list[str] = []
    folded: list[str] = []

    def add_words(segment: str) -> None:
        for word in _WORD_RE.findall(segment):
            word = unify_i_y(word) if unify else word
            exact.append(word)
            folded.append(_fold_word(word))

    position = 0
    for match in _symbol_matches(normal, loose=query):
        add_words(normal[position : match.start()])
        symbol = _symbol_from_match(match)
        exact.append(symbol.token)
        folded.append(symbol.key)
        position = match.end()
    add_words(normal[position:])
    return Analyzed(exact, folded)


def tokenize(text: str, *, query: bool = False) -> list[str]:
    """The exact tokens of `text`: `analyze(text, query=query).exact`.

    "Chỉ thị số 29-CT/TU ngày 10/12/2013" → ["chỉ", "thị", "số", "29-ct-tu",
    "ngày", "10", "12", "2013"].
    """
    return analyze(text, query=query).exact


# ---------------------------------------------------------------------------
# Abbreviations and synonyms
# ---------------------------------------------------------------------------

#: Groups of phrases that mean the same thing. Compared in folded form, so
#: "uy ban nhan dan" matches "Ủy ban nhân dân". "#" stands for one number
#: and is carried over: "CT #" ↔ "chỉ thị #" turns "CT 16" into "chỉ thị 16"
#: but leaves a lone "CT" (or the CT inside "29-CT/TU") alone.
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("TW4", "TW 4", "Trung ương 4", "Hội nghị Trung ương 4"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("CBCCVC", "cán bộ công chức viên chức"),
    ("CBCC", "cán bộ công chức"),
    ("TTHC", "thủ tục hành chính"),
    ("QSDĐ", "quyền sử dụng đất"),
    ("PCCC", "phòng cháy chữa cháy"),
    ("TDP", "tổ dân phố"),
    ("KDC", "khu dân cư"),
    ("CCHC", "cải cách hành chính"),
    ("ATGT", "an toàn giao thông"),
    ("TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh"),
    ("TP", "thành phố"),
    ("TTg", "Thủ tướng"),
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("BHYT", "bảo hiểm y tế"),
    ("BHXH", "bảo hiểm xã hội"),
    ("KT-XH", "kinh tế - xã hội"),
    ("VSATTP", "vệ sinh an toàn thực phẩm"),
    ("NĐ #", "nghị định #"),
    ("CT #", "chỉ thị #"),
    ("NQ #", "nghị quyết #"),
    ("QĐ #", "quyết định #"),
    ("KH #", "kế hoạch #"),
    ("COVID-19", "COVID", "nCoV", "virus Corona"),
    ("5 xây 3 chống", "năm xây ba chống"),
)

_Pattern = tuple[tuple[str, str] | None, ...]  # (exact, folded) or None for "#"


@lru_cache(maxsize=32)
def _compile_synonyms(
    synonyms: tuple[tuple[str, ...], ...],
) -> tuple[tuple[_Pattern, ...], ...]:
    compiled = []
    for group in synonyms:
        patterns = []
        for phrase in group:
            pattern: list[tuple[str, str] | None] = []
            for index, piece in enumerate(phrase.split("#")):
                if index:
                    pattern.append(None)
                analyzed = analyze(piece)
                pattern.extend(zip(analyzed.exact, analyzed.folded, strict=True))
            if any(pattern):
                patterns.append(tuple(pattern))
        compiled.append(tuple(patterns))
    return tuple(compiled)


def _is_number(token: str) -> bool:
    return _NUMBER_RE.fullmatch(token) is not None


def _matches_at(pattern: _Pattern, folded: Sequence[str], start: int) -> bool:
    if start + len(pattern) > len(folded):
        return False
    return all(
        _is_number(token) if part is None else token == part[1]
        for part, token in zip(pattern, folded[start:], strict=False)
    )


def _fill(pattern: _Pattern, numbers: list[str]) -> tuple[list[str], list[str]]:
    exact, folded, pending = [], [], iter(numbers)
    for part in pattern:
        if part is None:
            number = next(pending)
            exact.append(number)
            folded.append(number)
        else:
            exact.append(part[0])
            folded.append(part[1])
    return exact, folded


def expand_query(
    query: str,
    synonyms: Iterable[Sequence[str]] = DEFAULT_SYNONYMS,
    *,
    limit: int = 12,
) -> list[str]:
    """The normalised variants of `query` that a backend should OR together.

    The first item is the query itself as its exact tokens joined by spaces
    ("UBND phường" → "ubnd phường"); each further item replaces one phrase of
    a `synonyms` group by another phrase of the same group ("ủy ban nhân dân
    phường"), then combinations, breadth first, without duplicates and at
    most `limit` items. Phrases match whole tokens in folded form, longest
    first; a phrase typed without diacritics also yields its diacritic
    spelling. Symbols are single tokens, so their codes are never replaced.
    An empty query gives [].
    """
    table = tuple(tuple(group) for group in synonyms)
    groups = _compile_synonyms(table)
    patterns = sorted(
        ((pattern, group) for group in groups for pattern in group),
        key=lambda item: -len(item[0]),
    )
    base = analyze(query, query=True)
    if not base.exact:
        return []
    seen = {tuple(base.exact)}
    variants = [base.exact_text]
    queue = deque([(base.exact, base.folded)])
    while queue and len(variants) < limit:
        exact, folded = queue.popleft()
        start = 0
        while start < len(folded) and len(variants) < limit:
            found = next(
                (
                    (pattern, group)
                    for pattern, group in patterns
                    if _matches_at(pattern, folded, start)
                ),
                None,
            )
            if found is None:
                start += 1
                continue
            pattern, group = found
            end = start + len(pattern)
            numbers = [
                token
                for part, token in zip(pattern, exact[start:end], strict=True)
                if part is None
            ]
            for other in group:
                if other.count(None) != len(numbers):
                    continue
                new_exact, new_folded = _fill(other, numbers)
                new_exact = exact[:start] + new_exact + exact[end:]
                if tuple(new_exact) in seen:
                    continue
                seen.add(tuple(new_exact))
                variants.append(" ".join(new_exact))
                queue.append((new_exact, folded[:start] + new_folded + folded[end:]))
                if len(variants) >= limit:
                    break
            start = end
    return variants


def synonym_phrases(
    folded: Sequence[str], synonyms: Iterable[Sequence[str]] = DEFAULT_SYNONYMS
) -> list[tuple[int, int]]:
    """Spans of `folded` tokens that spell a phrase of the synonym table,
    longest first and without overlaps, each cut at its "#" numbers and
    kept only where two or more words remain: "uy ban nhan dan phuong" →
    [(0, 4)]; "chi thi 16" → [(0, 2)] (the number is a word of its own).
    """
    table = tuple(tuple(group) for group in synonyms)
    patterns = sorted(
        (pattern for group in _compile_synonyms(table) for pattern in group),
        key=len,
        reverse=True,
    )
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(folded):
        pattern = next((p for p in patterns if _matches_at(p, folded, start)), None)
        if pattern is None:
            start += 1
            continue
        run = start
        for offset, part in enumerate([*pattern, None]):
            if part is None:
                if start + offset - run > 1:
                    spans.append((run, start + offset))
                run = start + offset + 1
        start += len(pattern)
    return spans
