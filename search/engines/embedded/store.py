"""The folder of the embedded index: generations, the pointer, readers, writers.

The folder holds generations (`gen-…/`, each a whole Tantivy index) and a
pointer file, `CURRENT`, naming the one in use. A rebuild writes a new
generation beside the old and then replaces the pointer in one rename, so it
recovers from any state of the old one (corrupt, deleted, another schema,
locked by a stuck writer) and readers never see an empty index. No pointer,
or a generation whose files are gone or damaged, raises `SearchUnavailable`:
search answers 503 and updates wait in the outbox; an update never creates
an index (only a rebuild knows every page).

Several gunicorn workers share the folder. Tantivy lets one writer hold the
lock at a time: updates take it, retry for as long as their caller allows,
commit and release it at once. Readers notice a commit by the mtime of
meta.json and a rebuild by the pointer, so every worker sees a change within
`RELOAD_SECONDS`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy
from tantivy import Query

from ...builder import SearchDocument
from ..base import LOCK_TIMEOUT, IndexLocked, SchemaMismatch, SearchUnavailable
from .schema import SCHEMA_VERSION, TOKENIZER, VERSION_FILE, build_schema, to_tantivy

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
GENERATION_PREFIX = "gen-"
REBUILD_LOCK = "rebuild.lock"
RELOAD_SECONDS = 0.5
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 200_000_000


class IndexStore:
    """One index folder, shared with the other processes on this machine."""

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

    # -- the folder: generations and the pointer -----------------------------

    def current_dir(self) -> Path | None:
        """The generation the pointer names; None when no index was built."""
        try:
            name = (self.path / POINTER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not name.startswith(GENERATION_PREFIX) or "/" in name:
            raise SearchUnavailable(
                f"the search index pointer {self.path / POINTER} is damaged "
                f"({name[:40]!r}): run `python manage.py rebuild_search_index`"
            )
        return self.path / name

    def _required_dir(self) -> Path:
        current = self.current_dir()
        if current is None:
            raise SearchUnavailable(
                f"there is no search index in {self.path}: run "
                "`python manage.py rebuild_search_index`"
            )
        if not (current / "meta.json").is_file():
            raise SearchUnavailable(
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
            raise SchemaMismatch(
                f"the search index in {folder} has schema version {version}, "
                f"this code needs {SCHEMA_VERSION}: run "
                "`python manage.py rebuild_search_index`"
            )

    def _tantivy_index(self, folder: Path) -> tantivy.Index:
        try:
            index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        except ValueError as exc:  # "Data corrupted", a schema it cannot read
            raise SearchUnavailable(
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
        SearchUnavailable, and the next call looks again (the caller holds
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
        except SearchUnavailable:
            self._index = None
            raise
        except (ValueError, OSError) as exc:
            self._index = None
            raise SearchUnavailable(
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
                    raise SearchUnavailable(str(exc)) from exc
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

    def apply(self, build, lock_timeout: float = LOCK_TIMEOUT):
        """Take the writer lock, then call `build()` for what to write: None
        (nothing) or a tuple starting with (documents, ids to delete); write
        it in one commit and return the tuple.

        Reading the database inside `build`, under the lock, is what keeps
        two processes from writing an older version of a page over a newer
        one. Raises IndexLocked when another writer keeps the lock longer
        than `lock_timeout`, SearchUnavailable when there is no readable index
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
                writer.add_document(to_tantivy(document))
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
        except (IndexLocked, SearchUnavailable):
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
                    writer.add_document(to_tantivy(document))
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
        except SearchUnavailable:
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

    def folder_stats(self) -> dict:
        """Where the current generation is and how big (looked up now)."""
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
            "path": str(folder),
            "documents": searcher.num_docs,
            "segments": searcher.num_segments,
            "bytes": size,
        }
