"""The embedded engine: search and suggestions over the index folder.

A search stays fast at 100,000 documents because nothing in it visits every
match more than once, cheaply: the count and facets come from a match-only
query (`compile`, `rank=False`), cached per (query, filters) until the next
commit (`facets`); the ranking query scores words in fields without
positions and finds adjacent words as indexed pairs (a phrase would check
positions in every match); snippets are cut from at most `SCAN_CHARS`
stored characters.
"""

from __future__ import annotations

import json
import os
import time

from tantivy import Occur, Query

from ... import analysis
from ...plan import PER_PAGE, Params, QueryPlan
from ...results import Results, empty_facets
from ..base import SearchEngine, match_of, result_hit, suggestion
from .compile import QueryCompiler
from .facets import FacetCache, facet_counts
from .store import IndexStore

SUGGEST_FIELDS = ("title_folded", "number")


class EmbeddedEngine(IndexStore, SearchEngine):
    """Tantivy in a folder under DATA_DIR (`IndexStore`): nothing runs
    beside the site."""

    name = "embedded"

    def __init__(self, path: str | os.PathLike):
        super().__init__(path)
        self.compiler = QueryCompiler(self.schema)
        self.facet_cache = FacetCache()

    def clear_cache(self) -> None:
        self.facet_cache.clear()

    def _query(
        self, plan: QueryPlan, params: Params, require: str, rank: bool = True
    ) -> Query:
        return self.compiler.query(plan, params, require, rank)

    def _counted_facets(
        self, searcher, generation: int, plan: QueryPlan, params: Params
    ) -> tuple[QueryPlan, str, dict]:
        """The strictest match level that finds something (`plan.levels()`:
        "all" words, read strictly then token by token, else "most", else
        "any") with its exact facet counts, computed once per (query,
        filters) and index generation (`FacetCache`)."""
        key = (generation, plan.signature, params.filter_key)
        now = int(time.time())
        cached = self.facet_cache.get(key, now)
        if cached is not None:
            return cached
        for used, require in plan.levels():
            # A match-only query (no scoring): the documents and their count.
            facets = facet_counts(searcher, self._query(used, params, require, False))
            if any(facets["kind"].values()):
                break
        valid_until = self.facet_cache.valid_until(
            searcher, self.schema, generation, now
        )
        self.facet_cache.put(key, (used, require, facets), valid_until)
        return used, require, facets

    def _hit(self, searcher, address, plan: QueryPlan) -> dict:
        stored = json.loads(searcher.doc(address).get_first("stored"))
        return result_hit(
            stored["hit"],
            stored["text"],
            plan,
            stored.get("original", ()),
            stored.get("heading", ""),
        )

    def search(self, params: Params, plan: QueryPlan) -> Results:
        results = Results(params=params, facets=empty_facets())
        if plan.empty and params.q:
            return results  # only punctuation: nothing to look for
        searcher, generation = self._snapshot()
        plan, require, facets = self._counted_facets(searcher, generation, plan, params)
        # A copy of the cached counts ({facet: {value: count}}): the caller may
        # change its own.
        results.facets = {name: dict(counts) for name, counts in facets.items()}
        # Every document has a kind: the total comes from the facets, so the
        # top 10 need not count.
        results.count = sum(facets["kind"].values())
        if results.count:
            results.match = match_of(require)
        if not results.count or params.offset >= results.count:
            return results
        query = self._query(plan, params, require)
        # A query ranks by relevance (weighted); browsing without one, by date.
        ordering = (
            {"weight_by_field": "weight"} if plan else {"order_by_field": "order"}
        )
        found = searcher.search(
            query, PER_PAGE, count=False, offset=params.offset, **ordering
        )
        results.hits = [self._hit(searcher, address, plan) for _, address in found.hits]
        return results

    def suggest(self, text: str, limit: int = 8, site: int | None = None) -> list[dict]:
        """Titles that complete `text`: every word typed, the last one as a
        prefix, among the pages of `site`."""
        tokens = analysis.analyze(text, query=True).folded
        if not tokens or len(tokens) > 12:
            return []
        *complete, prefix = tokens
        searcher = self.searcher()
        clauses = [(Occur.Must, q) for q in self.compiler.filters(Params(site=site))]
        for word in complete:
            clauses.append((Occur.Must, self.compiler.title_or_number(word)))
        # The last word may be the start of a longer one: "ty" (how "ti" is
        # read, `analysis.unify_i_y`) also as "ti", the start of "tiếp".
        completions = [
            term
            for field in SUGGEST_FIELDS
            for start in analysis.i_y_spellings(prefix)
            for term, _ in searcher.terms_with_prefix(field, start, limit=20)
        ]
        if not completions:
            return []
        last = [
            Query.term_set_query(self.schema, field, completions)
            for field in SUGGEST_FIELDS
        ]
        clauses.append(
            (Occur.Must, Query.boolean_query([(Occur.Should, q) for q in last]))
        )
        found = searcher.search(
            Query.boolean_query(clauses), limit, weight_by_field="weight"
        )
        return [
            suggestion(json.loads(searcher.doc(address).get_first("stored"))["hit"])
            for _, address in found.hits
        ]

    def stats(self) -> dict:
        return {"backend": self.name, **self.folder_stats()}

    def _by_id(self, field: str) -> dict[int, int]:
        """{page id: value of the fast `field`} of every indexed document."""
        searcher = self.searcher()
        found = searcher.search(Query.all_query(), max(1, searcher.num_docs))
        addresses = [address for _, address in found.hits]
        ids = searcher.fast_field_values("id", addresses)
        values = searcher.fast_field_values(field, addresses)
        return dict(zip(ids, values, strict=True))

    def doc_stamps(self) -> dict[int, int]:
        return self._by_id("stamp")

    def doc_sites(self) -> dict[int, int]:
        return self._by_id("site")
