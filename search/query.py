"""The portal's search: one function, `search(params) -> Results`.

This first version runs on Wagtail's database search backend; the embedded
Tantivy index replaces the engine behind the same function (issue: search).
Only live, public pages are ever considered.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.html import escape
from wagtail.models import Page

from directives.models import ArticlePage, DirectivePage, NoticePage

from . import analysis

PER_PAGE = 10
MAX_CANDIDATES = 1000
KIND_MODELS = {"directive": DirectivePage, "notice": NoticePage, "article": ArticlePage}
FILTERS = ("kind", "doc_type", "issuer", "year", "status")


@dataclass
class Params:
    q: str = ""
    kind: str = ""
    doc_type: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""
    page: int = 1

    @classmethod
    def from_query_dict(cls, data) -> "Params":
        """Read request parameters; nothing a user types raises an error."""

        def text(name):
            return analysis.nfc(str(data.get(name, "")))[:200].strip()

        def number(name, default=None):
            try:
                return int(text(name))
            except ValueError:
                return default

        return cls(
            q=text("q")[:500],
            kind=text("kind") if text("kind") in KIND_MODELS else "",
            doc_type=text("doc_type"),
            issuer=text("issuer"),
            year=number("year"),
            status=text("status"),
            page=max(1, min(number("page", 1) or 1, 1000)),
        )

    @property
    def directive_filters(self) -> bool:
        return bool(self.doc_type or self.issuer or self.year or self.status)


@dataclass
class Results:
    params: Params
    count: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / PER_PAGE))

    def as_json(self) -> dict:
        return {
            "query": self.params.q,
            "count": self.count,
            "page": self.params.page,
            "results": self.hits,
            "facets": self.facets,
        }


def _candidates(params: Params):
    pages = Page.objects.live().public()
    types = [KIND_MODELS[params.kind]] if params.kind else list(KIND_MODELS.values())
    if params.directive_filters:
        types = [DirectivePage]
    pages = pages.type(*types)
    if params.directive_filters:
        directives = DirectivePage.objects.all()
        if params.doc_type:
            directives = directives.filter(doc_type=params.doc_type)
        if params.issuer:
            directives = directives.filter(issuer__name=params.issuer)
        if params.year:
            directives = directives.filter(signed_on__year=params.year)
        if params.status:
            directives = directives.filter(status=params.status)
        pages = pages.filter(pk__in=directives.values("pk"))
    if not params.q:
        return list(
            pages.order_by("-last_published_at").values_list("pk", flat=True)[
                :MAX_CANDIDATES
            ]
        )
    terms = analysis.tokenize(params.q)
    if not terms:
        return []
    found = pages.search(" ".join(terms), operator="or")
    return [p.pk for p in found[:MAX_CANDIDATES]]


def highlight(text: str, query: str, width: int = 220) -> str:
    """An HTML-escaped excerpt of `text` with the query's words in <mark>."""
    folded = "".join(analysis.fold(ch) or ch for ch in text)
    terms = {analysis.fold(t) for t in analysis.tokenize(query) if len(t) > 1}
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            before_ok = start == 0 or not folded[start - 1].isalnum()
            after_ok = end == len(folded) or not folded[end].isalnum()
            if before_ok and after_ok:
                spans.append((start, end))
            start = folded.find(term, end)
    spans.sort()
    first = spans[0][0] if spans else 0
    lo = max(0, first - width // 3)
    if lo:
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space != -1 else lo
    hi = min(len(text), lo + width)
    out, pos = [], lo
    for start, end in spans:
        if start < pos or end > hi:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    return ("… " if lo else "") + "".join(out) + (" …" if hi < len(text) else "")


def _hit(page, query: str) -> dict:
    kind = page.kind
    hit = {"kind": kind, "title": page.title, "url": page.url}
    if kind == "directive":
        text = f"{page.summary}\n{page.body_text}"
        hit.update(
            number=page.number,
            doc_type=page.doc_type,
            issuer=page.issuer.name,
            signed_on=page.signed_on.isoformat(),
            status=page.status,
        )
    else:
        text = page.body_text
        hit["published_on"] = page.published_on.isoformat()
        hit["valid_until"] = page.valid_until.isoformat() if page.valid_until else None
    hit["snippet"] = highlight(" ".join(text.split()), query)
    return hit


def _facets(pks: list[int]) -> dict:
    pages = Page.objects.filter(pk__in=pks)
    kinds = {}
    for kind, model in KIND_MODELS.items():
        n = pages.type(model).count()
        if n:
            kinds[kind] = n
    directives = DirectivePage.objects.filter(pk__in=pks).order_by()

    def count(qs, name):
        return {
            str(row[name]): row["n"]
            for row in qs.values(name).annotate(n=Count("pk")).order_by("-n", name)
        }

    return {
        "kind": kinds,
        "doc_type": count(directives, "doc_type"),
        "issuer": count(directives, "issuer__name"),
        "year": count(directives.annotate(year=ExtractYear("signed_on")), "year"),
        "status": count(directives, "status"),
    }


def search(params: Params) -> Results:
    pks = _candidates(params)
    results = Results(params=params, count=len(pks), facets=_facets(pks))
    start = (params.page - 1) * PER_PAGE
    window = pks[start : start + PER_PAGE]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=window).specific()}
    results.hits = [_hit(pages[pk], params.q) for pk in window if pk in pages]
    return results
