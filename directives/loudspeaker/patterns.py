"""The regular expressions of the verbaliser: what a document symbol, a
phone number, a date, a time, a Roman numeral or a quantity looks like in
running Vietnamese text. `verbalizer` says each of them; the codes and units
come from `directives.vocabulary`.
"""

import re

from directives.vocabulary import SYMBOL_TYPES, UNITS


def phrases(options) -> str:
    """A case-insensitive alternation of phrases, longest first, any spacing."""
    phrases = sorted(set(options), key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


_NOT_AFTER = r"(?<![\w/.,])"  # a number starts here, not inside another token
_NOT_BEFORE = r"(?![\w/]|[.,]\d)"  # ... and ends here

# Document symbols: 29-CT/TU (Party style), 26/CT-TTg, 90/2013/NĐ-CP (state).
_CODE = r"[A-ZĐƯ][A-Za-zĐđƯư]*"
SYMBOL_RE = re.compile(
    r"(?:(?<!\w)(?P<type>" + phrases(SYMBOL_TYPES.values()) + r")\s+)?"
    r"(?:(?<!\w)(?P<so>(?i:số))\s*:?\s*)?"
    r"(?<![\w/.\-])(?P<num>\d{1,6})(?:/(?P<year>\d{4}))?(?P<sep>[-/])"
    r"(?P<codes>" + _CODE + r"(?:[-/]" + _CODE + r")*)(?!\w)"
)
# "29-CT/TU [ngày 16/12/2016] của Thành ủy": the text names the issuer itself.
ISSUER_NAMED_RE = re.compile(
    r"\s*,?\s*(?:(?i:ngày)\s+\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\s*,?\s*)?(?i:của)\s"
)

# "29-CT/TU ngày 10/4/2024": a date right after the symbol, read after a pause.
DATE_FOLLOWS_RE = re.compile(r"[ \t]+(?i:ngày)\s+(?:(?i:mồng|mùng)\s+)?\d")

_PHONE = r"(?:\+84|0)\d{2,3}(?:[ .\-]?\d{3,4}){2}"
PHONE_CONTEXT_RE = re.compile(
    r"(?<!\w)(?P<context>"
    + phrases(
        [
            "hotline",
            "đường dây nóng",
            "tổng đài",
            "điện thoại",
            "SĐT",
            "ĐT",
            "gọi số",
            "gọi đến số",
            "gọi tới số",
        ]
    )
    + r")(?P<gap>\s*:?\s*)(?P<digits>"
    + _PHONE
    + r"|\+?\d{3,}(?:[.\-]\d+)*)(?!\w)"
)
PHONE_RE = re.compile(r"(?<![\w.,+])(?P<digits>" + _PHONE + r")(?!\w|[.,]\d)")

ISO_DATE_RE = re.compile(
    r"(?:(?<!\w)(?P<pre>(?i:ngày))\s+)?"
    r"(?<![\w/.\-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w\-])"
)
DMY_RE = re.compile(
    r"(?:(?<!\w)(?P<pre>(?i:ngày|mồng|mùng))\s+)?"
    + _NOT_AFTER
    + r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    + _NOT_BEFORE
)
TEXT_DATE_RE = re.compile(
    r"(?<!\w)(?P<pre>(?i:ngày|mồng|mùng))\s+(?P<d>\d{1,2})\s+(?i:tháng)\s+"
    r"(?P<m>\d{1,2})(?:\s+(?i:năm)\s+(?P<y>\d{4}))?(?![\w/]|[.,]\d)"
)
MONTH_YEAR_RE = re.compile(
    r"(?:(?<!\w)(?P<pre>(?i:tháng))\s+)?"
    + _NOT_AFTER
    + r"(?P<m>\d{1,2})[/\-](?P<y>\d{4})"
    + _NOT_BEFORE
)
DAY_MONTH_RE = re.compile(
    r"(?:(?<!\w)(?P<pre>(?i:ngày|mồng|mùng))\s+)?"
    + _NOT_AFTER
    + r"(?P<d>\d{1,2})/(?P<m>\d{1,2})"
    + _NOT_BEFORE
)
CLOCK_RE = re.compile(_NOT_AFTER + r"(?P<h>\d{1,2}):(?P<min>\d{2})(?![\w:]|[.,]\d)")
COMPACT_TIME_RE = re.compile(
    _NOT_AFTER + r"(?P<h>\d{1,2})[hg](?P<min>\d{2})(?P<tick>'|p(?!\w))?(?!\w)"
)
FULL_HOUR_RE = re.compile(
    _NOT_AFTER + r"(?P<h>\d{1,2})(?P<word>\s+(?i:giờ))\s+00(?!\w)"
)
MONTH_RE = re.compile(r"(?<!\w)(?P<pre>(?i:tháng))\s+(?P<m>\d{1,2})" + _NOT_BEFORE)

_ROMAN = r"(?P<roman>[IVXL]+)(?!\w)"
ROMAN_VALID_RE = re.compile(r"L?X{0,3}(?:IX|IV|V?I{0,3})")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
ROMAN_CONTEXT_RE = re.compile(
    r"(?<!\w)(?P<context>"
    + phrases(
        [
            "khóa",
            "khoá",
            "quý",
            "đại hội",
            "kỳ họp",
            "phần",
            "chương",
            "mục",
            "thế kỷ",
            "thế kỉ",
            "giai đoạn",
            "đợt",
            "tập",
            "nhiệm kỳ",
            "hạng",
            "loại",
        ]
    )
    + r")(?P<gap>\s+)"
    + _ROMAN
)
ORDINAL_RE = re.compile(
    r"(?<!\w)(?P<context>(?i:thứ))(?P<gap>\s+)"
    r"(?:(?P<num>\d{1,3})(?![\w/]|[.,]\d)|" + _ROMAN + ")"
)

QUANTITY_RE = re.compile(
    r"(?P<int>\d{1,3}(?:\.\d{3})+(?!\d)|\d{1,3}(?:,\d{3}){2,}(?!\d)|\d+)"
    r"(?:,(?P<frac>\d+)|\.(?P<dot>\d{1,2})(?!\d|\.\d))?"
    r"(?:(?P<gap>\s?)(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?!\w))?"
)

# Script lines: what is never read aloud, and where a sentence starts.
BRACKETED_RE = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")  # innermost
BRACKET_RE = re.compile(r"[()\[\]]")
QUOTE_RE = re.compile('["“”„‘’‚«»]')
SENTENCE_START_RE = re.compile(
    # Not after "..." nor after "v.v." (et cetera), which end no sentence.
    r"(?P<lead>(?:^|(?<=[.!?])(?<!\.\.)(?<!\bv\.v\.)[ \t]+)[-–—•*]?[ \t]*)"
    r"(?P<letter>[^\W\d_])",
    re.MULTILINE,
)
