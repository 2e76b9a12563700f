"""What a search answers: `Results`, the same from every engine.

A page of hits, the total count, the facet counts and how the query matched
(`match`: every required word, only some, or none), as the search page shows
them and the API sends them (`as_json`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .plan import FILTERS, PER_PAGE, Params

# How a search matched: every required word of the query, only some, none.
MATCH_ALL, MATCH_PARTIAL, MATCH_NONE = "all", "partial", "none"


@dataclass
class Results:
    params: Params
    count: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    # "all": every hit holds every required word of the query (or a synonym
    # of it); "partial": no page does, these hold the most; "none".
    match: str = MATCH_NONE
    # For the "no results" page: the query without diacritics, when that
    # differs from what was typed.
    folded_query: str = ""
    # The required words, quoted, for "Không có văn bản nào chứa đủ các từ …".
    content_text: str = ""
    # Editors' pinned answers (`search.promotions`), above the first page;
    # they change neither `count` nor `match`.
    promoted: list = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / PER_PAGE))

    def as_json(self) -> dict:
        return {
            "query": self.params.q,
            "count": self.count,
            "page": self.params.page,
            "match": self.match,
            "results": self.promoted + self.hits,
            "facets": self.facets,
        }


def empty_facets() -> dict:
    return {name: {} for name in FILTERS}
