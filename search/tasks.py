"""Background work of search, run by Django's task framework (django_tasks).

Immediate in tests and in the default settings; with a worker backend, index
updates leave the request entirely.
"""

from django_tasks import task

from . import indexing


@task()
def update_search_index(page_ids: list[int]) -> int:
    """Bring the index in line with the database for these pages."""
    indexing.update_pages(page_ids)
    return len(page_ids)
