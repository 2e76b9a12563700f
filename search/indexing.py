"""Keeping the index true to the database, durably.

Wagtail's signals (`signals`) call `tasks.schedule(page_ids)`, which writes
one outbox row per page (`models.PendingUpdate`) in the same transaction as
the change. Once that transaction commits, a task
(`tasks.update_search_index`) drains the outbox (`drain`, here): it re-reads those pages
and updates the index (a page that is live and public is (re)indexed,
anything else is removed), then deletes the rows it applied. So every
handler asks the same question of the database, a repeated or late update is
harmless, and nothing is lost between the database's commit and the
index's: a killed process, a writer holding the lock, an engine that is down
all leave rows behind, which the next drain applies (the next publish, the
next request after `HEAL_EVERY` seconds, `search_health --retry`, a rebuild).

A publish never waits on the index for long: it tries the writer lock for
`PUBLISH_WAIT` seconds and otherwise leaves its rows for later.
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Site

from cms import background
from cms.feedback.models import AnswerPage
from cms.models import (
    ContactsPage,
    InformationPage,
    OneStopPage,
    OrganisationPage,
    PublicDocumentPage,
)
from directives.models import (
    ArticlePage,
    DirectivePage,
    NoticePage,
    OriginalFileMixin,
    ProcedurePage,
)

from .builder import SearchDocument, build_document
from .engines import get_engine
from .engines.base import IndexLocked, SearchUnavailable
from .models import PendingUpdate, RebuildMarker

logger = logging.getLogger(__name__)

CHUNK = 500
# How long a publish (or any web request) waits for another writer.
PUBLISH_WAIT = 1.0
# How long a command (search_health, a rebuild's final drain) waits.
COMMAND_WAIT = 30.0
# A rebuild marker without a heartbeat for this long belongs to a dead rebuild.
REBUILD_STALE = 120
HEARTBEAT_SECONDS = 10
REBUILD_LOCK_KEY = 7_245_110_042  # pg_advisory_lock key of rebuild_search_index


def indexed_models():
    """The page types the portal's search finds."""
    return (
        DirectivePage,
        ProcedurePage,
        NoticePage,
        ArticlePage,
        AnswerPage,
        InformationPage,
        OrganisationPage,
        ContactsPage,
        OneStopPage,
        PublicDocumentPage,
    )


def indexable_pages(ids: Iterable[int] | None = None) -> Iterator:
    """The live, public pages that belong in the index, as specific pages."""
    for model in indexed_models():
        pages = model.objects.for_residents(expired_too=True).order_by("pk")
        if ids is not None:
            pages = pages.filter(pk__in=list(ids))
        if hasattr(model, "issuer"):
            pages = pages.select_related("issuer")
        if issubclass(model, OriginalFileMixin):
            # The original's reading, in the same query: a rebuild asks
            # nothing more per page than it did without originals.
            pages = pages.select_related("original_file__original_text")
        yield from pages.iterator(chunk_size=CHUNK)


def indexable_count() -> int:
    return sum(
        m.objects.for_residents(expired_too=True).count() for m in indexed_models()
    )


def documents(
    ids: Iterable[int] | None = None, failed: set | None = None
) -> Iterator[SearchDocument]:
    """The search documents of `ids` (all indexable pages by default), each
    on the site that holds it (`builder.place`: a library page has site 0);
    the ids of pages whose document could not be built go into `failed`."""
    roots = Site.get_site_root_paths()  # Wagtail's cached list: no query per page
    for page in indexable_pages(ids):
        try:
            yield build_document(page, roots)
        except Exception:  # one broken page must not stop the others
            logger.exception("cannot build the search document of page %s", page.pk)
            if failed is not None:
                failed.add(page.pk)


# -- the outbox ------------------------------------------------------------


def pending_ids(limit: int = 100) -> list[int]:
    """Pages waiting for the index (the first `limit`, oldest first)."""
    ids = PendingUpdate.objects.order_by("pk").values_list("page_id", flat=True)
    return sorted(set(ids[:limit]))


def pending_count() -> int:
    return PendingUpdate.objects.count()


def _alive(host: str, pid: int) -> bool:
    """Whether a rebuild's process still runs (known only on its machine)."""
    if host != socket.gethostname() or not pid:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def rebuild_in_progress(exclude: int | None = None) -> bool:
    """Whether a rebuild (other than marker `exclude`) runs now."""
    fresh = timezone.now() - datetime.timedelta(seconds=REBUILD_STALE)
    markers = RebuildMarker.objects.filter(heartbeat__gte=fresh).exclude(pk=exclude)
    return any(_alive(host, pid) for host, pid in markers.values_list("host", "pid"))


def drain(
    *,
    wait: float | None = None,
    first: Iterable[int] = (),
    limit: int | None = None,
    during_rebuild=None,
) -> int:
    """Apply pending updates to the index, oldest first (pages in `first`
    before the rest); returns how many rows were applied.

    Each batch is chosen and read from the database while the index's writer
    lock is held (`SearchEngine.apply`), so two drains cannot interleave and
    write an older version of a page over a newer one. Stops, leaving rows
    for later, when the lock stays busy for `wait` seconds, when the index
    is unavailable, or after `limit` rows. A row is deleted only if no other
    rebuild started meanwhile: that rebuild might have read the page before
    the change, and applies the row itself after its swap. `during_rebuild`
    is the marker of the rebuild calling (its own marker does not count).
    A page whose document cannot be built keeps its row (and its entry).
    """
    wait = PUBLISH_WAIT if wait is None else wait
    own = getattr(during_rebuild, "pk", None)
    if rebuild_in_progress(exclude=own):
        return 0
    first = {int(pk) for pk in first}
    # Rows kept in this call (their page could not be built): not again.
    state = {"skip": set(), "first": first}
    applied = 0

    def next_batch():
        size = CHUNK if limit is None else min(CHUNK, limit - applied)
        rows = (
            PendingUpdate.objects.exclude(pk__in=state["skip"])
            .order_by("pk")
            .values_list("pk", "page_id")
        )
        # The pages asked for first, a chunk of their ids at a time (an
        # import's 50,000 would not fit one SQL statement), then the rest.
        batch = []
        while state["first"] and not batch:
            taken = sorted(state["first"])[:size]
            state["first"].difference_update(taken)
            batch = list(rows.filter(page_id__in=taken))
        batch = batch or list(rows[:size])
        if not batch:
            return None
        ids = {page_id for _, page_id in batch}
        failed: set[int] = set()
        found = list(documents(ids, failed))
        gone = ids - {d.id for d in found} - failed
        return found, gone, batch, failed

    while limit is None or applied < limit:
        try:
            result = get_engine().apply(next_batch, lock_timeout=wait)
        except IndexLocked:
            logger.info("search index busy: updates left for later")
            break
        except SearchUnavailable as exc:
            logger.error("search index unavailable, updates kept: %s", exc)
            break
        except Exception:
            logger.exception("search update failed; the updates are kept")
            break
        if result is None:
            break
        _found, _gone, batch, failed = result
        done = [pk for pk, page_id in batch if page_id not in failed]
        state["skip"] |= {pk for pk, page_id in batch if page_id in failed}
        with transaction.atomic():
            if rebuild_in_progress(exclude=own):
                break
            PendingUpdate.objects.filter(pk__in=done).delete()
        applied += len(batch)
    return applied


def update_pages(ids: Iterable[int], wait: float | None = None) -> int:
    """Record `ids` in the outbox and apply it (for callers outside a
    signal, such as the health check's repair)."""
    ids = sorted({int(pk) for pk in ids})
    PendingUpdate.objects.bulk_create([PendingUpdate(page_id=pk) for pk in ids])
    return drain(wait=wait, first=ids)


def _heartbeats(items: Iterable, marker) -> Iterator:
    """`items`, beating the marker every HEARTBEAT_SECONDS while they flow."""
    last = time.monotonic()
    for item in items:
        if time.monotonic() - last >= HEARTBEAT_SECONDS:
            last = time.monotonic()
            marker.heartbeat = timezone.now()
            marker.save(update_fields=["heartbeat"])
        yield item


@contextmanager
def _one_rebuild_at_a_time():
    """Rebuilds take turns: a file lock on this machine, and on PostgreSQL
    an advisory lock for every machine sharing the database (several web
    servers in front of one Elasticsearch cluster)."""
    path = settings.DATA_DIR / "search-rebuild.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK_KEY])
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK_KEY])


def rebuild() -> int:
    """Rebuild the whole index from the database; returns the document count.

    The old index stays in use until the new one is complete. Changes made
    meanwhile stay in the outbox (the marker tells drains to leave them) and
    are applied to the new index once it is in place.
    """
    with _one_rebuild_at_a_time():
        # A rebuild killed midway left its marker: it holds drains back no more.
        stale = timezone.now() - datetime.timedelta(seconds=REBUILD_STALE)
        RebuildMarker.objects.filter(heartbeat__lt=stale).delete()
        RebuildMarker.objects.filter(
            pk__in=[
                m.pk for m in RebuildMarker.objects.all() if not _alive(m.host, m.pid)
            ]
        ).delete()
        marker = RebuildMarker.objects.create(
            heartbeat=timezone.now(), host=socket.gethostname(), pid=os.getpid()
        )
        try:
            count = get_engine().rebuild(_heartbeats(documents(), marker))
            drain(wait=COMMAND_WAIT, during_rebuild=marker)
        finally:
            marker.delete()
    drain(wait=COMMAND_WAIT)
    return count


# -- healing on the next request ---------------------------------------------

_last_heal = {"at": 0.0}


# With a worker, rows younger than this are the worker's to apply.
WORKER_GRACE = datetime.timedelta(minutes=2)


def heal_after_request(**kwargs) -> None:
    """Connected to `request_finished`: at most every `HEAL_EVERY` seconds
    per process, apply what a crash or a busy writer left in the outbox.
    With a worker for the index (cms/background.py) only what it has left
    for `WORKER_GRACE` (a stopped worker): a web process never races it.
    One indexed query when there is nothing to do."""
    every = getattr(settings, "SEARCH_HEAL_EVERY", None)
    now = time.monotonic()
    if not every or now - _last_heal["at"] < every:
        return
    _last_heal["at"] = now
    try:
        left = PendingUpdate.objects.all()
        if background.in_worker("default"):
            left = left.filter(created_at__lt=timezone.now() - WORKER_GRACE)
        if left.exists():
            drain(wait=0, limit=CHUNK)
    except Exception:
        logger.exception("healing the search index after a request failed")
