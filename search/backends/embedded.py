"""The embedded search index: Tantivy in a folder under DATA_DIR.

Nothing runs beside the site. Text arrives already analysed by
`search.analysis` (through `search.builder`) and is split on spaces only, so
the index holds exactly the tokens analysis.py made: an exact field keeps the
diacritics, a folded field does not.

Several gunicorn workers share the folder. Tantivy lets one writer hold the
lock at a time: updates take it, retry while another process has it, commit
and release it at once. Readers notice a commit by the mtime of meta.json
and reload, so every worker sees a change within `RELOAD_SECONDS`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from .. import analysis
from ..builder import SearchDocument
from ..query import PER_PAGE, Params, QueryPlan, Results, empty_facets
from ..snippets import highlight

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
TOKENIZER = "vi_pretokenized"
RELOAD_SECONDS = 0.5
LOCK_TIMEOUT = 30.0
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 200_000_000

# Relevance of each text field (folded). A token typed with diacritics also
# searches the exact field, `EXACT_FACTOR` times higher, so "hòa" ranks "hòa"
# above "hoa". The number field holds the parts of the số, ký hiệu.
FIELD_BOOSTS = {"number": 6.0, "title": 3.0, "about": 2.0, "summary": 1.5, "body": 1.0}
TEXT_FIELDS = ("title", "about", "summary", "body")
EXACT_FACTOR = 1.6
TIE_BREAKER = 0.3
# Adjacent query words found side by side: Vietnamese words are often two
# syllables ("dân cư", "trật tự"), so a pair in order is much stronger
# evidence than the syllables scattered.
PHRASE_BOOSTS = {"title": 4.0, "summary": 2.0, "body": 1.5}
# The document a symbol query names comes first whatever else matches.
SYMBOL_BOOST = 1000.0
FACET_FIELDS = ("kind", "doc_type", "issuer", "year", "status")
FACET_SIZE = 50


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in ("kind", "doc_type", "issuer", "status"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_integer_field("expires", indexed=True, fast=True)
    builder.add_float_field("weight", fast=True)
    builder.add_integer_field("order", fast=True)  # newest first without a query
    builder.add_text_field("number", tokenizer_name=TOKENIZER)
    for name in TEXT_FIELDS:
        builder.add_text_field(f"{name}_exact", tokenizer_name=TOKENIZER)
        builder.add_text_field(f"{name}_folded", tokenizer_name=TOKENIZER)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


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
        self._lock = threading.Lock()

    # -- opening and reloading ------------------------------------------------

    @property
    def _version_file(self) -> Path:
        return self.path / "portal-schema-version"

    def _open(self) -> tantivy.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        version = (
            self._version_file.read_text().strip()
            if self._version_file.exists()
            else None
        )
        if version not in (None, str(SCHEMA_VERSION)):
            # An index from an older schema is useless: start empty; the
            # operator runs rebuild_search_index (the deploy notes say so).
            logger.warning("search index schema changed; clearing %s", self.path)
            self._wipe()
        index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        index.register_tokenizer(
            TOKENIZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build(),
        )
        self._version_file.write_text(str(SCHEMA_VERSION))
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

    def searcher(self) -> tantivy.Searcher:
        """A searcher that reflects every commit, from any process."""
        index = self.index
        now = time.monotonic()
        if now - self._checked_at >= RELOAD_SECONDS / 5:
            self._checked_at = now
            mtime = self._meta_mtime()
            if mtime != self._seen_mtime:
                self._seen_mtime = mtime
                index.reload()
        return index.searcher()

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
        self._checked_at = 0.0
        self.index.reload()
        self._seen_mtime = self._meta_mtime()

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
        """Replace the whole index with `documents`; readers never see it empty."""
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
        for name, tokens in doc.analyzed().items():
            out.add_text(f"{name}_exact", tokens.exact_text)
            out.add_text(f"{name}_folded", tokens.folded_text)
        stored = {"hit": doc.display, "text": doc.snippet_text}
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

    def _token_query(self, term) -> Query:
        """One query word: its best field wins, the others add a little."""
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

    def _phrase_queries(self, terms) -> list[Query]:
        words = [term.folded for term in terms]
        queries = []
        for first, second in zip(words, words[1:], strict=False):
            for name, boost in PHRASE_BOOSTS.items():
                phrase = Query.phrase_query(
                    self.schema, f"{name}_folded", [first, second]
                )
                queries.append(Query.boost_query(phrase, boost))
        if len(words) > 2:
            whole = Query.phrase_query(self.schema, "title_folded", words)
            queries.append(Query.boost_query(whole, PHRASE_BOOSTS["title"] * 2))
        return queries

    def _match_query(self, plan: QueryPlan, require: str) -> Query:
        """Documents with every word of a variant ("all"), or most words."""
        variants = []
        for terms in plan.variants:
            words = [self._token_query(term) for term in terms]
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
        return Query.boolean_query([(Occur.Should, q) for q in variants])

    def _query(self, plan: QueryPlan, params: Params, require: str) -> Query:
        clauses = [(Occur.Must, q) for q in self._filters(params)]
        if not plan:
            clauses.append((Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses)
        clauses.append((Occur.Must, self._match_query(plan, require)))
        clauses += [(Occur.Should, q) for q in self._phrase_queries(plan.variants[0])]
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

    def _hit(self, searcher, address, plan: QueryPlan) -> dict:
        stored = json.loads(searcher.doc(address).get_first("stored"))
        hit = stored["hit"]
        hit["snippet"] = highlight(stored["text"], plan.highlight_terms)
        return hit

    def search(self, params: Params, plan: QueryPlan) -> Results:
        results = Results(params=params, facets=empty_facets())
        if plan.empty and params.q:
            return results  # only punctuation: nothing to look for
        searcher = self.searcher()
        query = None
        for require in ("all", "most", "any") if plan else ("all",):
            query = self._query(plan, params, require)
            # Top-1 without counting lets Tantivy prune: a cheap existence test.
            if (
                plan
                and require != "any"
                and not searcher.search(query, 1, count=False).hits
            ):
                continue
            break
        # The facets visit every match anyway; the total comes from them
        # (every document has a kind), so the top 10 need not count.
        results.facets = self._facets(searcher, query)
        results.count = sum(results.facets["kind"].values())
        if not results.count:
            return results
        if plan:
            found = searcher.search(
                query,
                PER_PAGE,
                count=False,
                offset=params.offset,
                weight_by_field="weight",
            )
        else:
            found = searcher.search(
                query,
                PER_PAGE,
                count=False,
                offset=params.offset,
                order_by_field="order",
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


__all__ = ["EmbeddedBackend", "IndexLocked", "PER_PAGE"]
