"""Background work of search: the outbox drained once a change commits.

`schedule(page_ids)` records pages in the outbox (`models.PendingUpdate`)
in the transaction of the change and, once it commits, enqueues
`update_search_index` with Django's task framework (django_tasks), which
drains the outbox (`indexing.drain`): on the worker of the "default" queue,
first in line (cms/background.py); in tests, where it is enqueued.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.db import transaction
from django_tasks import task
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import Page

from cms import background
from cms.references import index_references
from cms.transactions import after_commit

from . import indexing
from .models import PendingUpdate

logger = logging.getLogger(__name__)

# The pages scheduled in this thread's transaction, sent in one task.
_local = threading.local()


@task(priority=background.PRIORITY_SEARCH)
def update_search_index(page_ids: list[int]) -> int:
    """Apply the outbox, these pages first (their rows were written with
    the change); returns how many rows were applied. Whatever this cannot
    apply (a busy writer, an index being rebuilt) stays in the outbox."""
    # On the request path: these pages, and a chunk of any backlog at most
    # (a long backlog is the healing's and the commands' to apply).
    return indexing.drain(first=page_ids, limit=len(page_ids) + indexing.CHUNK)


background.register(
    update_search_index,
    "Cập nhật chỉ mục tìm kiếm",
    attempts=5,
    subject=background.pages_subject,
)


def pages_to_index(model, page_ids):
    """The pages of `model` with these ids, with what the indexes read of
    each in one query per relation: the issuer (searched by name), the child
    relations (references)."""
    pages = model.objects.filter(pk__in=page_ids)
    if hasattr(model, "issuer"):
        pages = pages.select_related("issuer")
    relations = (r.get_accessor_name() for r in get_all_child_relations(model))
    return list(pages.prefetch_related(*relations))


@task(priority=background.PRIORITY_SEARCH)
def update_admin_index(page_ids: list[int]) -> int:
    """Wagtail's search index of the admin (search.admin_backend) and its
    reference index (the pages' "usage") for these pages, in bulk: an
    import's pages, after it commits. Returns how many pages were indexed
    (deleted ones are skipped)."""
    by_model: dict[type, list[int]] = {}
    for page in Page.objects.filter(pk__in=page_ids).only("pk", "content_type"):
        by_model.setdefault(page.specific_class, []).append(page.pk)
    indexed = 0
    for model, ids in by_model.items():
        pages = pages_to_index(model, ids)
        index_references(model, pages)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)
        indexed += len(pages)
    return indexed


background.register(
    update_admin_index,
    "Cập nhật chỉ mục tìm kiếm và liên kết của trang quản trị",
    attempts=5,
    subject=background.pages_subject,
)


def admin_index_after_commit(page_ids: list[int]) -> None:
    """Index these pages in the admin's search and reference indexes
    (`update_admin_index`): by a live worker once the transaction commits,
    beside whatever goes on here; without one, here and now, inside the
    transaction (as a rollback takes the rows back, it takes their index
    entries with them)."""
    ids = sorted(page_ids)
    if not background.worker_takes("default"):
        update_admin_index.call(ids)
        return

    def enqueue():
        try:
            update_admin_index.enqueue(ids)
        except Exception:
            # `manage.py wagtail_update_index` rebuilds it whole.
            logger.exception("cannot enqueue an admin index update")

    after_commit(enqueue)


def _flush() -> None:
    ids, _local.ids = getattr(_local, "ids", set()), set()
    if not ids:
        return
    try:
        update_search_index.enqueue(sorted(ids))
    except Exception:
        # The rows are in the outbox: the next drain applies them.
        logger.exception("cannot enqueue a search update; it stays in the outbox")


def schedule(page_ids: Iterable[int]) -> None:
    """Record `page_ids` in the outbox now, in the current transaction, and
    update the index once it commits.

    All pages of one transaction (an import publishes hundreds) go to the
    index in one task and one commit. Rolled back, the rows vanish with the
    change; committed, they survive whatever happens to the process next.
    """
    ids = {int(pk) for pk in page_ids if pk is not None}
    if not ids:
        return
    # A savepoint: if the insert fails, the change itself still commits
    # (the health check finds and repairs the difference).
    with transaction.atomic():
        PendingUpdate.objects.bulk_create([PendingUpdate(page_id=pk) for pk in ids])
    _local.ids = getattr(_local, "ids", set()) | ids
    # Every call registers the flush: if a savepoint rollback discards one
    # callback, a later one still sends the whole set.
    after_commit(_flush)
