"""Document numbers (số, ký hiệu): where a symbol such as ``29-CT/TU``,
``26/CT-TTg`` or ``90/2013/NĐ-CP`` is found in text, parsed, given its
comparison key (`symbol_key`: the same for every spelling) and printed in its
normal form (`clean_number`).

The type and issuer codes come from `directives.vocabulary`, the one table of
the documents' words.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from directives.vocabulary import DOCUMENT_TYPE_NAMES, MIXED_CASE_CODES, TYPE_CODES
from search.spelling.characters import CHAR_FIXES, D_FOLD, DASHES, WHITESPACE_RE, nfc
from search.spelling.folding import fold, normalize, strip_marks

_SEPARATORS = "/" + DASHES + "-"  # "-" last: literal inside [...]
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
    spellings = {c.lower() for code in codes for c in (code, code.translate(D_FOLD))}
    # Longest first so that "ttlt" is tried before "tt".
    return "|".join(sorted(spellings, key=lambda s: (-len(s), s)))


# A type code that folds to a common word ("ĐA" is "da": đã, đà, da) is
# left out of spaced spellings: "phường 5 Đà Nẵng" is not a symbol.
_QUERY_TYPE_CODES = [code for code in TYPE_CODES if fold(code) != "da"]

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
    (?P<type>{_alternatives(_QUERY_TYPE_CODES)})
    {_LOOSE_SEP}
    (?P<issuer>{_CODE}(?:[{DASHES}-]{_CODE})*)
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SPLIT_CODES_RE = re.compile(rf"[\s{_SEPARATORS}]+")


def _clean_code(code: str) -> str:
    upper = code.translate(CHAR_FIXES).upper()
    return MIXED_CASE_CODES.get(upper, upper)


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
    def state_style(self) -> bool:
        """Written number/TYPE-ISSUER, as state bodies do ("26/CT-TTg"),
        not number-TYPE/ISSUER, as the Party does ("29-CT/TU")."""
        return self.text[len(self.number) :].lstrip()[:1] == "/"

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
        key=strip_marks(token),
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
_LABELS = {fold(name) for name in DOCUMENT_TYPE_NAMES}
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
    label = _LABEL_RE.match(strip_marks(normal))
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
    compact = WHITESPACE_RE.sub(" ", nfc(text).translate(CHAR_FIXES)).strip()
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
