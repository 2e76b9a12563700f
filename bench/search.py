"""Search benchmark: the embedded Tantivy index beside SQLite FTS5.

Generates a deterministic Vietnamese corpus (bench/corpus.py, the importer's
format), turns every record into a search document with the same builder the
site uses (`search.builder.build_document`), and indexes those documents
into a temporary Tantivy index and, as the obvious alternative, into an
SQLite FTS5 table holding the same (folded) text. Then prints:

- index build time and documents per second (analysis included),
- p50/p95/p99 latency of the full search (`backend.search`: ranking, facets,
  snippets, as /api/search/ runs it) for a mixed query load, each run a new
  query (facet cache cleared), then the next page of each (facets cached),
  and the mean time of each phase,
- bare top-10 latency, all terms required and any term, for Tantivy and
  FTS5 (BM25) on the same queries,
- the time to analyse a query (`QueryPlan.parse`, word segmentation
  included, its cache cleared).

To compare two versions of the search in one run, check the older one out
beside this one and run this same file under each (it works with both the
query plans before and after the honest-search levels):

    git worktree add /tmp/base aea5c04 && cp bench/*.py /tmp/base/bench/
    .venv/bin/python bench/search.py --docs 100000
    .venv/bin/python /tmp/base/bench/search.py --docs 100000

    .venv/bin/python bench/search.py --docs 100000

Many wards in one index (issue 15): `--wards 3 30` spreads the same `--docs`
over 3 wards and then over 30 (round-robin, each a site root of its own),
rebuilds the index for each and runs the query load from ward 1, then
city-wide (every ward, no alias copies), and prints them side by side:

    .venv/bin/python bench/search.py --docs 30000 --wards 3 30

No database or Django request is involved: the figures are the engine's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

import corpus  # noqa: E402
from tantivy import Occur, Query  # noqa: E402

from directives.blocks import paragraphs_to_stream  # noqa: E402
from directives.models import (  # noqa: E402
    ArticlePage,
    DirectivePage,
    IssuingBody,
    NoticePage,
)
from search import analysis  # noqa: E402
from search.builder import build_document  # noqa: E402
from search.engines import open_engine  # noqa: E402
from search.plan import Params, QueryPlan  # noqa: E402

QUERIES = [
    # (query, filters)
    ("phòng chống đuối nước", {}),
    ("phong chong duoi nuoc", {}),
    ("tiếp công dân", {}),
    ("tiep cong dan khieu nai", {}),
    ("cải cách hành chính", {}),
    ("cai cach hanh chinh", {"kind": "directive"}),
    ("ủy ban nhân dân phường", {}),
    ("UBND phường", {}),
    ("phòng cháy chữa cháy", {"status": "in_force"}),
    ("PCCC", {}),
    ("nếp sống văn minh đô thị", {}),
    ("nep song van minh do thi", {"doc_type": "Chỉ thị"}),
    ("kiểm tra giám sát", {}),
    ("an toàn giao thông", {"year": 2020}),
    ("hoà giải ở cơ sở", {}),
    ("chi thi 12", {}),
    ("các hộ gia đình có hoàn cảnh khó khăn", {}),
    ("trật tự xây dựng", {}),
    # residents' questions: question words, marks, slogans, mixed typing
    ("cấp sổ đỏ ở đâu", {}),
    ("thủ tục đăng ký tạm trú như thế nào", {}),
    ("5 xay 3 chong", {}),
    ("ho tro hộ nghèo", {}),
]


class Root(NamedTuple):
    """A ward's site root, as `Site.get_site_root_paths()` lists it."""

    site_id: int
    root_path: str


def ward_roots(wards: int) -> list[Root]:
    return [Root(ward, f"/phuong-{ward}/") for ward in range(1, wards + 1)]


def page_like(pk: int, record: dict, wards: int = 1):
    """The page an import record makes (unsaved: build_document only reads
    it), in ward pk mod `wards` (`ward_roots`)."""
    date = datetime.date.fromisoformat
    common = {
        "pk": pk,
        "title": record["title"],
        "body": paragraphs_to_stream(record["body"]),
        "url_path": f"/phuong-{pk % wards + 1}/trang/{pk}/",
        "live_revision_id": pk,
        # Set, so that Wagtail does not look it up (there is no database).
        "content_type_id": 1,
    }
    if record["kind"] == "directive":
        return DirectivePage(
            summary=record.get("summary", ""),
            doc_type=record["doc_type"],
            number=record["number"],
            issuer=IssuingBody(name=record["issuer"], short_name=""),
            signed_on=date(record["signed_on"]),
            status=record.get("status", "in_force"),
            **common,
        )
    model = NoticePage if record["kind"] == "notice" else ArticlePage
    page = model(published_on=date(record["published_on"]), **common)
    if record["kind"] == "notice":
        page.valid_until = (
            date(record["valid_until"]) if record.get("valid_until") else None
        )
    else:
        page.lead = record.get("lead", "")
    return page


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return f"p50 {at(0.50):7.2f} ms  p95 {at(0.95):7.2f} ms  p99 {at(0.99):7.2f} ms"


def timed(function, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def query_words(text: str) -> list[str]:
    return analysis.analyze(text, query=True).folded


def fts5_index(docs, path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, summary, body,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    rows = (
        (
            doc.id,
            analysis.fold(doc.title),
            analysis.fold(doc.summary),
            analysis.fold(doc.body),
        )
        for doc in docs
    )
    db.executemany(
        "INSERT INTO docs(rowid, title, summary, body) VALUES (?, ?, ?, ?)", rows
    )
    db.commit()
    return db


def fts5_top10(db, words: list[str], operator: str) -> list:
    match = f" {operator} ".join('"' + w.replace('"', "") + '"' for w in words)
    return db.execute(
        "SELECT rowid FROM docs WHERE docs MATCH ?"
        " ORDER BY bm25(docs, 3.0, 1.5, 1.0) LIMIT 10",
        (match,),
    ).fetchall()


def tantivy_top10(backend, words: list[str], occur) -> list:
    clauses = [
        (
            occur,
            Query.disjunction_max_query(
                [
                    Query.term_query(backend.schema, f"{field}_folded", word)
                    for field in ("title", "summary", "body")
                ]
            ),
        )
        for word in words
    ]
    return backend.searcher().search(Query.boolean_query(clauses), 10).hits


def phases(backend, plans) -> None:
    """Mean time of each part of a full search, over the query load."""
    totals = dict.fromkeys(("facets + count", "top 10", "hits + snippets"), 0.0)
    searcher, generation = backend._snapshot()
    for params, plan in plans:
        backend.clear_cache()
        start = time.perf_counter()
        level = backend._counted_facets(searcher, generation, plan, params)
        # (plan, require, facets) since the honest levels; (require, facets) before.
        used, require = (level[0], level[1]) if len(level) == 3 else (plan, level[0])
        middle = time.perf_counter()
        found = searcher.search(
            backend._query(used, params, require),
            10,
            count=False,
            weight_by_field="weight",
        )
        end = time.perf_counter()
        for _, address in found.hits:
            backend._hit(searcher, address, plan)
        totals["facets + count"] += middle - start
        totals["top 10"] += end - middle
        totals["hits + snippets"] += time.perf_counter() - end
    print(
        "  mean per phase     "
        + ", ".join(f"{k} {v / len(plans) * 1000:.2f} ms" for k, v in totals.items())
    )


def compare_wards(records: list[dict], wards_list: list[int], rounds: int) -> int:
    """The query load from ward 1 and city-wide, the same documents spread
    over each number of wards; one table."""
    plans = [
        (q, filters, QueryPlan.parse(q, table=analysis.DEFAULT_SYNONYMS))
        for q, filters in QUERIES
    ]
    rows: dict[str, list[str]] = {}
    for wards in wards_list:
        roots = ward_roots(wards)
        docs = [
            build_document(page_like(pk, r, wards), roots)
            for pk, r in enumerate(records, 1)
        ]
        work = Path(tempfile.mkdtemp(prefix="bench-wards-"))
        try:
            backend = open_engine(path=str(work / "tantivy"))
            started = time.perf_counter()
            backend.rebuild(docs)
            built = time.perf_counter() - started
            print(
                f"{wards} wards: {len(docs)} documents, about {len(docs) // wards} "
                f"a ward; index rebuilt in {built:.1f} s"
            )
            for label, site in (("ward 1", 1), ("city-wide", None)):
                cold, cached, found = query_load(backend, plans, site, rounds)
                for kind, samples in (("new query", cold), ("next page", cached)):
                    key = f"{label}, {kind} p50 / p95 / p99 ms"
                    rows.setdefault(key, []).append(short_percentiles(samples))
                key = f"{label}, mean results a query"
                rows.setdefault(key, []).append(f"{statistics.mean(found):,.0f}")
            rows.setdefault("index rebuild", []).append(f"{built:.1f} s")
        finally:
            open_engine.cache_clear()
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"\n| {len(records):,} documents, {len(QUERIES)} queries × {rounds} | "
        + " | ".join(f"{w} wards" for w in wards_list)
        + " |"
    )
    print("| --- |" + " --- |" * len(wards_list))
    for key, cells in rows.items():
        print(f"| {key} | " + " | ".join(cells) + " |")
    return 0


def query_load(backend, plans, site, rounds):
    """Each query from `site` (None: city-wide) `rounds` times afresh, then
    its next page once; the timings and how many each query found."""
    cold, cached, found = [], [], []
    for q, filters, plan in plans:
        params = Params(q=q, site=site, **filters)
        backend.search(params, plan)  # warm the OS and engine caches

        def fresh(p=params, pl=plan):
            backend.clear_cache()  # facets afresh, as for a new query
            return backend.search(p, pl)

        cold += timed(fresh, rounds)
        following = Params(**{**vars(params), "page": 2})
        cached += timed(lambda p=following, pl=plan: backend.search(p, pl), 1)
        found.append(backend.search(params, plan).count)
    return cold, cached, found


def short_percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return f"{at(0.5):.1f} / {at(0.95):.1f} / {at(0.99):.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each query")
    parser.add_argument(
        "--wards",
        type=int,
        nargs="*",
        default=[],
        help="compare these numbers of wards sharing the documents (e.g. 3 30)",
    )
    args = parser.parse_args(argv)

    directives = int(args.docs * 0.7)
    notices = int(args.docs * 0.2)
    articles = args.docs - directives - notices
    print(
        f"corpus: {args.docs} documents ({directives} directives, {notices} "
        f"notices, {articles} articles), cores: {os.cpu_count()}"
    )

    started = time.perf_counter()
    records = list(corpus.generate(directives, notices, articles))
    generated = time.perf_counter() - started
    started = time.perf_counter()
    if args.wards:
        return compare_wards(records, args.wards, args.rounds)
    roots = ward_roots(1)
    docs = [build_document(page_like(pk, r), roots) for pk, r in enumerate(records, 1)]
    built = time.perf_counter() - started
    chars = statistics.mean(len(d.body) for d in docs)
    print(
        f"generate {generated:.1f} s, documents {built:.1f} s, "
        f"mean body {chars:.0f} characters"
    )

    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        backend = open_engine(path=str(work / "tantivy"))
        started = time.perf_counter()
        backend.rebuild(docs)
        engine = time.perf_counter() - started
        size = backend.stats()["bytes"] / 2**20
        print(
            f"tantivy: full rebuild (analysis + indexing) {engine:.1f} s, "
            f"{len(docs) / engine:,.0f} docs/s, {size:.0f} MiB"
        )

        started = time.perf_counter()
        db = fts5_index(docs, work / "fts5.sqlite3")
        fts_time = time.perf_counter() - started
        print(
            f"sqlite fts5: index {fts_time:.1f} s, "
            f"{len(docs) / fts_time:,.0f} docs/s (text already folded)"
        )

        plans = [
            (
                Params(q=q, **filters),
                QueryPlan.parse(q, table=analysis.DEFAULT_SYNONYMS),
            )
            for q, filters in QUERIES
        ]
        # Query analysis, which the figures below leave out: each query
        # parsed afresh (the word segmenter's cache cleared, where there is one).
        try:
            from search import words as segmenter
        except ImportError:  # a version before word segmentation
            segmenter = None
        parse = []
        for q, _ in QUERIES:
            for _ in range(args.rounds):
                if segmenter is not None:
                    segmenter.segment_syllables.cache_clear()
                started = time.perf_counter()
                QueryPlan.parse(q, table=analysis.DEFAULT_SYNONYMS)
                parse.append(time.perf_counter() - started)
        print(
            f"query analysis (QueryPlan.parse), {len(parse)} runs: {percentiles(parse)}"
        )
        for params, plan in plans:  # warm the OS and engine caches once
            backend.search(params, plan)

        def cold(params, plan):
            backend.clear_cache()  # facets computed afresh, as for a new query
            return backend.search(params, plan)

        api, cached = [], []
        for params, plan in plans:
            api += timed(lambda p=params, pl=plan: cold(p, pl), args.rounds)
            # The next page of the same search: its facets are cached.
            following = Params(**{**vars(params), "page": 2})
            cached += timed(lambda p=following, pl=plan: backend.search(p, pl), 1)
        print(f"\nfull search (ranking + facets + snippets), {len(api)} runs:")
        print(f"  new query          {percentiles(api)}")
        print(f"  next page (cached) {percentiles(cached)}")
        phases(backend, plans)

        words = [query_words(q) for q, _ in QUERIES]
        print("\nbare top-10 BM25 on the same words:")
        for label, occur, operator in (
            ("all terms", Occur.Must, "AND"),
            ("any term ", Occur.Should, "OR"),
        ):
            t_samples, f_samples = [], []
            for w in words:
                t_samples += timed(lambda w=w, o=occur: tantivy_top10(backend, w, o), 3)
                f_samples += timed(lambda w=w, o=operator: fts5_top10(db, w, o), 3)
            print(f"  {label}  tantivy {percentiles(t_samples)}")
            print(f"  {label}  fts5    {percentiles(f_samples)}")
        db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    random.seed(0)
    raise SystemExit(main())
