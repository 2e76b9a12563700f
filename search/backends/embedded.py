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

The folder holds generations (`gen-…/`, each a whole Tantivy index) and a
pointer file, `CURRENT`, naming the one in use. A rebuild writes a new
generation beside the old and then replaces the pointer in one rename, so it
recovers from any state of the old one (corrupt, deleted, another schema,
locked by a stuck writer) and readers never see an empty index. No pointer,
or a generation whose files are gone or damaged, raises `IndexUnavailable`:
search answers 503 and updates wait in the outbox; an update never creates
an index (only a rebuild knows every page).

Several gunicorn workers share the folder. Tantivy lets one writer hold the
lock at a time: updates take it, retry for as long as their caller allows,
commit and release it at once. Readers notice a commit by the mtime of
meta.json and a rebuild by the pointer, so every worker sees a change within
`RELOAD_SECONDS`.
"""

from __future__ import annotations

import copy
import fcntl
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
from ..query import (
    MATCH_ALL,
    MATCH_PARTIAL,
    PAIR_JOINER,
    PER_PAGE,
    Params,
    QueryPlan,
    Results,
    Word,
    empty_facets,
)
from ..snippets import SCAN_CHARS, highlight
from .errors import IndexLocked, IndexSchemaMismatch, IndexUnavailable

logger = logging.getLogger(__name__)

# Version of the index layout (fields, tokens, stored data). An index folder
# written with another version is refused until `rebuild_search_index`
# replaces it; the number is kept in the folder's `schema_version` file.
# 3: the `stamp` field (the live revision a document was built from).
# 4: `all_exact`, `all_pairs`, `all_pairs_exact`: words as typed, side by side.
# 5: `title_pairs`, `about_pairs`: a word of several syllables ranks by its
#    pairs in every text.
SCHEMA_VERSION = 5
VERSION_FILE = "schema_version"
POINTER = "CURRENT"
GENERATION_PREFIX = "gen-"
REBUILD_LOCK = "rebuild.lock"
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
PHRASE_BOOSTS = {"title": 4.0, "about": 2.0, "summary": 2.0, "body": 1.5}
# A word of several syllables ("hộ gia đình") found whole weighs as much as
# its syllables would together.
WORD_PAIR_FACTOR = 2.0

# Adjacent words in each text: an indexed pair ("dan_cu") is a plain term,
# far cheaper than a phrase over positions (a phrase checks positions in
# every document that has both words); only a whole title is looked up as a
# phrase (the title field keeps positions).
PAIR_FIELDS = {
    "title_pairs": "title",
    "about_pairs": "about",
    "summary_pairs": "summary",
    "pairs": "body",
}
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
    # Which live revision the document was built from: the health check
    # compares it with the database's to find stale entries.
    builder.add_integer_field("stamp", fast=True)
    freq = {"tokenizer_name": TOKENIZER, "index_option": "freq"}
    builder.add_text_field("number", **freq)
    # Phrases are only looked up in titles: the one field with positions.
    builder.add_text_field("title_folded", tokenizer_name=TOKENIZER)
    builder.add_text_field("title_exact", **freq)
    for name in TEXT_FIELDS[1:]:
        builder.add_text_field(f"{name}_folded", **freq)
        builder.add_text_field(f"{name}_exact", **freq)
    # Every token of the four texts, folded and as written, and every pair of
    # adjacent tokens within one text: which documents hold a word (counts,
    # facets, the "all words" rule) in one posting list rather than four.
    for name in ("all", "all_exact", "all_pairs", "all_pairs_exact"):
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="basic")
    for name in PAIR_FIELDS:
        builder.add_text_field(name, **freq)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def pair_tokens(tokens: list[str]) -> list[str]:
    """Adjacent folded tokens joined: ["dan", "cu"] → ["dan_cu"]."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._generation_dir: Path | None = None  # what `_index` was opened on
        self._seen_mtime: tuple = ()
        self._checked_at = 0.0
        # Bumped at every reload: what a searcher sees changes only then.
        self._generation = 0
        self._lock = threading.Lock()
        self._facet_cache: OrderedDict = OrderedDict()
        self._next_expiry: tuple[int, int] | None = None  # (generation, time)

    # -- the folder: generations and the pointer -----------------------------

    def current_dir(self) -> Path | None:
        """The generation the pointer names; None when no index was built."""
        try:
            name = (self.path / POINTER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not name.startswith(GENERATION_PREFIX) or "/" in name:
            raise IndexUnavailable(
                f"the search index pointer {self.path / POINTER} is damaged "
                f"({name[:40]!r}): run `python manage.py rebuild_search_index`"
            )
        return self.path / name

    def _required_dir(self) -> Path:
        current = self.current_dir()
        if current is None:
            raise IndexUnavailable(
                f"there is no search index in {self.path}: run "
                "`python manage.py rebuild_search_index`"
            )
        if not (current / "meta.json").is_file():
            raise IndexUnavailable(
                f"the search index {current} has been deleted or damaged: run "
                "`python manage.py rebuild_search_index`"
            )
        return current

    def schema_version(self, folder: Path | None = None) -> int | None:
        """The version a generation was written with (the current one by
        default); None when there is no index."""
        folder = folder or self.current_dir()
        if folder is None:
            return None
        try:
            return int((folder / VERSION_FILE).read_text().strip())
        except FileNotFoundError:
            return 1 if (folder / "meta.json").exists() else None
        except ValueError:
            return 0

    def _check_version(self, folder: Path) -> None:
        version = self.schema_version(folder)
        if version != SCHEMA_VERSION:
            raise IndexSchemaMismatch(
                f"the search index in {folder} has schema version {version}, "
                f"this code needs {SCHEMA_VERSION}: run "
                "`python manage.py rebuild_search_index`"
            )

    def _tantivy_index(self, folder: Path) -> tantivy.Index:
        try:
            index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        except ValueError as exc:  # "Data corrupted", a schema it cannot read
            raise IndexUnavailable(
                f"the search index in {folder} cannot be read ({exc}): run "
                "`python manage.py rebuild_search_index`"
            ) from exc
        index.register_tokenizer(
            TOKENIZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build(),
        )
        # Only `searcher()` reloads, so `_generation` says what readers see.
        index.config_reader(reload_policy="Manual")
        return index

    def _open(self) -> tantivy.Index:
        """Open the current generation (the caller holds `_lock`)."""
        folder = self._required_dir()
        self._check_version(folder)
        index = self._tantivy_index(folder)
        self._generation_dir = folder
        self._seen_mtime = self._meta_mtime()
        self._generation += 1
        return index

    @property
    def index(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                self._index = self._open()
            return self._index

    def _meta_mtime(self) -> tuple:
        """What changes with every commit of any process: meta.json's
        modification time and its opstamp (two commits within one tick of
        the file system's clock have one mtime, never one opstamp)."""
        try:
            meta = self._generation_dir / "meta.json"
            stat = meta.stat()
            opstamp = json.loads(meta.read_bytes()).get("opstamp")
            return (stat.st_mtime_ns, stat.st_size, opstamp)
        except (FileNotFoundError, TypeError, ValueError):
            return ()

    def _refresh(self) -> None:
        """Follow a rebuild (the pointer moved) or a commit (meta.json changed)
        made by any process; a vanished or damaged index raises
        IndexUnavailable, and the next call looks again (the caller holds
        `_lock`)."""
        try:
            folder = self._required_dir()
            if self._index is None or folder != self._generation_dir:
                self._index = None
                self._index = self._open()
                return
            mtime = self._meta_mtime()
            if mtime != self._seen_mtime:
                self._seen_mtime = mtime
                self._index.reload()
                self._generation += 1
        except IndexUnavailable:
            self._index = None
            raise
        except (ValueError, OSError) as exc:
            self._index = None
            raise IndexUnavailable(
                f"the search index in {self._generation_dir} cannot be read "
                f"({exc}): run `python manage.py rebuild_search_index`"
            ) from exc

    def _snapshot(self) -> tuple[tantivy.Searcher, int]:
        """A searcher that reflects every commit and rebuild, from any process,
        and its generation (which changes whenever what it sees may have)."""
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked_at >= RELOAD_SECONDS / 5:
                self._checked_at = now
                self._refresh()
            return self._index.searcher(), self._generation

    def searcher(self) -> tantivy.Searcher:
        return self._snapshot()[0]

    # -- writing ---------------------------------------------------------------

    def _writer(
        self,
        heap: int = UPDATE_HEAP,
        threads: int = 1,
        lock_timeout: float = LOCK_TIMEOUT,
    ):
        """A writer on the current generation, waiting at most `lock_timeout`
        seconds for another process's writer to finish."""
        deadline = time.monotonic() + lock_timeout
        delay = 0.01
        while True:
            with self._lock:
                self._refresh()
                index = self._index
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise IndexUnavailable(str(exc)) from exc
                if time.monotonic() >= deadline:
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
        with self._lock:
            self._checked_at = 0.0
            self._refresh()
            # Our own commit changed what a search finds, whatever meta.json
            # says: counts and facets cached before it are stale.
            self._generation += 1

    def _delete_query(self, ids: Iterable[int]) -> Query:
        return Query.term_set_query(self.schema, "id", list(ids))

    def update(
        self,
        documents: list[SearchDocument],
        delete_ids: Iterable[int] = (),
        lock_timeout: float = LOCK_TIMEOUT,
    ):
        """Replace `documents` (by id) and remove `delete_ids`, in one commit."""
        self.apply(lambda: (documents, set(delete_ids)), lock_timeout=lock_timeout)

    def apply(self, build, lock_timeout: float = LOCK_TIMEOUT):
        """Take the writer lock, then call `build()` for what to write: None
        (nothing) or a tuple starting with (documents, ids to delete); write
        it in one commit and return the tuple.

        Reading the database inside `build`, under the lock, is what keeps
        two processes from writing an older version of a page over a newer
        one. Raises IndexLocked when another writer keeps the lock longer
        than `lock_timeout`, IndexUnavailable when there is no readable index
        (an update never creates one: only a rebuild knows every page).
        """
        writer = self._writer(lock_timeout=lock_timeout)
        try:
            result = build()
            if result is None:
                writer.rollback()
                return None
            documents, delete_ids = result[0], set(result[1])
            ids = {doc.id for doc in documents} | delete_ids
            if not ids:
                writer.rollback()
                return result
            writer.delete_documents_by_query(self._delete_query(ids))
            for document in documents:
                writer.add_document(self._to_tantivy(document))
        except BaseException:
            writer.rollback()
            raise
        self._finish(writer)
        del writer  # releases the lock (a rollback alone does not)
        # Each small commit leaves a segment; merging folds them together and
        # drops deleted documents. Collect the files no segment uses now.
        self._collect_garbage()
        return result

    def _collect_garbage(self) -> None:
        try:
            writer = self._writer(lock_timeout=0)
        except (IndexLocked, IndexUnavailable):
            return  # someone else is writing; they collect next time
        writer.garbage_collect_files()
        writer.wait_merging_threads()

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Build a fresh index beside the current one, then move the pointer.

        Whatever state the old generation is in (corrupt, another schema,
        deleted, locked by a stuck writer), the new one is written from
        scratch in its own folder; readers switch when the pointer file is
        replaced (one rename), so they never see it empty or half-built.
        Rebuilds on this machine take turns (a file lock).
        """
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / REBUILD_LOCK, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            previous = self._current_dir_or_none()
            folder = self.path / (
                f"{GENERATION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}"
                f"-{os.getpid()}-{time.time_ns() % 10**9}"
            )
            folder.mkdir()
            try:
                (folder / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
                index = self._tantivy_index(folder)
                writer = index.writer(heap_size=REBUILD_HEAP, num_threads=2)
                count = 0
                for document in documents:
                    writer.add_document(self._to_tantivy(document))
                    count += 1
                writer.commit()
                writer.wait_merging_threads()
                del writer, index
                self._point_to(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._remove_retired(keep={folder, previous})
        self._after_commit()
        return count

    def _current_dir_or_none(self) -> Path | None:
        try:
            return self.current_dir()
        except IndexUnavailable:
            return None

    def _point_to(self, folder: Path) -> None:
        """Replace the pointer atomically (write a temporary file, fsync,
        rename over the old one)."""
        temporary = self.path / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(folder.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path / POINTER)

    def _remove_retired(self, keep: set) -> None:
        """Delete generations older than the previous one, and the files of
        the layout before generations. The previous one stays a while: a
        worker that has not noticed the new pointer still reads it."""
        for child in self.path.iterdir():
            if child in keep or child.name in (POINTER, REBUILD_LOCK):
                continue
            if child.name.startswith(f".{POINTER}."):
                # Another process's pointer being written, or one a killed
                # rebuild left: only the latter is old.
                try:
                    if time.time() - child.stat().st_mtime < 600:
                        continue
                except FileNotFoundError:
                    continue
            try:
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            except OSError:
                logger.warning("cannot remove the retired search index %s", child)

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
        out.add_integer("stamp", doc.stamp)
        out.add_text("number", " ".join(doc.number_tokens))
        analyzed = doc.analyzed()
        for name, tokens in analyzed.items():
            out.add_text(f"{name}_exact", tokens.exact_text)
            out.add_text(f"{name}_folded", tokens.folded_text)
        out.add_text("all", " ".join(a.folded_text for a in analyzed.values()))
        out.add_text("all_exact", " ".join(a.exact_text for a in analyzed.values()))
        for field, form in (("all_pairs", "folded"), ("all_pairs_exact", "exact")):
            pairs = (pair_tokens(getattr(a, form)) for a in analyzed.values())
            out.add_text(field, " ".join(" ".join(p) for p in pairs))
        for field, name in PAIR_FIELDS.items():
            out.add_text(field, " ".join(pair_tokens(analyzed[name].folded)))
        # Snippets are cut from the first SCAN_CHARS characters only.
        stored = {"hit": doc.display, "text": doc.snippet_text[:SCAN_CHARS]}
        out.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode())
        return out

    # -- reading ----------------------------------------------------------------

    def stats(self) -> dict:
        with self._lock:  # not a hot path: look at the pointer now
            self._checked_at = time.monotonic()
            self._refresh()
            searcher, folder = self._index.searcher(), self._generation_dir
        size = 0
        for child in folder.iterdir():
            try:
                size += child.stat().st_size if child.is_file() else 0
            except FileNotFoundError:  # merged away by another process
                continue
        return {
            "backend": self.name,
            "path": str(folder),
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
        """One query token for ranking: its best field wins, the others add a
        little. (Scoring every match this way is affordable; checking phrase
        positions in every match was not, hence the indexed pairs.)

        A precise token (`Term.exact_only`) is scored in the exact fields
        alone, which also makes it required there: "sổ" never finds a page
        that only has "số". Otherwise the folded fields score it, and typed
        with diacritics, an exact match weighs EXACT_FACTOR more."""
        exact = [
            Query.boost_query(
                self._term(f"{name}_exact", term.exact), boost * EXACT_FACTOR
            )
            for name, boost in FIELD_BOOSTS.items()
            if name != "number"
        ]
        if term.exact_only:
            return Query.disjunction_max_query(exact, tie_breaker=TIE_BREAKER)
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
            clauses += exact
        return Query.disjunction_max_query(clauses, tie_breaker=TIE_BREAKER)

    def _word_filter(self, term) -> Query:
        """The documents that have one query token: the same set as
        `_word_query` (every text token is in `all` and `all_exact`),
        without its cost."""
        if term.exact_only:
            return self._term("all_exact", term.key)
        return Query.boolean_query(
            [
                (Occur.Should, self._term("all", term.folded)),
                (Occur.Should, self._term("number", term.number_form)),
            ]
        )

    def _word(self, word: Word, rank: bool) -> Query:
        """The documents that hold one query word; a word of several
        syllables only where they stand side by side (the pair fields),
        and ranked by how often and in which text they do, from the indexed
        pairs of each text (cheaper than scoring each syllable in every
        field, and a pair says more than its syllables)."""
        if len(word.terms) == 1:
            term = word.terms[0]
            return self._word_query(term) if rank else self._word_filter(term)
        field = "all_pairs_exact" if word.exact_only else "all_pairs"
        together = Query.boolean_query(
            [(Occur.Must, self._term(field, pair)) for pair in word.pairs]
        )
        if not rank:
            return together
        pairs = pair_tokens([term.folded for term in word.terms])
        places = [
            Query.boost_query(
                Query.boolean_query(
                    [(Occur.Should, self._term(field, pair)) for pair in pairs]
                ),
                FIELD_BOOSTS[name] * WORD_PAIR_FACTOR,
            )
            for field, name in PAIR_FIELDS.items()
        ]
        return Query.boolean_query(
            [
                (Occur.Must, Query.const_score_query(together, 0.0)),
                (
                    Occur.Should,
                    Query.disjunction_max_query(places, tie_breaker=TIE_BREAKER),
                ),
            ]
        )

    def _phrase_queries(self, variant) -> list[Query]:
        """Adjacent query words side by side in a page: the pairs that join
        two words (inside a word the pair is the word's own score)."""
        queries = []
        for left, right in zip(variant.words, variant.words[1:], strict=False):
            first, second = left.terms[-1].folded, right.terms[0].folded
            for field, name in PAIR_FIELDS.items():
                pair = self._term(field, f"{first}{PAIR_JOINER}{second}")
                queries.append(Query.boost_query(pair, PHRASE_BOOSTS[name]))
        words = [term.folded for term in variant.terms]
        if len(words) > 2:
            whole = Query.phrase_query(self.schema, "title_folded", words)
            queries.append(Query.boost_query(whole, PHRASE_BOOSTS["title"] * 2))
        return queries

    def _match_query(self, plan: QueryPlan, require: str, rank: bool) -> Query:
        """Documents with every required word of a variant ("all"), or with
        most of them, or with any; optional words only rank."""
        variants = []
        for variant in plan.variants:
            required = [self._word(word, rank) for word in variant.required]
            if require == "all":
                clauses = [(Occur.Must, q) for q in required]
            else:
                need = (
                    max(1, len(required) - len(required) // 3)
                    if require == "most"
                    else 1
                )
                some = Query.boolean_query(
                    [(Occur.Should, q) for q in required],
                    minimum_number_should_match=need,
                )
                clauses = [(Occur.Must, some)]
            if rank:
                # A question word of several syllables ("thủ tục") says what
                # a page is about; "của", "ở", "các" are on every page and
                # would only cost a scan of their postings.
                clauses += [
                    (Occur.Should, self._word(word, rank))
                    for word in variant.words
                    if word.optional and len(word.terms) > 1
                ]
            variants.append(
                clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)
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
    ) -> tuple[QueryPlan, str, dict]:
        """The strictest match level that finds something (`plan.levels()`:
        "all" words, read strictly then token by token, else "most", else
        "any") with its exact facet counts.

        Facets count every match, so they are computed once per (query,
        filters) and index generation, and reused for the next pages and
        repeated searches until a commit or the next page expiry.
        """
        key = (
            generation,
            plan.signature,
            (params.kind, params.doc_type, params.issuer, params.year, params.status),
        )
        now = int(time.time())
        with self._lock:
            entry = self._facet_cache.get(key)
            if entry and now < entry[0]:
                self._facet_cache.move_to_end(key)
                return entry[1], entry[2], entry[3]
        for used, require in plan.levels():
            # A match-only query (no scoring): the documents and their count.
            facets = self._facets(searcher, self._query(used, params, require, False))
            if any(facets["kind"].values()):
                break
        valid_until = self._expiry_after(searcher, generation, now)
        with self._lock:
            self._facet_cache[key] = (valid_until, used, require, facets)
            while len(self._facet_cache) > FACET_CACHE_SIZE:
                self._facet_cache.popitem(last=False)
        return used, require, facets

    def _hit(self, searcher, address, plan: QueryPlan) -> dict:
        stored = json.loads(searcher.doc(address).get_first("stored"))
        hit = stored["hit"]
        hit["snippet"] = highlight(stored["text"], plan.highlight_words)
        return hit

    def search(self, params: Params, plan: QueryPlan) -> Results:
        results = Results(params=params, facets=empty_facets())
        if plan.empty and params.q:
            return results  # only punctuation: nothing to look for
        searcher, generation = self._snapshot()
        plan, require, facets = self._counted_facets(searcher, generation, plan, params)
        results.facets = copy.deepcopy(facets)
        # Every document has a kind: the total comes from the facets, so the
        # top 10 need not count.
        results.count = sum(facets["kind"].values())
        if results.count:
            results.match = MATCH_ALL if require == "all" else MATCH_PARTIAL
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
        # The last word may be the start of a longer one: "ty" (how "ti" is
        # read, `analysis.unify_i_y`) also as "ti", the start of "tiếp".
        completions = [
            term
            for field in ("title_folded", "number")
            for start in analysis.i_y_spellings(prefix)
            for term, _ in searcher.terms_with_prefix(field, start, limit=20)
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
        return sorted(self.doc_stamps())

    def doc_stamps(self) -> dict[int, int]:
        """{page id: stamp} of every indexed document, from fast fields."""
        searcher = self.searcher()
        found = searcher.search(Query.all_query(), max(1, searcher.num_docs))
        addresses = [address for _, address in found.hits]
        ids = searcher.fast_field_values("id", addresses)
        stamps = searcher.fast_field_values("stamp", addresses)
        return dict(zip(ids, stamps, strict=True))


__all__ = [
    "EmbeddedBackend",
    "IndexLocked",
    "IndexSchemaMismatch",
    "IndexUnavailable",
    "PER_PAGE",
]
