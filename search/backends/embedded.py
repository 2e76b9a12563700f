"""The embedded search index: Tantivy in a folder under DATA_DIR.

Nothing runs beside the site. Text arrives already analysed by
`search.analysis` (through `search.builder`) and is split on spaces only, so
the index holds exactly the tokens analysis.py made: an exact field keeps the
diacritics, a folded field does not.

A search stays fast at 100,000 documents because nothing in it visits every
match more than once, cheaply: the count and facets come from a match-only
query (one posting list per word, in the `all` field; no scoring), cached per
(query, filters) until the next commit; the ranking query scores words in
fields without positions and finds adjacent words as indexed pairs (a
phrase would check positions in every match); snippets are cut from at most
`SCAN_CHARS` stored characters, folded with a translation table. The layout
is `SCHEMA_VERSION`: a folder written with another one is refused until
`rebuild_search_index` replaces it.

Several gunicorn workers share the folder. Tantivy lets one writer hold the
lock at a time: updates take it, retry while another process has it, commit
and release it at once. Readers notice a commit by the mtime of meta.json
and reload, so every worker sees a change within `RELOAD_SECONDS`.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from .. import analysis
from ..builder import NEVER, SearchDocument
from ..query import PER_PAGE, Params, QueryPlan, Results, empty_facets
from ..snippets import SCAN_CHARS, highlight

logger = logging.getLogger(__name__)

# Version of the index layout (fields, tokens, stored data). An index folder
# written with another version is refused until `rebuild_search_index`
# replaces it; the number is kept in the folder's `schema_version` file.
SCHEMA_VERSION = 2
VERSION_FILE = "schema_version"
LEGACY_VERSION_FILE = "portal-schema-version"  # schema 1 kept it here
TOKENIZER = "vi_pretokenized"
RELOAD_SECONDS = 0.5
LOCK_TIMEOUT = 30.0
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 200_000_000

# Relevance of each field (the Elasticsearch backend uses these as they are).
# A token typed with diacritics also searches the exact field, `EXACT_FACTOR`
# times higher, so "hòa" ranks "hòa" above "hoa". The number field holds the
# parts of the số, ký hiệu.
FIELD_BOOSTS = {"number": 6.0, "title": 3.0, "about": 2.0, "summary": 1.5, "body": 1.0}
TEXT_FIELDS = ("title", "about", "summary", "body")
EXACT_FACTOR = 1.6
TIE_BREAKER = 0.3
# Adjacent query words found side by side: Vietnamese words are often two
# syllables ("dân cư", "trật tự"), so a pair in order is much stronger
# evidence than the syllables scattered.
PHRASE_BOOSTS = {"title": 4.0, "summary": 2.0, "body": 1.5}

# Adjacent words in summary or body: an indexed pair ("dan_cu") is a plain
# term, far cheaper than a phrase over positions (a phrase checks positions
# in every document that has both words); titles, short, keep positions.
PAIR_FIELDS = {"summary_pairs": "summary", "pairs": "body"}
PAIR_JOINER = "_"
# The document a symbol query names comes first whatever else matches.
SYMBOL_BOOST = 1000.0
FACET_FIELDS = ("kind", "doc_type", "issuer", "year", "status")
FACET_SIZE = 50
# Facets and counts of recent (query, filters), per index generation.
FACET_CACHE_SIZE = 256


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in ("kind", "doc_type", "issuer", "status"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_integer_field("expires", indexed=True, fast=True)
    builder.add_float_field("weight", fast=True)
    builder.add_integer_field("order", fast=True)  # newest first without a query
    freq = {"tokenizer_name": TOKENIZER, "index_option": "freq"}
    builder.add_text_field("number", **freq)
    # Phrases are only looked up in titles: the one field with positions.
    builder.add_text_field("title_folded", tokenizer_name=TOKENIZER)
    builder.add_text_field("title_exact", **freq)
    for name in TEXT_FIELDS[1:]:
        builder.add_text_field(f"{name}_folded", **freq)
        builder.add_text_field(f"{name}_exact", **freq)
    # Every folded token of the four texts: which documents have a word
    # (counts and facets) in one posting list rather than four.
    builder.add_text_field("all", tokenizer_name=TOKENIZER, index_option="basic")
    for name in PAIR_FIELDS:
        builder.add_text_field(name, **freq)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def pair_tokens(tokens: list[str]) -> list[str]:
    """Adjacent folded tokens joined: ["dan", "cu"] → ["dan_cu"]."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


class IndexSchemaMismatch(RuntimeError):
    """The index folder was written with another SCHEMA_VERSION."""


class IndexLocked(RuntimeError):
    """Another process held the writer lock for longer than LOCK_TIMEOUT."""


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._seen_mtime = 0.0
        self._checked_at = 0.0
        # Bumped at every reload: what a searcher sees changes only then.
        self._generation = 0
        self._lock = threading.Lock()
        self._facet_cache: OrderedDict = OrderedDict()
        self._next_expiry: tuple[int, int] | None = None  # (generation, time)

    # -- opening and reloading ------------------------------------------------

    @property
    def _version_file(self) -> Path:
        return self.path / VERSION_FILE

    def schema_version(self) -> int | None:
        """The version the folder was written with; None when it holds no index."""
        for name in (VERSION_FILE, LEGACY_VERSION_FILE):
            try:
                return int((self.path / name).read_text().strip())
            except FileNotFoundError:
                continue
            except ValueError:
                return 0
        # An index without any version file predates versioning.
        return 1 if (self.path / "meta.json").exists() else None

    def _check_version(self) -> None:
        version = self.schema_version()
        if version not in (None, SCHEMA_VERSION):
            raise IndexSchemaMismatch(
                f"the search index in {self.path} has schema version {version}, "
                f"this code needs {SCHEMA_VERSION}: run "
                "`python manage.py rebuild_search_index`"
            )

    def _open(self, reset: bool = False) -> tantivy.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        if reset and self.schema_version() not in (None, SCHEMA_VERSION):
            logger.warning("search index schema changed; rebuilding %s", self.path)
            self._wipe()
        self._check_version()
        index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        index.register_tokenizer(
            TOKENIZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build(),
        )
        # Only `searcher()` reloads, so `_generation` says what readers see.
        index.config_reader(reload_policy="Manual")
        if not self._version_file.exists():
            self._version_file.write_text(f"{SCHEMA_VERSION}\n")
            (self.path / LEGACY_VERSION_FILE).unlink(missing_ok=True)
        self._seen_mtime = self._meta_mtime()
        self._generation += 1
        return index

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()

    @property
    def index(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                self._index = self._open()
            return self._index

    def _meta_mtime(self) -> float:
        try:
            return (self.path / "meta.json").stat().st_mtime
        except FileNotFoundError:
            return 0.0

    def _snapshot(self) -> tuple[tantivy.Searcher, int]:
        """A searcher that reflects every commit, from any process, and its
        generation (which changes whenever what it sees may have changed)."""
        self.index  # noqa: B018 - opens the index (or refuses) on first use
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= RELOAD_SECONDS / 5:
                self._checked_at = now
                mtime = self._meta_mtime()
                if mtime != self._seen_mtime:
                    if self.schema_version() != SCHEMA_VERSION:
                        # Another process rebuilt the folder with another
                        # schema: open it afresh (or refuse, clearly).
                        self._index = self._open()
                    else:
                        self._seen_mtime = mtime
                        self._index.reload()
                        self._generation += 1
            return self._index.searcher(), self._generation

    def searcher(self) -> tantivy.Searcher:
        return self._snapshot()[0]

    # -- writing ---------------------------------------------------------------

    def _writer(self, heap: int = UPDATE_HEAP, threads: int = 1):
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.01
        while True:
            try:
                return self.index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise IndexLocked(str(exc)) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def _finish(self, writer) -> None:
        writer.commit()
        # Merges run in background threads; waiting for them here and then
        # collecting files is what keeps the folder from growing without end
        # (superseded segments are deleted, not left behind).
        writer.wait_merging_threads()
        self._after_commit()

    def _after_commit(self) -> None:
        index = self.index
        with self._lock:
            self._checked_at = 0.0
            index.reload()
            self._seen_mtime = self._meta_mtime()
            self._generation += 1

    def _delete_query(self, ids: Iterable[int]) -> Query:
        return Query.term_set_query(self.schema, "id", list(ids))

    def update(self, documents: list[SearchDocument], delete_ids: Iterable[int] = ()):
        """Replace `documents` (by id) and remove `delete_ids`, in one commit."""
        ids = {doc.id for doc in documents} | set(delete_ids)
        if not ids:
            return
        writer = self._writer()
        try:
            writer.delete_documents_by_query(self._delete_query(ids))
            for document in documents:
                writer.add_document(self._to_tantivy(document))
        except BaseException:
            writer.rollback()
            raise
        self._finish(writer)
        # Each small commit leaves a segment; merging folds them together and
        # drops deleted documents. Collect the files no segment uses now.
        self._collect_garbage()

    def _collect_garbage(self) -> None:
        try:
            writer = self._writer()
        except IndexLocked:
            return  # someone else is writing; they collect next time
        writer.garbage_collect_files()
        writer.wait_merging_threads()

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with `documents`; readers never see it empty.

        An index written with another schema version is replaced from scratch
        (it could not be read anyway).
        """
        if self.schema_version() not in (None, SCHEMA_VERSION):
            with self._lock:
                self._index = self._open(reset=True)
        writer = self._writer(heap=REBUILD_HEAP, threads=2)
        count = 0
        try:
            writer.delete_all_documents()
            for document in documents:
                writer.add_document(self._to_tantivy(document))
                count += 1
        except BaseException:
            writer.rollback()
            raise
        self._finish(writer)
        self._collect_garbage()
        return count

    def clear(self) -> None:
        self.rebuild([])

    def _to_tantivy(self, doc: SearchDocument) -> tantivy.Document:
        out = tantivy.Document()
        out.add_unsigned("id", doc.id)
        for name in ("kind", "doc_type", "issuer", "status"):
            value = getattr(doc, name)
            if value:
                out.add_text(name, value)
        out.add_unsigned("year", doc.year)
        out.add_integer("expires", doc.expires)
        out.add_float("weight", doc.weight)
        out.add_integer("order", doc.date)
        out.add_text("number", " ".join(doc.number_tokens))
        analyzed = doc.analyzed()
        for name, tokens in analyzed.items():
            out.add_text(f"{name}_exact", tokens.exact_text)
            out.add_text(f"{name}_folded", tokens.folded_text)
        out.add_text("all", " ".join(a.folded_text for a in analyzed.values()))
        for field, name in PAIR_FIELDS.items():
            out.add_text(field, " ".join(pair_tokens(analyzed[name].folded)))
        # Snippets are cut from the first SCAN_CHARS characters only.
        stored = {"hit": doc.display, "text": doc.snippet_text[:SCAN_CHARS]}
        out.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode())
        return out

    # -- reading ----------------------------------------------------------------

    def stats(self) -> dict:
        searcher = self.searcher()
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {
            "backend": self.name,
            "path": str(self.path),
            "documents": searcher.num_docs,
            "segments": searcher.num_segments,
            "bytes": size,
        }

    def _term(self, field: str, value) -> Query:
        return Query.term_query(self.schema, field, value)

    def _filters(self, params: Params) -> list[Query]:
        now = int(time.time())
        filters = [
            # A page past its expiry time is hidden even before Wagtail's
            # publish_scheduled command unpublishes it.
            Query.range_query(
                self.schema, "expires", tantivy.FieldType.Integer, lower_bound=now + 1
            )
        ]
        if params.directive_filters:
            filters.append(self._term("kind", "directive"))
        if params.kind:
            filters.append(self._term("kind", params.kind))
        for name in ("doc_type", "issuer", "status"):
            if getattr(params, name):
                filters.append(self._term(name, getattr(params, name)))
        if params.year:
            filters.append(self._term("year", params.year))
        return filters

    def _word_query(self, term) -> Query:
        """One query word for ranking: its best field wins, the others add a
        little. Typed with diacritics, an exact match weighs EXACT_FACTOR more.
        (Scoring every match this way is affordable; checking phrase positions
        in every match was not, hence the indexed pairs.)"""
        clauses = [
            Query.boost_query(self._term(f"{name}_folded", term.folded), boost)
            for name, boost in FIELD_BOOSTS.items()
            if name != "number"
        ]
        clauses.append(
            Query.boost_query(
                self._term("number", term.number_form), FIELD_BOOSTS["number"]
            )
        )
        if term.has_marks:
            clauses += [
                Query.boost_query(
                    self._term(f"{name}_exact", term.exact), boost * EXACT_FACTOR
                )
                for name, boost in FIELD_BOOSTS.items()
                if name != "number"
            ]
        return Query.disjunction_max_query(clauses, tie_breaker=TIE_BREAKER)

    def _word_filter(self, term) -> Query:
        """The documents that have one query word: the same set as
        `_word_query` (every text token is in `all`), without its cost."""
        return Query.boolean_query(
            [
                (Occur.Should, self._term("all", term.folded)),
                (Occur.Should, self._term("number", term.number_form)),
            ]
        )

    def _phrase_queries(self, terms) -> list[Query]:
        words = [term.folded for term in terms]
        queries = []
        for first, second in zip(words, words[1:], strict=False):
            phrase = Query.phrase_query(self.schema, "title_folded", [first, second])
            queries.append(Query.boost_query(phrase, PHRASE_BOOSTS["title"]))
            for field, name in PAIR_FIELDS.items():
                pair = self._term(field, f"{first}{PAIR_JOINER}{second}")
                queries.append(Query.boost_query(pair, PHRASE_BOOSTS[name]))
        if len(words) > 2:
            whole = Query.phrase_query(self.schema, "title_folded", words)
            queries.append(Query.boost_query(whole, PHRASE_BOOSTS["title"] * 2))
        return queries

    def _match_query(self, plan: QueryPlan, require: str, rank: bool) -> Query:
        """Documents with every word of a variant ("all"), or most words."""
        word = self._word_query if rank else self._word_filter
        variants = []
        for terms in plan.variants:
            words = [word(term) for term in terms]
            if require == "all":
                variants.append(Query.boolean_query([(Occur.Must, q) for q in words]))
            else:
                need = max(1, len(words) - len(words) // 3) if require == "most" else 1
                variants.append(
                    Query.boolean_query(
                        [(Occur.Should, q) for q in words],
                        minimum_number_should_match=need,
                    )
                )
        if len(variants) == 1:
            return variants[0]
        return Query.boolean_query([(Occur.Should, q) for q in variants])

    def _query(
        self, plan: QueryPlan, params: Params, require: str, rank: bool = True
    ) -> Query:
        """The query of a search; `rank=False` gives the same documents
        without the scoring (for counts and facets)."""
        clauses = [(Occur.Must, q) for q in self._filters(params)]
        if not plan:
            clauses.append((Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses)
        clauses.append((Occur.Must, self._match_query(plan, require, rank)))
        if rank:
            clauses += [
                (Occur.Should, q) for q in self._phrase_queries(plan.variants[0])
            ]
            if plan.symbol:
                jump = Query.const_score_query(self._term("number", plan.symbol), 1.0)
                clauses.append((Occur.Should, Query.boost_query(jump, SYMBOL_BOOST)))
        return Query.boolean_query(clauses)

    def _facets(self, searcher, query: Query) -> dict:
        aggregations = {
            name: {"terms": {"field": name, "size": FACET_SIZE}}
            for name in FACET_FIELDS
        }
        raw = searcher.aggregate(query, aggregations)
        facets = empty_facets()
        for name in FACET_FIELDS:
            for bucket in raw.get(name, {}).get("buckets", []):
                key = bucket["key"]
                if name == "year":
                    if not key:
                        continue  # notices and articles have no year of signing
                    key = str(int(key))
                facets[name][key] = bucket["doc_count"]
        if facets["year"]:
            facets["year"] = dict(
                sorted(facets["year"].items(), key=lambda kv: kv[0], reverse=True)
            )
        return facets

    # -- facets and counts, cached ------------------------------------------

    def clear_cache(self) -> None:
        with self._lock:
            self._facet_cache.clear()
            self._next_expiry = None

    def _expiry_after(self, searcher, generation: int, now: int) -> int:
        """The first moment a page now visible expires (the expiry filter
        changes its answer only then): cached facets are valid until it."""
        cached = self._next_expiry
        if cached and cached[0] == generation and now < cached[1]:
            return cached[1]
        visible = Query.range_query(
            self.schema, "expires", tantivy.FieldType.Integer, lower_bound=now + 1
        )
        found = searcher.search(
            visible, 1, count=False, order_by_field="expires", order=tantivy.Order.Asc
        )
        addresses = [address for _, address in found.hits]
        moment = (
            int(searcher.fast_field_values("expires", addresses)[0])
            if addresses
            else NEVER
        )
        self._next_expiry = (generation, moment)
        return moment

    def _counted_facets(
        self, searcher, generation: int, plan: QueryPlan, params: Params
    ) -> tuple[str, dict]:
        """The loosest match level that finds something ("all" words, else
        "most", else "any") with its exact facet counts.

        Facets count every match, so they are computed once per (query,
        filters) and index generation, and reused for the next pages and
        repeated searches until a commit or the next page expiry.
        """
        key = (
            generation,
            tuple(tuple((t.folded, t.number_form) for t in v) for v in plan.variants),
            (params.kind, params.doc_type, params.issuer, params.year, params.status),
        )
        now = int(time.time())
        with self._lock:
            entry = self._facet_cache.get(key)
            if entry and now < entry[0]:
                self._facet_cache.move_to_end(key)
                return entry[1], entry[2]
        levels = ("all", "most", "any") if plan else ("all",)
        for require in levels:
            # A match-only query (no scoring): the documents and their count.
            facets = self._facets(searcher, self._query(plan, params, require, False))
            if any(facets["kind"].values()):
                break
        valid_until = self._expiry_after(searcher, generation, now)
        with self._lock:
            self._facet_cache[key] = (valid_until, require, facets)
            while len(self._facet_cache) > FACET_CACHE_SIZE:
                self._facet_cache.popitem(last=False)
        return require, facets

    def _hit(self, searcher, address, plan: QueryPlan) -> dict:
        stored = json.loads(searcher.doc(address).get_first("stored"))
        hit = stored["hit"]
        hit["snippet"] = highlight(stored["text"], plan.highlight_terms)
        return hit

    def search(self, params: Params, plan: QueryPlan) -> Results:
        results = Results(params=params, facets=empty_facets())
        if plan.empty and params.q:
            return results  # only punctuation: nothing to look for
        searcher, generation = self._snapshot()
        require, facets = self._counted_facets(searcher, generation, plan, params)
        results.facets = copy.deepcopy(facets)
        # Every document has a kind: the total comes from the facets, so the
        # top 10 need not count.
        results.count = sum(facets["kind"].values())
        if not results.count or params.offset >= results.count:
            return results
        query = self._query(plan, params, require)
        # A query ranks by relevance (weighted); browsing without one, by date.
        ordering = (
            {"weight_by_field": "weight"} if plan else {"order_by_field": "order"}
        )
        found = searcher.search(
            query, PER_PAGE, count=False, offset=params.offset, **ordering
        )
        results.hits = [self._hit(searcher, address, plan) for _, address in found.hits]
        return results

    def suggest(self, text: str, limit: int = 8) -> list[dict]:
        """Titles that complete `text`: every word typed, the last one as a prefix."""
        tokens = analysis.analyze(text, query=True).folded
        if not tokens or len(tokens) > 12:
            return []
        *complete, prefix = tokens
        searcher = self.searcher()
        clauses = [(Occur.Must, q) for q in self._filters(Params())]
        for word in complete:
            clauses.append((Occur.Must, self._prefix_field_query(word)))
        completions = [
            term
            for field in ("title_folded", "number")
            for term, _ in searcher.terms_with_prefix(field, prefix, limit=20)
        ]
        if not completions:
            return []
        last = [
            Query.term_set_query(self.schema, field, completions)
            for field in ("title_folded", "number")
        ]
        clauses.append(
            (Occur.Must, Query.boolean_query([(Occur.Should, q) for q in last]))
        )
        found = searcher.search(
            Query.boolean_query(clauses), limit, weight_by_field="weight"
        )
        suggestions = []
        for _, address in found.hits:
            hit = json.loads(searcher.doc(address).get_first("stored"))["hit"]
            suggestion = {"title": hit["title"], "url": hit["url"], "kind": hit["kind"]}
            if hit.get("number"):
                suggestion["number"] = hit["number"]
            suggestions.append(suggestion)
        return suggestions

    def _prefix_field_query(self, word: str) -> Query:
        return Query.boolean_query(
            [
                (Occur.Should, self._term("title_folded", word)),
                (Occur.Should, self._term("number", word)),
            ]
        )

    def doc_ids(self) -> list[int]:
        """Every indexed page id (for tests and search_health)."""
        searcher = self.searcher()
        found = searcher.search(Query.all_query(), max(1, searcher.num_docs))
        return sorted(
            searcher.fast_field_values("id", [address for _, address in found.hits])
        )


__all__ = ["EmbeddedBackend", "IndexLocked", "IndexSchemaMismatch", "PER_PAGE"]
