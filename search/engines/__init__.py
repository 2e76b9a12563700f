"""The search engine of this process: `get_engine()`.

The embedded Tantivy index (`engines.embedded`) is the default; setting
ELASTICSEARCH_URL switches every process to Elasticsearch
(`engines.elastic`). Both implement `engines.base.SearchEngine`, raise
`engines.base.SearchUnavailable` when they cannot answer, take
`SearchDocument`s from `search.builder` and answer a `QueryPlan` from
`search.plan`. Callers ask for the engine here and never import one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SearchEngine

# By dotted path, as Django loads a cache or task backend: a process without
# ELASTICSEARCH_URL never imports elasticsearch-dsl (0.8 s and 30 MB).
EMBEDDED = "search.engines.embedded.engine.EmbeddedEngine"
ELASTICSEARCH = "search.engines.elastic.ElasticEngine"


@lru_cache(maxsize=4)
def open_engine(url: str | None = None, path: str | None = None) -> SearchEngine:
    """The engine at an Elasticsearch `url`, else the embedded index in the
    folder `path`; one per place, kept for the life of the process (readers
    and caches are shared by its threads)."""
    if url:
        return import_string(ELASTICSEARCH)(url)
    return import_string(EMBEDDED)(path)


def index_path() -> Path:
    """The embedded index's folder: settings.SEARCH_INDEX_PATH (from the
    environment, by default DATA_DIR/search-index; the tests put it in
    memory, as each commit is fsynced, which is slow on a disk)."""
    return Path(settings.SEARCH_INDEX_PATH)


def get_engine() -> SearchEngine:
    """The engine of this process, as the settings say."""
    return open_engine(settings.ELASTICSEARCH_URL, str(index_path()))
