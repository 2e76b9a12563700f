"""What a query asks for, read once: `Params` (the request) and `QueryPlan`.

`Params` holds what a resident sent (query text, filters, page); `QueryPlan`
is the query analysed into terms with and without diacritics, words of
several syllables, synonym variants and the symbol it names. Every engine
(`search.engines`) compiles a plan into its own query; nothing here knows an
engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from . import analysis, synonyms, words
from .builder import KINDS, MAX_TOKEN_CHARS

PER_PAGE = 10
FILTERS = ("kind", "doc_type", "issuer", "year", "status")
# A pasted paragraph is still a query, but only its first words are searched:
# every token adds clauses to the engine's query.
MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 16
MAX_VARIANTS = 6
# Adjacent words in the pair fields of an index: "dan_cu".
PAIR_JOINER = "_"
STATUSES = ("in_force", "expired", "replaced")


def clean_line(value) -> str:
    """One line of printable NFC text: control characters go as they go from
    stored text (`analysis.clean_controls`); line breaks, tabs and other
    unprintable spaces become spaces."""
    text = analysis.clean_controls(analysis.nfc(str(value)))
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


@dataclass
class Params:
    """What a search asks for. `site` is the ward whose pages are searched
    (its own pages and its copies of shared directives): the views take it
    from the request's host (`Site.find_for_request`), never from a
    parameter a resident could type. None searches every ward and the
    library, each page once (alias copies left out): the city-wide search."""

    q: str = ""
    kind: str = ""
    doc_type: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""
    page: int = 1
    site: int | None = None

    @classmethod
    def from_query_dict(cls, data, site: int | None = None) -> Params:
        """Read request parameters; nothing a user types raises an error.
        `site` comes from the caller (the request's Site), not from `data`."""

        def text(name, limit=200):
            return clean_line(data.get(name, ""))[:limit].strip()

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
            site=site,
        )

    @property
    def filter_key(self) -> tuple:
        """Equal for two searches with the same filters and scope (a cache key)."""
        return (
            self.kind,
            self.doc_type,
            self.issuer,
            self.year,
            self.status,
            self.site,
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


@dataclass(frozen=True)
class Term:
    """One query token: as typed (normalised) and folded.

    `precise`: the query was typed with diacritics, so this token matches
    its own syllable only ("sổ" is not "số", and in "thu phí" the plain
    "thu" is not "thư"); otherwise it matches every accented form. Numbers
    and symbols are the same either way.
    """

    exact: str
    folded: str
    precise: bool = False
    # As the resident typed it (normalised, "kí" not read as "ký"): shown back.
    shown: str = field(default="", compare=False)

    @property
    def number_form(self) -> str:
        """The token as the number field holds it: "05" is "5"."""
        digits = self.folded
        return str(int(digits)) if digits.isdecimal() and len(digits) < 10 else digits

    @property
    def is_symbol(self) -> bool:
        return "-" in self.folded and any(ch.isdigit() for ch in self.folded)

    @property
    def exact_only(self) -> bool:
        """Looked up in the exact fields only (a precise word, not a symbol)."""
        return self.precise and not self.is_symbol and not self.folded.isdecimal()

    @property
    def key(self) -> str:
        """The token as the index field it is looked up in holds it."""
        return self.exact if self.exact_only else self.folded

    @property
    def has_marks(self) -> bool:
        """Typed with diacritics: an exact match is worth more than a folded one."""
        return self.exact != self.folded


@dataclass(frozen=True)
class Word:
    """Terms that form one word of the query (`search.words`): a page holds
    it when it holds every term, side by side. An `optional` word (a
    question or function word) ranks but is not required."""

    terms: tuple[Term, ...]
    optional: bool = False

    @property
    def pairs(self) -> list[str]:
        """Adjacent keys joined, as the pair fields hold them ("gop_y")."""
        keys = [term.key for term in self.terms]
        return [f"{a}{PAIR_JOINER}{b}" for a, b in zip(keys, keys[1:], strict=False)]

    @property
    def exact_only(self) -> bool:
        return any(term.exact_only for term in self.terms)

    @property
    def text(self) -> str:
        return " ".join(term.exact for term in self.terms)

    @property
    def shown(self) -> str:
        return " ".join(term.shown or term.exact for term in self.terms)


@dataclass(frozen=True)
class Variant:
    """The query or one synonym rewrite of it, as terms and as words."""

    terms: tuple[Term, ...]
    words: tuple[Word, ...]

    @property
    def required(self) -> tuple[Word, ...]:
        return tuple(word for word in self.words if not word.optional)

    @property
    def text(self) -> str:
        return " ".join(term.exact for term in self.terms)


@dataclass
class QueryPlan:
    """What an engine needs to know about a query, computed once.

    `variants` are the query and its synonym rewrites (`analysis.expand_query`);
    a page matches "all" when it holds every required word of at least one
    variant. `symbol` is the key of the document the whole query names
    ("29 CT TU" → "29-ct-tu"), which must come first. `precise`: the query
    was typed with diacritics, so each of its tokens is read as spelt (see
    `Term`); `relaxed` is the second, token-by-token reading.
    """

    text: str
    variants: list[Variant]
    symbol: str | None = None
    precise: bool = False
    token_by_token: bool = False
    table: tuple | None = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str, table=None, *, token_by_token: bool = False) -> QueryPlan:
        """`token_by_token`: only the tokens typed with marks are precise
        (the second reading of a query typed partly with marks, `relaxed`)."""
        text = text[:MAX_QUERY_CHARS]
        table = synonyms.table() if table is None else table
        typed = analysis.analyze(text, query=True)
        precise = any(
            exact != folded and "-" not in folded
            for exact, folded in zip(typed.exact, typed.folded, strict=True)
        )
        variants = []
        # The query as typed, token for token ("kí" not read as "ký"): the
        # first variant is the query itself.
        as_typed = analysis.analyze(text, query=True, unify=False).exact
        for variant in analysis.expand_query(text, table, limit=MAX_VARIANTS):
            tokens = analysis.analyze(variant, query=True)
            typed_as = as_typed if not variants else tokens.exact
            if len(typed_as) != len(tokens.exact):
                typed_as = tokens.exact
            triples = [
                (exact, folded, shown)
                for exact, folded, shown in zip(
                    tokens.exact, tokens.folded, typed_as, strict=True
                )
                if len(exact) <= MAX_TOKEN_CHARS
            ][:MAX_QUERY_TOKENS]
            if not triples:
                continue
            exact, folded = [t[0] for t in triples], [t[1] for t in triples]
            terms = tuple(
                Term(e, f, e != f if token_by_token else precise, shown=shown)
                for e, f, shown in triples
            )
            found = words.split_words(
                exact,
                folded,
                precise=precise,
                phrases=analysis.synonym_phrases(folded, table),
            )
            variants.append(
                Variant(
                    terms,
                    tuple(
                        Word(terms[w.start : w.end], optional=w.optional) for w in found
                    ),
                )
            )
        return cls(
            text=text,
            variants=variants,
            symbol=analysis.symbol_key(text),
            precise=precise,
            token_by_token=token_by_token,
            table=table,
        )

    @cached_property
    def relaxed(self) -> QueryPlan | None:
        """The query read token by token: a token typed without marks
        matches every accented form even though others have marks ("ho tro
        hộ nghèo" finds "hỗ trợ hộ nghèo"). Engines try it when no page
        holds every word of the strict reading; None when it is the same."""
        if self.token_by_token or not any(
            term.exact_only and not term.has_marks
            for variant in self.variants
            for term in variant.terms
        ):
            return None
        return QueryPlan.parse(self.text, self.table, token_by_token=True)

    def levels(self) -> list[tuple[QueryPlan, str]]:
        """The (plan, required words) an engine tries in turn, keeping the
        first that finds a page: every word (strictly, then token by token),
        most words, any word."""
        if not self:
            return [(self, "all")]
        levels = [(self, "all")]
        if self.relaxed is not None:
            levels.append((self.relaxed, "all"))
        return levels + [(self, "most"), (self, "any")]

    @property
    def empty(self) -> bool:
        return not self.variants

    @cached_property
    def signature(self) -> tuple:
        """Equal for two queries that find the same pages (a cache key)."""
        return tuple(
            tuple((word.optional, tuple(t.key for t in word.terms)) for word in v.words)
            for v in self.variants
        )

    @cached_property
    def highlight_words(self) -> list[Word]:
        """The words a snippet marks: every required word of every variant
        (a synonym is marked where it stands for the query's word)."""
        seen, out = set(), []
        for variant in self.variants:
            for word in variant.required:
                key = tuple(term.key for term in word.terms)
                if key not in seen:
                    seen.add(key)
                    out.append(word)
        return out

    @property
    def content_text(self) -> str:
        """The query's required words, as typed: for "Không có văn bản nào
        chứa đủ các từ …"."""
        if not self:
            return ""
        return ", ".join(f"“{word.shown}”" for word in self.variants[0].required)

    @property
    def folded_text(self) -> str:
        return " ".join(term.folded for term in self.variants[0].terms) if self else ""

    def __bool__(self) -> bool:
        return bool(self.variants)
