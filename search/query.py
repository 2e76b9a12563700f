"""The portal's search: `search(params) -> Results`, and `suggest(text)`.

A query is analysed once, into a `plan.QueryPlan` (tokens with and without
diacritics, synonym variants, the symbol it names); the engine of the
process (`engines.get_engine()`) turns the plan into its own query. Here the
results get what no engine knows: the editors' pinned answers and the
query's words as the "no results" page quotes them. Only live, public pages
are ever in an index, so nothing here filters them.
"""

from __future__ import annotations

from . import analysis, promotions
from .engines import get_engine
from .plan import Params, QueryPlan, clean_line
from .results import Results


def search(params: Params) -> Results:
    """The page of results for `params`: hits, total count and facet counts.

    Without a query, the newest documents that pass the filters. The first
    page of an unfiltered search starts with the editors' pinned answers
    for it (`search.promotions`), pages of the same site only. Never raises
    for anything a user can type.
    """
    plan = QueryPlan.parse(params.q)
    results = get_engine().search(params, plan)
    results.content_text = plan.content_text
    if params.q and params.page == 1 and not params.has_filters:
        results.promoted = promotions.promoted(params.q, plan, params.site)
        # By page id: two wards' pages may share an address (a path).
        pinned = {hit["id"] for hit in results.promoted if "id" in hit}
        results.hits = [hit for hit in results.hits if hit.get("id") not in pinned]
    folded = analysis.fold(params.q)
    if folded != analysis.normalize(params.q):
        results.folded_query = folded
    return results


def suggest(text: str, limit: int = 8, site: int | None = None) -> list[dict]:
    """Documents of `site` (`Params.site`) whose title completes `text` as
    it is being typed."""
    return get_engine().suggest(clean_line(text)[:200], limit=limit, site=site)
