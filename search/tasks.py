"""Background work of search, run by Django's task framework (django_tasks).

Immediate in tests and in the default settings; with a worker backend, index
updates leave the request entirely.
"""

from django_tasks import task

from . import indexing


@task()
def update_search_index(page_ids: list[int]) -> int:
    """Apply the outbox, these pages first (their rows were written with
    the change); returns how many rows were applied. Whatever this cannot
    apply (a busy writer, an index being rebuilt) stays in the outbox."""
    # On the request path: these pages, and a chunk of any backlog at most
    # (a long backlog is the healing's and the commands' to apply).
    return indexing.drain(first=page_ids, limit=max(len(page_ids), indexing.CHUNK))
