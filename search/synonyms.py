"""The synonym table every engine expands queries with.

The shipped defaults (`analysis.DEFAULT_SYNONYMS`) plus the groups ward staff
add as `Synonym` snippets. Read through the cache, which is shared by every
worker process and cleared when a snippet changes.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError

from .analysis import DEFAULT_SYNONYMS

CACHE_KEY = "search:synonyms:v1"
logger = logging.getLogger(__name__)

Table = tuple[tuple[str, ...], ...]


def _from_database() -> Table:
    # The model by name: the query plan, and so every engine, loads this
    # module in processes that never set Django up (a second writer, bench).
    synonym_model = apps.get_model("portal_search", "Synonym")
    groups = (synonym.phrase_list() for synonym in synonym_model.objects.all())
    return tuple(tuple(group) for group in groups if len(group) > 1)


def table() -> Table:
    """Default groups first, then the admin's, as tuples of phrases."""
    custom = cache.get(CACHE_KEY)
    if custom is None:
        try:
            custom = _from_database()
        except DatabaseError:  # no table yet (before migrate): defaults only
            logger.warning("synonym table unavailable; using the defaults")
            return DEFAULT_SYNONYMS
        cache.set(CACHE_KEY, custom, 600)
    return DEFAULT_SYNONYMS + tuple(custom)


def invalidate(**kwargs) -> None:
    cache.delete(CACHE_KEY)
