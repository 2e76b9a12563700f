"""Keeping the index true to the database.

Wagtail's signals (see `apps.SearchConfig.ready`) call `schedule(page_ids)`.
Once the transaction commits, one task (`tasks.update_search_index`)
re-reads those pages and updates the index: a page that is live and public is
(re)indexed, anything else (unpublished, deleted, restricted, moved under a
private section) is removed. So every handler asks the same question of the
database, and a repeated or late update is always harmless.

A publish never fails because of search: scheduling and updating log their
errors instead of raising, and ids whose update failed are kept in a small
file and retried with the next update (or by `search_health --retry`).
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from .backends import get_backend
from .builder import SearchDocument, build_document

logger = logging.getLogger(__name__)

ATTEMPTS = 3
RETRY_DELAY = 0.2  # seconds, doubled after each failed attempt
CHUNK = 500

_local = threading.local()


def indexed_models():
    from directives.models import ArticlePage, DirectivePage, NoticePage

    return (DirectivePage, NoticePage, ArticlePage)


def indexable_pages(ids: Iterable[int] | None = None) -> Iterator:
    """The live, public pages that belong in the index, as specific pages."""
    for model in indexed_models():
        pages = model.objects.live().public().order_by("pk")
        if ids is not None:
            pages = pages.filter(pk__in=list(ids))
        if hasattr(model, "issuer"):
            pages = pages.select_related("issuer")
        yield from pages.iterator(chunk_size=CHUNK)


def indexable_count() -> int:
    return sum(m.objects.live().public().count() for m in indexed_models())


def documents(ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    for page in indexable_pages(ids):
        try:
            yield build_document(page)
        except Exception:  # one broken page must not stop the others
            logger.exception("cannot build the search document of page %s", page.pk)


# -- ids whose update failed --------------------------------------------------


def _pending_file():
    return settings.DATA_DIR / "search-pending.json"


@contextmanager
def _pending_locked():
    path = _pending_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        try:
            ids = set(json.loads(handle.read() or "[]"))
        except ValueError:
            ids = set()
        box = {"ids": ids}
        yield box
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(sorted(box["ids"])))


def remember_failed(ids: Iterable[int]) -> None:
    with _pending_locked() as box:
        box["ids"] |= set(ids)


def take_failed() -> set[int]:
    with _pending_locked() as box:
        ids, box["ids"] = box["ids"], set()
    return ids


def failed_ids() -> set[int]:
    with _pending_locked() as box:
        return set(box["ids"])


# -- updating ---------------------------------------------------------------


def update_pages(ids: Iterable[int]) -> None:
    """Make the index agree with the database for `ids` (and earlier failures).

    Retries a few times (another process may hold the writer lock, the
    cluster may blink); if it still fails the ids are remembered for the next
    update, and the error is raised for the task's log.
    """
    ids = {int(i) for i in ids} | take_failed()
    if not ids:
        return
    delay = RETRY_DELAY
    for attempt in range(1, ATTEMPTS + 1):
        try:
            found = list(documents(ids))
            get_backend().update(found, delete_ids=ids - {d.id for d in found})
            return
        except Exception:
            if attempt == ATTEMPTS:
                remember_failed(ids)
                raise
            logger.warning("search update failed (attempt %s), retrying", attempt)
            time.sleep(delay)
            delay *= 2


def rebuild() -> int:
    """Rebuild the whole index from the database; returns the document count."""
    take_failed()
    return get_backend().rebuild(documents())


# -- scheduling after commit --------------------------------------------------


def _inside_test_case() -> bool:
    """Whether this runs inside a Django test case's transaction.

    TestCase (and pytest-django's `db`) wraps each test in a transaction that
    is rolled back, never committed, so on_commit callbacks would never run
    and nothing published in a test would become searchable. There, index
    at once instead, like an `atomic(durable=True)` check treats the test's
    transaction as absent. Never true outside tests.
    """
    connection = transaction.get_connection()
    blocks = getattr(connection, "atomic_blocks", [])
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _flush() -> None:
    ids, _local.ids = getattr(_local, "ids", set()), set()
    if not ids:
        return
    from .tasks import update_search_index

    try:
        update_search_index.enqueue(sorted(ids))
    except Exception:
        logger.exception("cannot enqueue a search update; it will be retried")
        remember_failed(ids)


def schedule(page_ids: Iterable[int]) -> None:
    """Update the index for `page_ids` once the current transaction commits.

    All pages of one transaction (an import publishes hundreds) go to the
    index in one task and one commit.
    """
    ids = {int(pk) for pk in page_ids if pk is not None}
    if not ids:
        return
    _local.ids = getattr(_local, "ids", set()) | ids
    if _inside_test_case():
        _flush()
    else:
        # Every call registers the flush: if a savepoint rollback discards
        # one callback, a later one still sends the whole set.
        transaction.on_commit(_flush, robust=True)


def with_descendants(page) -> list[int]:
    """`page` and every page below it: moving or restricting one moves all."""
    from wagtail.models import Page

    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]
