"""Find the documents a text cites, and match them to directives on the site.

`find_citations(text) -> list[Citation]` recognises, in running Vietnamese:

- symbols: "Chỉ thị số 26/CT-TTg", "Kế hoạch 169/KH-UBND", "90/2013/NĐ-CP";
- a type and a bare number: "Chỉ thị số 05 của Bộ Chính trị", "Chỉ thị 12";
- plenum resolutions: "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết TW4".

Each citation is resolved against live, public directives: by symbol key,
or by type, number and issuer, or by what the site's own summaries say.
"""

import re
from dataclasses import asdict, dataclass

from search import analysis

from .models import DOC_TYPES, DirectivePage

# Issuer codes whose body is unambiguous ("TU" is Thành ủy or Tỉnh ủy: not here).
ISSUER_CODES = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "VPTW": "Văn phòng Trung ương Đảng",
    "QH": "Quốc hội",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
}

_TYPES = sorted(DOC_TYPES, key=len, reverse=True)
_TYPE_ALT = "|".join(re.escape(t) for t in _TYPES)
# "Chỉ thị số" / "chỉ thị" just before a symbol.
_TYPE_BEFORE_RE = re.compile(rf"(?i:({_TYPE_ALT}))(\s+số)?\s*$")
# "Chỉ thị số 05", "Chỉ thị 12": a type and a number that is not a symbol.
_BARE_RE = re.compile(
    rf"(?P<type>(?i:{_TYPE_ALT}))\s+(?:số\s+)?(?P<number>\d{{1,4}})"
    r"(?!\d|\s?[/\-–]\s?\w|[.,]\d)"
)
_PLENUM_RE = re.compile(
    r"(?P<type>(?i:nghị quyết))\s+(?:(?i:hội nghị)\s+)?"
    r"(?:(?i:trung ương)\s+(?:lần thứ\s+)?|TW\s?)(?P<plenum>\d{1,2})"
    r"(?:\s+(?i:khóa|khoá)\s+(?P<term>[IVXL]+))?"
)
_DATE = r"(?:\s+ngày\s+\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)?"
_OF_RE = re.compile(rf"^{_DATE}\s+của\s+(?P<issuer>[^,.;:()\n]+)")
_ISSUER_STOP_RE = re.compile(r"\s+(?:về|và|ngày|năm|tại|trên|đối với|nhằm|để)\s.*$")


@dataclass
class Citation:
    text: str
    doc_type: str | None
    number: str | None
    issuer: str | None
    resolved: str | None = None
    url: str | None = None
    start: int = 0

    def as_json(self) -> dict:
        data = asdict(self)
        del data["start"]
        return data


def _canonical_type(text: str | None) -> str | None:
    if not text:
        return None
    folded = analysis.fold(text)
    return next((t for t in DOC_TYPES if analysis.fold(t) == folded), text)


def _issuer_after(text: str, end: int) -> str | None:
    match = _OF_RE.match(text[end : end + 160])
    if not match:
        return None
    issuer = _ISSUER_STOP_RE.sub("", match["issuer"]).strip()
    return issuer or None


def _same_issuer(named: str | None, page: DirectivePage) -> bool:
    if not named:
        return True
    wanted, have = analysis.fold(named), analysis.fold(page.issuer.name)
    return wanted in have or have in wanted


class _Resolver:
    """Live, public directives, looked up once per text."""

    def __init__(self):
        self.pages = list(DirectivePage.objects.visible())

    def by_symbol(self, key: str, issuer: str | None):
        found = [p for p in self.pages if p.number_key == key]
        found = [p for p in found if _same_issuer(issuer, p)] or found
        return max(found, key=lambda p: p.signed_on) if found else None

    def by_number(self, doc_type: str, number: str, issuer: str | None):
        found = [
            p
            for p in self.pages
            if p.doc_type == doc_type
            and p.number_key.split("-")[0] == str(int(number))
            and _same_issuer(issuer, p)
        ]
        return found[0] if len(found) == 1 else None

    def by_plenum(self, plenum: str, term: str | None):
        words = [f"trung uong {int(plenum)}"] + (
            [f"khoa {term.lower()}"] if term else []
        )
        found = [
            p
            for p in self.pages
            if p.doc_type == "Nghị quyết"
            and all(
                w in analysis.fold(f"{p.title} {p.summary} {p.issuer.name}")
                for w in words
            )
        ]
        return found[0] if len(found) == 1 else None


def find_citations(text: str) -> list[Citation]:
    """Every document `text` cites, once each, in order of first mention."""
    text = analysis.nfc(text or "")
    resolver = _Resolver()
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def add(citation: Citation, span: tuple[int, int], page) -> None:
        if page is not None:
            citation.resolved, citation.url = page.number, page.url
            citation.issuer = citation.issuer or page.issuer.name
        taken.append(span)
        found.append(citation)

    for match in analysis.SYMBOL_RE.finditer(text):
        symbol = analysis.find_symbols(match.group(0))
        if not symbol:
            continue
        symbol = symbol[0]
        start, end = match.start(), match.end()
        before = _TYPE_BEFORE_RE.search(text[max(0, start - 20) : start])
        if before:
            start -= len(before.group(0))
        doc_type = _canonical_type(before.group(1) if before else None) or (
            analysis.TYPE_CODES.get(symbol.type_code or "")
        )
        issuer = _issuer_after(text, end) or ISSUER_CODES.get(symbol.issuer_code or "")
        citation = Citation(
            text=text[start:end].strip(),
            doc_type=doc_type,
            number=analysis.clean_number(symbol.text)
            if _cleanable(symbol.text)
            else symbol.text,
            issuer=issuer,
            start=start,
        )
        add(
            citation,
            (start, end),
            resolver.by_symbol(symbol.key, _issuer_after(text, end)),
        )

    def free(span):
        return not any(a < span[1] and span[0] < b for a, b in taken)

    for match in _PLENUM_RE.finditer(text):
        if not free(match.span()):
            continue
        citation = Citation(
            text=match.group(0),
            doc_type="Nghị quyết",
            number=None,
            issuer=f"Ban Chấp hành Trung ương khóa {match['term']}"
            if match["term"]
            else "Ban Chấp hành Trung ương",
            start=match.start(),
        )
        add(citation, match.span(), resolver.by_plenum(match["plenum"], match["term"]))

    for match in _BARE_RE.finditer(text):
        if not free(match.span()):
            continue
        doc_type = _canonical_type(match["type"])
        issuer = _issuer_after(text, match.end())
        citation = Citation(
            text=match.group(0),
            doc_type=doc_type,
            number=match["number"],
            issuer=issuer,
            start=match.start(),
        )
        add(
            citation,
            match.span(),
            resolver.by_number(doc_type, match["number"], issuer),
        )

    found.sort(key=lambda c: c.start)
    unique, seen = [], set()
    for citation in found:
        key = citation.resolved or (citation.doc_type, citation.number, citation.issuer)
        if key not in seen:
            seen.add(key)
            unique.append(citation)
    return unique


def _cleanable(text: str) -> bool:
    try:
        analysis.clean_number(text)
    except ValueError:
        return False
    return True
