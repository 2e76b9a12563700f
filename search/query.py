"""The portal's search: one function, `search(params) -> Results`.

A query is analysed once, here, into a `QueryPlan` (tokens with and without
diacritics, synonym variants, the symbol it names); each backend
(`backends.embedded`, `backends.elastic`) turns the plan into its own query.
Only live, public pages are ever in an index, so nothing here filters them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from . import analysis, synonyms
from .builder import KINDS, MAX_TOKEN_CHARS

PER_PAGE = 10
FILTERS = ("kind", "doc_type", "issuer", "year", "status")
# A pasted paragraph is still a query, but only its first words are searched:
# every token adds clauses to the engine's query.
MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 16
MAX_VARIANTS = 6
STATUSES = ("in_force", "expired", "replaced")


def _clean(value) -> str:
    """One line of printable NFC text: control characters go as they go from
    stored text (`analysis.clean_controls`); line breaks, tabs and other
    unprintable spaces become spaces."""
    text = analysis.clean_controls(analysis.nfc(str(value)))
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


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
    def from_query_dict(cls, data) -> Params:
        """Read request parameters; nothing a user types raises an error."""

        def text(name, limit=200):
            return _clean(data.get(name, ""))[:limit].strip()

        def number(name, default=None):
            try:
                return int(text(name))
            except ValueError:
                return default

        year = number("year")
        return cls(
            q=text("q", MAX_QUERY_CHARS),
            kind=text("kind") if text("kind") in KINDS else "",
            doc_type=text("doc_type"),
            issuer=text("issuer"),
            year=year if year and 1900 <= year <= 2100 else None,
            status=text("status") if text("status") in STATUSES else "",
            page=max(1, min(number("page", 1) or 1, 1000)),
        )

    @property
    def directive_filters(self) -> bool:
        return bool(self.doc_type or self.issuer or self.year or self.status)

    @property
    def has_filters(self) -> bool:
        return bool(self.kind or self.directive_filters)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    def without_filters(self) -> Params:
        return Params(q=self.q)


@dataclass
class Term:
    """One query token: as typed (normalised) and folded."""

    exact: str
    folded: str

    @property
    def number_form(self) -> str:
        """The token as the number field holds it: "05" is "5"."""
        digits = self.folded
        return str(int(digits)) if digits.isdecimal() and len(digits) < 10 else digits

    @property
    def has_marks(self) -> bool:
        """Typed with diacritics: an exact match is worth more than a folded one."""
        return self.exact != self.folded


@dataclass
class QueryPlan:
    """What a backend needs to know about a query, computed once.

    `variants` are the query and its synonym rewrites (`analysis.expand_query`),
    each a list of `Term`s; a document matches when it has every term of at
    least one variant. `symbol` is the key of the document the whole query
    names ("29 CT TU" → "29-ct-tu"), which must come first.
    """

    text: str
    variants: list[list[Term]]
    symbol: str | None = None

    @classmethod
    def parse(cls, text: str, table=None) -> QueryPlan:
        text = text[:MAX_QUERY_CHARS]
        table = synonyms.table() if table is None else table
        variants = []
        for variant in analysis.expand_query(text, table, limit=MAX_VARIANTS):
            tokens = analysis.analyze(variant, query=True)
            terms = [
                Term(exact, folded)
                for exact, folded in zip(tokens.exact, tokens.folded, strict=True)
                if len(exact) <= MAX_TOKEN_CHARS
            ][:MAX_QUERY_TOKENS]
            if terms:
                variants.append(terms)
        return cls(text=text, variants=variants, symbol=analysis.symbol_key(text))

    @property
    def empty(self) -> bool:
        return not self.variants

    @cached_property
    def highlight_terms(self) -> set[str]:
        return {term.folded for variant in self.variants for term in variant}

    @property
    def folded_text(self) -> str:
        return " ".join(term.folded for term in self.variants[0]) if self else ""

    def __bool__(self) -> bool:
        return bool(self.variants)


@dataclass
class Results:
    params: Params
    count: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    # For the "no results" page: the query without diacritics, when that
    # differs from what was typed.
    folded_query: str = ""

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


def empty_facets() -> dict:
    return {name: {} for name in FILTERS}


def search(params: Params) -> Results:
    """The page of results for `params`: hits, total count and facet counts.

    Without a query, the newest documents that pass the filters. Never raises
    for anything a user can type.
    """
    from .backends import get_backend

    plan = QueryPlan.parse(params.q)
    results = get_backend().search(params, plan)
    folded = analysis.fold(params.q)
    if folded != analysis.normalize(params.q):
        results.folded_query = folded
    return results


def suggest(text: str, limit: int = 8) -> list[dict]:
    """Documents whose title completes `text` as it is being typed."""
    from .backends import get_backend

    return get_backend().suggest(_clean(text)[:200], limit=limit)
