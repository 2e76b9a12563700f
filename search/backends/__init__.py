"""Search engines behind `search.query.search`.

The embedded Tantivy index is the default; setting ELASTICSEARCH_URL switches
every process to Elasticsearch. Both take `SearchDocument`s from
`search.builder` and a `QueryPlan` from `search.query`.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=4)
def _backend(url: str | None, path: str):
    if url:
        from .elastic import ElasticBackend

        return ElasticBackend(url)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(path)


def index_path():
    """DATA_DIR/search-index unless SEARCH_INDEX_PATH says otherwise (tests
    put it in memory: each commit is fsynced, which is slow on a disk)."""
    custom = getattr(settings, "SEARCH_INDEX_PATH", None)
    return custom or settings.DATA_DIR / "search-index"


def get_backend():
    """The backend of this process (one per setting, kept for its lifetime)."""
    return _backend(getattr(settings, "ELASTICSEARCH_URL", None), str(index_path()))
