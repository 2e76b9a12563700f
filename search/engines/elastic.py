"""The Elasticsearch engine, used when ELASTICSEARCH_URL is set.

Same documents (`search.builder` through `search.documents`), same query plan
and the same ranking rules as the embedded index: per-word best field with
the same boosts, every required word of a variant (then most, then any;
question words only rank), a word of several syllables as a phrase, a word
typed with marks as its own syllable, adjacent words as phrases, the named
symbol first, in-force directives weighted up, expired pages filtered out.

The site reads and writes an alias; `rebuild` fills a new versioned index and
swaps the alias in one request, so searches never see a half-built index.
A rebuild that fails (a document refused, an error while reading the pages)
deletes its new index and leaves the alias where it was. A document the
cluster refuses is never dropped silently: the write raises `BulkRefused`
naming each page and the cluster's reason.
An unreachable cluster or a missing index raises `SearchUnavailable`, as a
missing embedded index does.

Request bodies use the long forms of Elastic's published API specification
(a term as `{"value": …}`, a sort as `{"order": …}`, `aggregations`, ids as
strings), which `tests/search/test_elastic_spec.py` checks them against; the
short forms work on a cluster too but are missing from that specification.

Only a process with ELASTICSEARCH_URL imports this module (`search.engines`
loads it by its dotted path): it brings the Elasticsearch client and
elasticsearch-dsl with it.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterable

from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import scan, streaming_bulk

from .. import analysis, synonyms
from ..builder import SearchDocument
from ..documents import EXACT_ANALYZER_NAME, LAYOUT_VERSION, document_class
from ..plan import PER_PAGE, Params, QueryPlan, Word
from ..results import Results, empty_facets
from .base import (
    EXACT_FACTOR,
    FACET_FIELDS,
    FIELD_BOOSTS,
    LOCK_TIMEOUT,
    PHRASE_BOOSTS,
    SYMBOL_BOOST,
    TIE_BREAKER,
    SchemaMismatch,
    SearchEngine,
    SearchUnavailable,
    facet_aggregations,
    filter_terms,
    match_of,
    result_hit,
    suggestion,
    words_needed,
)

ALIAS = "ward-portal-pages"
BULK_CHUNK = 500
# After the swap, searches that resolved the alias just before it may still
# be running on the old index: it is deleted this many seconds later.
SWAP_GRACE = 1.0
# How many refused documents a `BulkRefused` message names (all are kept).
REFUSED_SHOWN = 5


class BulkRefused(RuntimeError):
    """The cluster refused documents of a bulk write. `refused` holds every
    one as (page id, HTTP status, the cluster's reason); the message names
    the first few, so a log line says which pages and why."""

    def __init__(self, refused: list[tuple[str, int, str]], written: int):
        self.refused = refused
        self.written = written
        shown = "; ".join(
            f"page {pk}: {status} {reason}"
            for pk, status, reason in refused[:REFUSED_SHOWN]
        )
        more = len(refused) - REFUSED_SHOWN
        super().__init__(
            f"Elasticsearch refused {len(refused)} document(s) "
            f"({written} written): {shown}" + (f"; and {more} more" if more > 0 else "")
        )


def _reason(error) -> str:
    """The cluster's reason for one refused item, in one line."""
    if isinstance(error, dict):
        reason = f"{error.get('type', '')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        return f"{reason} ({_reason(cause)})" if cause else reason
    return str(error)


def write_all(client, actions, ignore: tuple[int, ...] = (), **options) -> int:
    """Send `actions` in chunks of BULK_CHUNK; the number written.

    Every chunk is sent even when an earlier one had refused items (the
    helper's `raise_on_error` would stop at the first such chunk and keep the
    reasons out of the message); then any refused item whose status is not
    in `ignore` raises `BulkRefused` with all of them."""
    written, refused = 0, []
    for ok, item in streaming_bulk(
        client,
        actions,
        chunk_size=BULK_CHUNK,
        raise_on_error=False,
        # A busy cluster answers 429 for some items: those are sent again
        # (with backoff) before they count as refused.
        max_retries=3,
        **options,
    ):
        (result,) = item.values()
        if ok:
            written += 1
        elif result.get("status") not in ignore:
            refused.append(
                (
                    str(result.get("_id")),
                    result.get("status"),
                    _reason(result.get("error")),
                )
            )
    if refused:
        raise BulkRefused(refused, written)
    return written


def _fields(exact: bool) -> list[str]:
    """Boosted field list; an exact (diacritics) word counts EXACT_FACTOR more."""
    factor = EXACT_FACTOR if exact else 1.0
    return [f"{name}^{boost * factor:g}" for name, boost in FIELD_BOOSTS.items()]


def word_query(term) -> dict:
    """One query token across the fields: best field wins, others add a little.

    The search analyzer adds the folded form beside the token, so a token
    typed with diacritics matches both tokens of an exact document (and
    scores higher) and only the folded one elsewhere. A precise token
    (`Term.exact_only`: "sổ" in a query typed with marks) is analysed
    without folding, so it finds its own syllable only, never "số".
    """
    query = {
        # A number as the number field holds it ("05" is "5").
        "query": term.number_form if term.folded.isdecimal() else term.exact,
        "type": "best_fields",
        "fields": _fields(term.has_marks),
        "tie_breaker": TIE_BREAKER,
    }
    if term.exact_only:
        query["analyzer"] = EXACT_ANALYZER_NAME
    return {"multi_match": query}


def word_clause(word: Word) -> dict:
    """One query word: a word of several syllables ("góp ý", "tạm trú")
    only where its syllables stand side by side, as a phrase."""
    if len(word.terms) == 1:
        return word_query(word.terms[0])
    query = {
        "query": word.text,
        "type": "phrase",
        "fields": _fields(any(term.has_marks for term in word.terms)),
    }
    if word.exact_only:
        query["analyzer"] = EXACT_ANALYZER_NAME
    return {"multi_match": query}


def match_query(plan: QueryPlan, require: str) -> dict:
    """Pages with every required word of a variant ("all"), most of them or
    any; optional (question) words only rank."""
    variants = []
    for variant in plan.variants:
        words = [word_clause(word) for word in variant.required]
        optional = [
            word_clause(word)
            for word in variant.words
            if word.optional and len(word.terms) > 1  # as the embedded index
        ]
        if require == "all":
            clause = {"bool": {"must": words}}
        else:
            need = words_needed(len(words), require)
            clause = {"bool": {"should": words, "minimum_should_match": need}}
            if optional:
                clause = {"bool": {"must": [clause]}}
        if optional:
            clause["bool"]["should"] = optional
        variants.append(clause)
    return {"bool": {"should": variants, "minimum_should_match": 1}}


def filter_clauses(params: Params, now: int | None = None) -> list[dict]:
    """What every result must be (`base.filter_terms`), visible at `now`."""
    now = int(time.time()) if now is None else now
    visible = {"range": {"expires": {"gt": now}}}
    return [visible] + [{"term": {f: {"value": v}}} for f, v in filter_terms(params)]


def build_query(plan: QueryPlan, params: Params, require: str, now=None) -> dict:
    """The Elasticsearch query for a plan, with the embedded ranking rules."""
    boolean: dict = {"filter": filter_clauses(params, now)}
    if not plan:
        boolean["must"] = [{"match_all": {}}]
        return {"bool": boolean}
    boolean["must"] = [match_query(plan, require)]
    text = plan.variants[0].text
    should = [
        {"match_phrase": {name: {"query": text, "slop": 0, "boost": boost}}}
        for name, boost in PHRASE_BOOSTS.items()
    ]
    if plan.symbol:
        should.append(
            {
                "constant_score": {
                    "filter": {"term": {"number": {"value": plan.symbol}}},
                    "boost": SYMBOL_BOOST,
                }
            }
        )
    boolean["should"] = should
    return {
        "function_score": {
            "query": {"bool": boolean},
            # Same curve as Tantivy's weight_by_field: log(2 + weight).
            "functions": [
                {
                    "field_value_factor": {
                        "field": "weight",
                        "modifier": "log2p",
                        "missing": 0,
                    }
                }
            ],
            "boost_mode": "multiply",
        }
    }


def answers_unavailable(method):
    """The cluster unreachable or the index missing: `SearchUnavailable`,
    what every engine raises when it cannot answer (a 503, not a 500)."""

    @functools.wraps(method)
    def wrapped(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except NotFoundError as exc:
            raise SearchUnavailable(f"no Elasticsearch index: {exc}") from exc
        except TransportConnectionError as exc:
            raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc

    return wrapped


class ElasticEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, alias: str = ALIAS):
        self.client = Elasticsearch(url, request_timeout=10, retry_on_timeout=True)
        self.alias = alias
        self.swap_grace = SWAP_GRACE
        # Whether the index behind the alias was found to have this layout
        # (looked up once per process; a rebuild by this code keeps it true).
        self._layout_checked = False

    def check_layout(self) -> None:
        """Refuse an index written with another layout (`LAYOUT_VERSION` in
        its mapping's `_meta`): without `site`, a ward's search would find
        nothing and look like an answer. One request per process until the
        layout is right, then none."""
        mappings = self.client.indices.get_mapping(index=self.alias)
        for index, body in mappings.items():
            version = body["mappings"].get("_meta", {}).get("layout_version")
            if version != LAYOUT_VERSION:
                raise SchemaMismatch(
                    f"the Elasticsearch index {index} has layout version {version}, "
                    f"this code needs {LAYOUT_VERSION}: run "
                    "`python manage.py rebuild_search_index`"
                )
        self._layout_checked = True

    def _ensure_layout(self) -> None:
        if not self._layout_checked:
            self.check_layout()

    def document_class(self, index_name: str | None = None):
        return document_class(synonyms.table(), index_name or self.alias)

    # -- writing -------------------------------------------------------------

    def _actions(self, documents: Iterable[SearchDocument], index: str):
        cls = self.document_class(index)
        for doc in documents:
            action = cls.from_search_document(doc).to_dict(include_meta=True)
            action["_id"] = str(action["_id"])  # an id is a string to the API
            yield action

    def ensure_index(self) -> None:
        """An update never creates the index (it would hold only the pages
        of that update): without the alias, the outbox keeps the update and
        search answers 503 until `rebuild_search_index`."""
        if not self.client.indices.exists_alias(name=self.alias):
            raise SearchUnavailable(
                f"there is no Elasticsearch index behind {self.alias!r}: run "
                "`python manage.py rebuild_search_index`"
            )

    def _write(self, documents: list[SearchDocument], delete_ids: Iterable[int]):
        """Write `documents` and delete `delete_ids`; raises on any failure
        but deleting what is already gone (the outbox then keeps the rows).

        Documents carry their stamp (live revision) as an external version,
        so of two writers the older version of a page cannot overwrite the
        newer one."""
        self.ensure_index()
        self._ensure_layout()
        actions = []
        for action in self._actions(documents, self.alias):
            action["version"] = action["_source"].get("stamp") or 0
            action["version_type"] = "external_gte"
            actions.append(action)
        actions += [
            {"_op_type": "delete", "_index": self.alias, "_id": str(pk)}
            for pk in delete_ids
        ]
        write_all(
            self.client,
            actions,
            ignore=(404, 409),  # gone already; a newer version is there
            refresh="wait_for",
        )

    @answers_unavailable
    def apply(self, build, lock_timeout: float = LOCK_TIMEOUT):
        """`build()` then write: there is no lock to take (`lock_timeout` is
        unused); external versions order concurrent writers."""
        result = build()
        if result is not None:
            self._write(result[0], delete_ids=result[1])
        return result

    @answers_unavailable
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Fill a new versioned index, then point the alias at it atomically
        and delete the old one (SWAP_GRACE later). On any failure the new
        index is deleted and the alias is untouched."""
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**6}"
        self.document_class(name).init(using=self.client)
        try:
            count = write_all(self.client, self._actions(documents, name))
            self.client.indices.refresh(index=name)
        except BaseException:
            # The original error is the one to see, not a failed clean-up.
            with contextlib.suppress(Exception):
                self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = (
            list(self.client.indices.get_alias(name=self.alias))
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        actions = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        self.client.indices.update_aliases(actions=actions)
        if old:
            time.sleep(self.swap_grace)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        self._layout_checked = True
        return count

    # -- reading -------------------------------------------------------------

    @answers_unavailable
    def stats(self) -> dict:
        health = self.client.cluster.health()
        indices = list(self.client.indices.get_alias(name=self.alias))
        return {
            "backend": self.name,
            "cluster": health["status"],
            "alias": self.alias,
            "indices": indices,
            "documents": self.client.count(index=self.alias)["count"],
        }

    def _count(self, query: dict) -> int:
        return self.client.count(index=self.alias, query=query)["count"]

    @answers_unavailable
    def search(self, params: Params, plan: QueryPlan) -> Results:
        results = Results(params=params, facets=empty_facets())
        if plan.empty and params.q:
            return results
        self._ensure_layout()
        levels = plan.levels()
        for number, (used, require) in enumerate(levels):
            query = build_query(used, params, require)
            if number == len(levels) - 1 or self._count(query):
                break
        plan = used
        body = {
            "query": query,
            "from": params.offset,
            "size": PER_PAGE,
            "aggregations": facet_aggregations(),
            "track_total_hits": True,
        }
        if not plan:
            body["sort"] = [{"date": {"order": "desc"}}]
        response = self.client.search(index=self.alias, **body)
        shards = response.get("_shards", {})
        if shards.get("total") and not shards.get("successful"):
            # Every shard failed (an index deleted under the search): no
            # answer, which must not read as "nothing found".
            raise SearchUnavailable(f"no shard answered: {shards.get('failures')}")
        results.count = response["hits"]["total"]["value"]
        if results.count:
            results.match = match_of(require)
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            results.hits.append(
                result_hit(
                    source["hit"],
                    source["snippet_text"],
                    plan,
                    source.get("snippet_original") or (),
                    source.get("snippet_heading") or "",
                )
            )
        for name in FACET_FIELDS:
            for bucket in response["aggregations"][name]["buckets"]:
                results.facets[name][str(bucket["key"])] = bucket["doc_count"]
        return results

    @answers_unavailable
    def suggest(self, text: str, limit: int = 8, site: int | None = None) -> list[dict]:
        # Words spelt as the index holds them ("kí" as "ký"), except the last,
        # which may be the start of a longer one ("ti" of "tiếp").
        *complete, last = analysis.normalize(text).split(" ")
        typed = " ".join([*(analysis.unify_i_y(word) for word in complete), last])
        self._ensure_layout()
        query = {
            "bool": {
                "filter": filter_clauses(Params(site=site)),
                "must": [{"match_phrase_prefix": {"title": {"query": typed}}}],
            }
        }
        response = self.client.search(index=self.alias, query=query, size=limit)
        return [suggestion(hit["_source"]["hit"]) for hit in response["hits"]["hits"]]

    def _by_id(self, field: str) -> dict[int, int]:
        """{page id: `field`} of every document (scrolled, any number)."""
        self._ensure_layout()
        hits = scan(
            self.client,
            index=self.alias,
            query={"query": {"match_all": {}}},
            _source={"includes": [field]},
        )
        return {int(hit["_id"]): int(hit["_source"].get(field) or 0) for hit in hits}

    @answers_unavailable
    def doc_stamps(self) -> dict[int, int]:
        return self._by_id("stamp")

    @answers_unavailable
    def doc_sites(self) -> dict[int, int]:
        return self._by_id("site")


__all__ = ["ALIAS", "BulkRefused", "ElasticEngine", "build_query", "write_all"]
