"""Search quality, measured: known items, needs, no-answers and highlights.

Known-item queries (``dev_queries.jsonl``): ``{"q": "...", "relevant": [...]}``
where each relevant item is a directive's số, ký hiệu ("16/CT-TTg") or the
title of a notice or article; scored by MRR@10.

Honest-search queries (``dev_honest_queries.jsonl``), three kinds:

- need (``"expect": "all"``, ``"top3": [...]``): a resident's question with a
  page that answers it; passes when the search says ``match`` "all" and one
  of `top3` is among the first three results;
- no-answer (``"expect": "no-answer"``): no page holds every word; passes
  when the search says "none" or "partial" and marks no wrong word;
- highlights (``"must_not_mark"`` on either kind, and for every query the
  general rule): no snippet marks a word listed, nor, for a query typed with
  diacritics, a word that differs from the query's only in its marks.

Used by `manage.py search_eval` and by the tests.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from . import analysis
from .plan import Params, QueryPlan
from .query import search

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
    return [hit_name(hit) for hit in search(Params(q=q)).hits]


def wagtail_database_names(q: str) -> list[str]:
    """The same query through Wagtail's stock database backend."""
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


# -- honest search ----------------------------------------------------------

_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def marks(snippet: str) -> list[str]:
    """What each <mark> of one snippet holds, normalised ("hòm thư góp ý")."""
    return [analysis.normalize(html.unescape(m)) for m in _MARK_RE.findall(snippet)]


def false_marks(q: str, snippets: list[str], must_not_mark=()) -> list[str]:
    """Marked words that should not be: those listed, and, when `q` was typed
    with diacritics, a syllable whose folded form is one of the query's but
    whose marks are not ("số" for "sổ", "thư" for "thu phí")."""
    plan = QueryPlan.parse(q)
    banned = {analysis.normalize(word) for word in must_not_mark}
    typed = {term.exact for v in plan.variants for term in v.terms}
    folded = {term.folded for v in plan.variants for term in v.terms}
    wrong = []
    for snippet in snippets:
        for marked in marks(snippet):
            if marked in banned:  # a whole mark: "góp" alone, not "góp ý"
                wrong.append(marked)
                continue
            for word in analysis.analyze(marked).exact:
                if plan.precise and word not in typed and analysis.fold(word) in folded:
                    wrong.append(word)
    return wrong


@dataclass
class HonestResult:
    q: str
    expect: str  # "all" (a need) or "no-answer"
    match: str
    found: list[str]
    wrong_marks: list[str]
    top3: list[str] = field(default_factory=list)

    @property
    def found_in_top3(self) -> bool:
        wanted = {_identity(name) for name in self.top3}
        return any(_identity(name) in wanted for name in self.found[:3])

    @property
    def passed(self) -> bool:
        if self.wrong_marks:
            return False
        if self.expect == "all":
            return self.match == "all" and self.found_in_top3
        return self.match in ("none", "partial")


@dataclass
class HonestReport:
    results: list[HonestResult] = field(default_factory=list)

    def kind(self, expect: str) -> list[HonestResult]:
        return [r for r in self.results if r.expect == expect]

    @staticmethod
    def _rate(results: list[HonestResult]) -> tuple[int, int]:
        return sum(1 for r in results if r.passed), len(results)

    @property
    def needs(self) -> tuple[int, int]:
        return self._rate(self.kind("all"))

    @property
    def no_answers(self) -> tuple[int, int]:
        return self._rate(self.kind("no-answer"))

    @property
    def wrong_marks(self) -> int:
        return sum(len(r.wrong_marks) for r in self.results)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def run_portal(q: str) -> dict:
    return search(Params(q=q)).as_json()


def evaluate_honest(
    queries: list[dict], run: Callable[[str], dict] = run_portal
) -> HonestReport:
    """Run every honest-search query (`run`: query → the API's response)."""
    report = HonestReport()
    for query in queries:
        response = run(query["q"])
        hits = response["results"][:TOP]
        report.results.append(
            HonestResult(
                q=query["q"],
                expect=query["expect"],
                match=response["match"],
                found=[hit_name(hit) for hit in hits],
                wrong_marks=false_marks(
                    query["q"],
                    [hit.get("snippet", "") for hit in hits],
                    query.get("must_not_mark", ()),
                ),
                top3=query.get("top3", []),
            )
        )
    return report


def format_honest(report: HonestReport) -> str:
    lines = ["== portal, honest search"]
    for result in report.results:
        verdict = "ok " if result.passed else "NO "
        detail = f"match={result.match}"
        if result.expect == "all":
            detail += f" top3={'yes' if result.found_in_top3 else 'no'}"
        if result.wrong_marks:
            detail += f" wrong marks: {', '.join(result.wrong_marks)}"
        kind = "need     " if result.expect == "all" else "no-answer"
        lines.append(f"{verdict} {kind} {result.q}  ({detail})")
    needs, no_answers = report.needs, report.no_answers
    lines.append(
        f"needs {needs[0]}/{needs[1]} (match all, answer in top 3)   "
        f"no-answers {no_answers[0]}/{no_answers[1]} (none or partial)   "
        f"wrong marks {report.wrong_marks}"
    )
    return "\n".join(lines)
