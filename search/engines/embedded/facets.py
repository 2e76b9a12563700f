"""Facet counts of the embedded index, and the cache that makes them cheap.

Facets count every match, so a search computes them once per (query,
filters) and index generation and reuses them for the next pages and
repeated searches, until a commit or until the first visible page expires
(the expiry filter changes its answer only then).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import tantivy
from tantivy import Query

from ...builder import NEVER
from ...results import empty_facets
from ..base import FACET_FIELDS, facet_aggregations

# Facets and counts of recent (query, filters), per index generation.
FACET_CACHE_SIZE = 256


def facet_counts(searcher: tantivy.Searcher, query: Query) -> dict:
    """{facet: {value: documents}} of every document `query` matches; years
    newest first."""
    raw = searcher.aggregate(query, facet_aggregations())
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


def first_expiry(searcher: tantivy.Searcher, schema: tantivy.Schema, now: int) -> int:
    """The first moment a page visible at `now` expires (NEVER if none does)."""
    visible = Query.range_query(
        schema, "expires", tantivy.FieldType.Integer, lower_bound=now + 1
    )
    found = searcher.search(
        visible, 1, count=False, order_by_field="expires", order=tantivy.Order.Asc
    )
    addresses = [address for _, address in found.hits]
    if not addresses:
        return NEVER
    return int(searcher.fast_field_values("expires", addresses)[0])


class FacetCache:
    """Recent facet counts, each valid until a moment; least recently used
    entries go first. Keys carry the index generation, so a commit makes
    every older entry unreachable."""

    def __init__(self, size: int = FACET_CACHE_SIZE):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._expiry: tuple[int, int] | None = None  # (generation, moment)
        self._lock = threading.Lock()

    def get(self, key, now: int):
        """The value stored under `key`, or None once it has expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry and now < entry[0]:
                self._entries.move_to_end(key)
                return entry[1]
        return None

    def put(self, key, value, valid_until: int) -> None:
        with self._lock:
            self._entries[key] = (valid_until, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def valid_until(self, searcher, schema, generation: int, now: int) -> int:
        """Until when what the searcher finds at `now` stays true
        (`first_expiry`, looked up once per generation and expiry)."""
        cached = self._expiry
        if cached and cached[0] == generation and now < cached[1]:
            return cached[1]
        moment = first_expiry(searcher, schema, now)
        self._expiry = (generation, moment)
        return moment

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._expiry = None
