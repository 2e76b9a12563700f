"""What every search engine promises, and the rules they share.

`SearchEngine` is the interface `search.query`, `search.indexing`,
`search.health`, the dashboard and the commands call; `search.engines`
chooses the engine of the process. An engine takes `SearchDocument`s from
`search.builder` and answers a `QueryPlan` with `Results`. What must be the
same whatever the engine is written here once: the field boosts, the filters,
how many words "most words" means, the facets, the shape of a hit and of a
suggestion, and the one error family a caller catches (`SearchUnavailable`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from ..builder import SearchDocument
from ..plan import Params, QueryPlan
from ..results import MATCH_ALL, MATCH_PARTIAL, Results
from ..snippets import snippet

# Relevance of each field. A token typed with diacritics also searches the
# exact form, `EXACT_FACTOR` times higher, so "hòa" ranks "hòa" above "hoa".
# The number field holds the parts of the số, ký hiệu. The text read from a
# page's original (OCR of a scan, often with misread words, and repeating
# what the body says when the body was typed) weighs least: it finds a page
# the body does not, but never outranks a page that holds the words itself.
FIELD_BOOSTS = {
    "number": 6.0,
    "title": 3.0,
    "about": 2.0,
    "summary": 1.5,
    "body": 1.0,
    "original": 0.5,
}
EXACT_FACTOR = 1.6
TIE_BREAKER = 0.3
# Adjacent query words found side by side: Vietnamese words are often two
# syllables ("dân cư", "trật tự"), so a pair in order is much stronger
# evidence than the syllables scattered.
PHRASE_BOOSTS = {
    "title": 4.0,
    "about": 2.0,
    "summary": 2.0,
    "body": 1.5,
    "original": 0.75,
}
# The document a symbol query names comes first whatever else matches.
SYMBOL_BOOST = 1000.0
FACET_FIELDS = ("kind", "doc_type", "issuer", "year", "status")
FACET_SIZE = 50
SUGGESTION_FIELDS = ("title", "url", "kind")
# How long a write waits for another process's writer, unless told.
LOCK_TIMEOUT = 30.0


class SearchUnavailable(RuntimeError):
    """The index is missing, unreadable or unreachable; a rebuild (or the
    engine coming back) is what answers it, not a code fix. Views answer 503,
    indexing leaves its work in the outbox (`search.models.PendingUpdate`)."""


class SchemaMismatch(SearchUnavailable):
    """The index was written with another layout (the embedded index's
    SCHEMA_VERSION, Elasticsearch's LAYOUT_VERSION in the mapping's `_meta`):
    `rebuild_search_index` replaces it."""


class IndexLocked(RuntimeError):
    """Another process held the writer lock for longer than we would wait
    (not an outage: the update stays in the outbox for the next drain)."""


def words_needed(required: int, require: str) -> int:
    """How many of `required` query words a page must hold at a match level:
    "all" of them, "most" (all but a third), or "any" (one)."""
    if require == "all":
        return required
    if require == "most":
        return max(1, required - required // 3)
    return 1


def scope_terms(site: int | None) -> list[tuple[str, int]]:
    """Which pages a search or suggestion looks at: one ward's (its own pages
    and its alias copies of shared directives), or, with `site` None, every
    ward's and the library's, each page once (no alias copies)."""
    if site is None:
        return [("alias", 0)]
    return [("site", site)]


def filter_terms(params: Params) -> list[tuple[str, str | int]]:
    """The (field, value) every result must have for the scope
    (`scope_terms`) and the filters of `params`; with any directive filter,
    only directives. Besides these, every search and suggestion keeps only
    pages whose `expires` is after now: a page past its expiry time is
    hidden even before Wagtail's publish_scheduled command unpublishes it."""
    terms: list[tuple[str, str | int]] = scope_terms(params.site)
    if params.directive_filters:
        terms.append(("kind", "directive"))
    if params.kind:
        terms.append(("kind", params.kind))
    for name in ("doc_type", "issuer", "status"):
        if getattr(params, name):
            terms.append((name, getattr(params, name)))
    if params.year:
        terms.append(("year", params.year))
    return terms


def facet_aggregations() -> dict:
    """The facet counts every engine asks for, in Elasticsearch's terms
    aggregation syntax (Tantivy's `aggregate` reads the same)."""
    return {
        name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS
    }


def match_of(require: str) -> str:
    """What `Results.match` says of a level that found pages."""
    return MATCH_ALL if require == "all" else MATCH_PARTIAL


def result_hit(
    hit: dict, text: str, plan: QueryPlan, original=(), heading: str = ""
) -> dict:
    """One result as the page and the API show it: the stored hit and a
    snippet of `text` with the query's words marked, or of the page of the
    original (`original`, as `snippets.original_to_scan` stores it) that
    alone holds them, with its "original_page" (`snippets.snippet`)."""
    shown = dict(hit)
    shown.update(snippet(text, plan.highlight_words, original, heading))
    return shown


def suggestion(hit: dict) -> dict:
    """One autocomplete entry: title, address, kind, and the number if any."""
    entry = {name: hit[name] for name in SUGGESTION_FIELDS}
    if hit.get("number"):
        entry["number"] = hit["number"]
    return entry


class SearchEngine(ABC):
    """One search engine: the index of the live, public pages.

    Every method may raise `SearchUnavailable` (no index, a damaged one, an
    unreachable cluster); writing may also raise `IndexLocked`.
    """

    name: str

    @abstractmethod
    def search(self, params: Params, plan: QueryPlan) -> Results:
        """The page of results `params` asks for: the strictest match level
        (`plan.levels()`) that finds something, its count and facets."""

    @abstractmethod
    def suggest(self, text: str, limit: int = 8, site: int | None = None) -> list[dict]:
        """Titles that complete `text` (see `suggestion`), among the pages
        of `site` (`scope_terms`)."""

    @abstractmethod
    def doc_sites(self) -> dict[int, int]:
        """{page id: site} of every indexed document (`search_health`
        finds a page indexed under a ward it left)."""

    @abstractmethod
    def apply(
        self, build: Callable[[], tuple | None], lock_timeout: float = LOCK_TIMEOUT
    ) -> tuple | None:
        """Call `build()` while no other writer can write, then write what it
        returns (None: nothing, or a tuple starting with the documents to
        write and the page ids to delete) in one commit; return it. Reading the
        database inside `build` keeps two processes from writing an older
        version of a page over a newer one."""

    def update(
        self,
        documents: list[SearchDocument],
        delete_ids: Iterable[int] = (),
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        """Replace `documents` (by id) and remove `delete_ids`, in one commit."""
        self.apply(lambda: (documents, set(delete_ids)), lock_timeout=lock_timeout)

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Index `documents` afresh and switch to them at once (readers never
        see a half-built index); returns how many were indexed."""

    def clear(self) -> None:
        self.rebuild([])

    @abstractmethod
    def stats(self) -> dict:
        """What `search_health` prints: the engine, where, how many documents."""

    @abstractmethod
    def doc_stamps(self) -> dict[int, int]:
        """{page id: stamp} of every indexed document (the live revision it
        was built from: `search_health` compares them with the database)."""

    def doc_ids(self) -> list[int]:
        """Every indexed page id (for tests and search_health)."""
        return sorted(self.doc_stamps())
