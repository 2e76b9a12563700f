"""Search quality: MRR@10 over a file of queries with their relevant documents.

A line of the queries file is ``{"q": "...", "relevant": [...]}`` where each
relevant item is a directive's số, ký hiệu ("16/CT-TTg") or the title of a
notice or article. Used by `manage.py search_eval` and by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis

TOP = 10


@dataclass
class QueryResult:
    q: str
    relevant: list[str]
    found: list[str]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first relevant result in the top 10, or None."""
        wanted = {_identity(r) for r in self.relevant}
        for rank, name in enumerate(self.found[:TOP], start=1):
            if _identity(name) in wanted:
                return rank
        return None


@dataclass
class Report:
    name: str
    results: list[QueryResult] = field(default_factory=list)

    @property
    def mrr(self) -> float:
        if not self.results:
            return 0.0
        return sum(1 / r.rank for r in self.results if r.rank) / len(self.results)

    @property
    def misses(self) -> int:
        return sum(1 for r in self.results if r.rank is None)


def _identity(name: str) -> str:
    return analysis.symbol_key(name) or analysis.normalize(name)


def hit_name(hit: dict) -> str:
    """How a queries file names a result: its number, else its title."""
    return hit.get("number") or hit["title"]


def load_queries(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(name: str, queries: list[dict], run: Callable[[str], list[str]]):
    """Run every query through `run` (query → result names, best first)."""
    report = Report(name)
    for query in queries:
        report.results.append(
            QueryResult(query["q"], query["relevant"], run(query["q"])[:TOP])
        )
    return report


def portal_names(q: str) -> list[str]:
    from .query import Params, search

    return [hit_name(hit) for hit in search(Params(q=q)).hits]


def wagtail_database_names(q: str) -> list[str]:
    """The same query through Wagtail's stock database backend."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("wagtail.search.backends.database")
    try:
        pages = backend.search(q, Page.objects.live().public().specific())[:TOP]
        return [
            page.number if hasattr(page, "number") else page.title for page in pages
        ]
    except Exception:  # the stock backend chokes on a stray quote: a miss
        return []


def format_report(report: Report) -> str:
    lines = [f"== {report.name}"]
    for result in report.results:
        rank = result.rank or "-"
        lines.append(f"{rank!s:>3}  {result.q}")
    lines.append(
        f"MRR@10 {report.mrr:.3f}   misses {report.misses}/{len(report.results)}"
    )
    return "\n".join(lines)
