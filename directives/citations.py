"""Find the documents a text cites, and match them to directives on the site.

`find_citations(text) -> list[Citation]` recognises, in running Vietnamese:

- symbols: "Chỉ thị số 26/CT-TTg", "Kế hoạch 169/KH-UBND", "90/2013/NĐ-CP";
- a type and a bare number: "Chỉ thị số 05 của Bộ Chính trị", "Chỉ thị 12";
- plenum resolutions: "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết TW4".

Each citation is resolved against live, public directives: by symbol key,
or by type, number and issuer, or by what the site's own summaries say.
"""

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from wagtail.models import Site

from search import analysis

from .models import DirectivePage
from .vocabulary import DOC_TYPES, TYPE_CODES, document_type, issuer_name

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


def _canonical_type(text: str) -> str:
    found = document_type(text)
    return found.name if found else text


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

    def __init__(self, site=None):
        self.pages = list(DirectivePage.objects.visible().in_site(site))

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


def find_citations(text: str, site=None) -> list[Citation]:
    """Every document `text` cites, once each, in order of first mention.

    Symbols are found first; a plenum resolution or a type with a bare number
    counts only where no citation found before it stands.
    """
    text = analysis.nfc(text or "")
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    resolver = _Resolver(site)
    found = list(_symbol_citations(text, resolver))
    for step in (_plenum_citations, _bare_number_citations):
        taken = [span for _citation, span in found]
        found += step(text, resolver, taken)
    return _first_mentions([citation for citation, _span in found])


_Found = tuple[Citation, tuple[int, int]]


def _symbol_citations(text: str, resolver: _Resolver) -> Iterator[_Found]:
    """ "Chỉ thị số 26/CT-TTg", "90/2013/NĐ-CP": a symbol, with the type
    written before it if any, else the type its code stands for."""
    for match in analysis.SYMBOL_RE.finditer(text):
        symbols = analysis.find_symbols(match.group(0))
        if not symbols:
            continue
        symbol = symbols[0]
        start, end = match.span()
        label = _TYPE_BEFORE_RE.search(text[max(0, start - 20) : start])
        if label:
            start -= len(label.group(0))
        named_issuer = _issuer_after(text, end)
        citation = Citation(
            text=text[start:end].strip(),
            doc_type=_canonical_type(label.group(1))
            if label
            else TYPE_CODES.get(symbol.type_code or ""),
            number=_printed_number(symbol.text),
            issuer=named_issuer
            or issuer_name(symbol.issuer_code, state_style=symbol.state_style),
            start=start,
        )
        page = resolver.by_symbol(symbol.key, named_issuer)
        yield _resolved(citation, page), (start, end)


def _plenum_citations(text: str, resolver: _Resolver, taken) -> list[_Found]:
    """ "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết TW4"."""
    found = []
    for match in _PLENUM_RE.finditer(text):
        if not _free(match.span(), taken):
            continue
        term = match["term"]
        citation = Citation(
            text=match.group(0),
            doc_type="Nghị quyết",
            number=None,
            issuer="Ban Chấp hành Trung ương" + (f" khóa {term}" if term else ""),
            start=match.start(),
        )
        page = resolver.by_plenum(match["plenum"], term)
        found.append((_resolved(citation, page), match.span()))
    return found


def _bare_number_citations(text: str, resolver: _Resolver, taken) -> list[_Found]:
    """ "Chỉ thị số 05 của Bộ Chính trị", "Chỉ thị 12": a type and a number."""
    found = []
    for match in _BARE_RE.finditer(text):
        if not _free(match.span(), taken):
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
        page = resolver.by_number(doc_type, match["number"], issuer)
        found.append((_resolved(citation, page), match.span()))
    return found


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return not any(a < span[1] and span[0] < b for a, b in taken)


def _resolved(citation: Citation, page) -> Citation:
    """`citation` matched to `page`, a directive on the site, if any."""
    if page is not None:
        citation.resolved, citation.url = page.number, page.url
        citation.issuer = citation.issuer or page.issuer.name
    return citation


def _first_mentions(citations: list[Citation]) -> list[Citation]:
    """Each cited document once, at its first mention, in text order."""
    unique, seen = [], set()
    for citation in sorted(citations, key=lambda c: c.start):
        key = citation.resolved or (citation.doc_type, citation.number, citation.issuer)
        if key not in seen:
            seen.add(key)
            unique.append(citation)
    return unique


def _printed_number(symbol_text: str) -> str:
    """The symbol in its printed normal form, or as written if it has none."""
    try:
        return analysis.clean_number(symbol_text)
    except ValueError:
        return symbol_text
