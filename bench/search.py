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
- bare top-10 latency, all terms required and any term, with and without
  counting the matches, for Tantivy (interleaved with the full searches, so
  that the machine's load weighs on both alike) and FTS5 (BM25) on the same
  queries, and the ratio "full portal search p95 / bare Tantivy top-10 p95"
  over each; the one to hold to is over the cheapest of the four,
- peak RSS and the load average (before, during and after the queries),
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

A large index is built once and kept (`--index DIR`; the next run with
the same `--docs` reuses it and prints the figures of its build), the
corpus streamed rather than held in memory. A million documents on a
shared machine:

    nice -n 15 .venv/bin/python bench/search.py --docs 1000000 \
        --index /tmp/searchscale-1m --build-only --progress 25000
    nice -n 10 .venv/bin/python bench/search.py --docs 1000000 \
        --index /tmp/searchscale-1m --no-fts5

(about 40 minutes of CPU for the analysis and indexing). Where that cannot
be had, `--replicate 10` indexes 100,000 distinct documents 10 times each
(analysed once), and with `--copy-segments-of /tmp/searchscale-100k` (an
index kept by a 100,000-document run) the million is made by copying that
index's segments 10 times, in a minute, not built at all.

No database or Django request is involved: the figures are the engine's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
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
from search.engines.embedded import store  # noqa: E402
from search.engines.embedded.store import POINTER  # noqa: E402
from search.plan import Params, QueryPlan  # noqa: E402

try:
    from search import words as segmenter  # noqa: E402
except ImportError:  # a version before word segmentation
    segmenter = None

# Beside a kept index (`--index`): how long its build took.
BUILD_RECORD = "build.json"

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


def tantivy_top10(backend, words: list[str], occur, count: bool = True) -> list:
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
    found = backend.searcher().search(Query.boolean_query(clauses), 10, count=count)
    return found.hits


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


def streamed_documents(args, roots, seen: dict):
    """The corpus's search documents one at a time (1,000,000 never sit in
    memory together); `seen` gathers their number and body characters."""
    directives, notices, articles = corpus_sizes(args.docs // args.replicate)
    records = corpus.generate(directives, notices, articles)
    for pk, record in enumerate(records, 1):
        doc = build_document(page_like(pk, record), roots)
        seen["documents"] = seen.get("documents", 0) + 1
        seen["body"] = seen.get("body", 0) + len(doc.body)
        for _ in range(args.replicate - 1):
            yield doc  # the same object: `Replicated` analyses it once
        if args.progress and pk % args.progress == 0:
            # How far a long build got (and the CPU it had: the machine is shared).
            print(
                f"  {pk * args.replicate:,} documents ({pk:,} distinct) in "
                f"{time.perf_counter() - seen['started']:.0f} s"
                f" (CPU {time.process_time():.0f} s), RSS {peak_rss_mib():,.0f} MiB,"
                f" {load()}",
                flush=True,
            )
        yield doc


class Replicated:
    """`to_tantivy` for `--replicate`: a document given again (the same
    object, next in the stream) is not analysed again."""

    def __init__(self, convert):
        self.convert = convert
        self.last = (None, None)

    def __call__(self, doc):
        if self.last[0] is not doc:
            self.last = (doc, self.convert(doc))
        return self.last[1]


def corpus_sizes(docs: int) -> tuple[int, int, int]:
    directives = int(docs * 0.7)
    notices = int(docs * 0.2)
    return directives, notices, docs - directives - notices


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


SEGMENT_FILES = (".fast", ".fieldnorm", ".idx", ".pos", ".store", ".term")


def copy_segments(source: Path, folder: Path, copies: int, docs: int) -> None:
    """An index of `copies` x the documents of the index kept in `source`
    (`--index` of an earlier run), made in `folder` by copying its segment
    files under new segment ids and listing them all in meta.json: the
    posting lists, matches and facet counts of a larger index without its
    build (every document `copies` times, the same term statistics)."""
    old_root, new_root = source / "tantivy", folder / "tantivy"
    generation = (old_root / POINTER).read_text().strip()
    old, new = old_root / generation, new_root / generation
    new.mkdir(parents=True)
    meta = json.loads((old / "meta.json").read_text())
    segments = []
    for _ in range(copies):
        for segment in meta["segments"]:
            name = uuid.uuid4()
            for path in old.glob(segment["segment_id"].replace("-", "") + ".*"):
                shutil.copyfile(path, new / f"{name.hex}{path.suffix}")
            segments.append({**segment, "segment_id": str(name)})
    for path in old.iterdir():
        if path.suffix not in SEGMENT_FILES and path.name != "meta.json":
            shutil.copyfile(path, new / path.name)
    (new / "meta.json").write_text(json.dumps({**meta, "segments": segments}))
    (new_root / POINTER).write_text(f"{generation}\n")
    note = (
        f"{copies} copies of the segments of the index in {source}, made by "
        "copying files: not a build"
    )
    (folder / BUILD_RECORD).write_text(
        json.dumps({"docs": docs, "replicate": copies, "note": note})
    )


def build_index(args, folder: Path):
    """Build the Tantivy index of `--docs` documents in `folder`, or reuse
    the one a previous run with `--index` left there (its build figures
    are kept beside it in BUILD_RECORD)."""
    record = folder / BUILD_RECORD
    backend = open_engine(path=str(folder / "tantivy"))
    if record.exists():
        built = json.loads(record.read_text())
        if (built["docs"], built.get("replicate", 1)) == (args.docs, args.replicate):
            if "note" in built:  # made otherwise than by this file's build
                print(f"tantivy: reusing the index in {folder} ({built['note']})")
                return backend, built
            print(
                f"tantivy: reusing the index in {folder} (built {built['date']}: "
                f"{built['seconds']:.1f} s, {built['docs_per_second']:,.0f} docs/s, "
                f"peak RSS {built['rss_mib']:,.0f} MiB, {built['load']})"
            )
            return backend, built
    if args.replicate > 1:
        store.to_tantivy = Replicated(store.to_tantivy)
    started = time.perf_counter()
    seen: dict = {"started": started}
    backend.rebuild(streamed_documents(args, ward_roots(1), seen))
    seconds = time.perf_counter() - started
    built = {
        "docs": args.docs,
        "replicate": args.replicate,
        "date": datetime.date.today().isoformat(),
        "seconds": seconds,
        "docs_per_second": args.docs / seconds,
        "mean_body": seen["body"] / seen["documents"],
        "rss_mib": peak_rss_mib(),
        "load": load(),
    }
    if args.index:
        record.write_text(json.dumps(built))
    print(
        f"tantivy: full rebuild (corpus generation, document building, analysis, "
        f"indexing; streamed) {seconds:.1f} s, {built['docs_per_second']:,.0f} "
        f"docs/s, mean body {built['mean_body']:.0f} characters, peak RSS "
        f"{built['rss_mib']:,.0f} MiB, {built['load']}"
    )
    return backend, built


def measure(backend, plans, words, rounds: int) -> dict[str, list[float]]:
    """The full search of each query (facets afresh) and the bare top 10 of
    its words, interleaved query by query and round by round, so that the
    machine's load weighs on both alike (the ratio is steadier than either
    figure); then the next page of each query once (facets cached)."""
    bare = {
        f"{label}, {'with' if count else 'no'} count": (occur, count)
        for label, occur in (("all terms", Occur.Must), ("any term", Occur.Should))
        for count in (False, True)
    }
    samples: dict[str, list[float]] = {"full": [], "next page": []}
    samples.update({name: [] for name in bare})
    for params, plan in plans:  # warm the OS and engine caches once
        backend.search(params, plan)
    for _ in range(rounds):
        for (params, plan), w in zip(plans, words, strict=True):

            def fresh(p=params, pl=plan):
                backend.clear_cache()  # facets computed afresh, as for a new query
                return backend.search(p, pl)

            samples["full"] += timed(fresh, 1)
            for name, (occur, count) in bare.items():
                samples[name] += timed(
                    lambda w=w, o=occur, c=count: tantivy_top10(backend, w, o, c), 1
                )
    for params, plan in plans:
        following = Params(**{**vars(params), "page": 2})
        samples["next page"] += timed(
            lambda p=following, pl=plan: backend.search(p, pl), 1
        )
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


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
    parser.add_argument(
        "--index",
        type=Path,
        help="keep the Tantivy index in this folder and reuse it next time "
        "(same --docs): query-side changes measured without a rebuild",
    )
    parser.add_argument(
        "--no-fts5",
        action="store_true",
        help="leave out the SQLite FTS5 alternative (at 1,000,000 documents "
        "it alone would take about half an hour more)",
    )
    parser.add_argument(
        "--replicate",
        type=int,
        default=1,
        help="index each of --docs / N distinct documents N times (analysed "
        "once): the posting lists, matches and facet counts of --docs "
        "documents for a machine too busy to analyse them all",
    )
    parser.add_argument(
        "--copy-segments-of",
        type=Path,
        help="with --index and --replicate N: make the index of --docs from "
        "N copies of the segments of the index kept in this folder (made with "
        "--index and --docs divided by N) instead of building it",
    )
    parser.add_argument(
        "--progress",
        type=int,
        default=0,
        help="print a line every this many documents while building",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build (or find) the index, stop"
    )
    args = parser.parse_args(argv)

    directives, notices, articles = corpus_sizes(args.docs)
    print(
        f"corpus: {args.docs} documents ({directives} directives, {notices} "
        f"notices, {articles} articles), cores: {os.cpu_count()}, {load()}"
    )
    if args.wards:
        records = list(corpus.generate(directives, notices, articles))
        return compare_wards(records, args.wards, args.rounds)

    if args.index:
        args.index.mkdir(parents=True, exist_ok=True)
        if args.copy_segments_of and not (args.index / BUILD_RECORD).exists():
            copy_segments(args.copy_segments_of, args.index, args.replicate, args.docs)
    work = args.index or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        backend, built = build_index(args, work)
        size = backend.stats()["bytes"] / 2**20
        print(f"tantivy: index on disk {size:,.0f} MiB")
        if args.build_only:
            return 0

        db = None
        if not args.no_fts5 and args.replicate == 1:
            started = time.perf_counter()
            db = fts5_index(
                streamed_documents(args, ward_roots(1), {"started": started}),
                work / "fts5.sqlite3",
            )
            fts_time = time.perf_counter() - started
            print(
                f"sqlite fts5: documents rebuilt and indexed in {fts_time:.1f} s, "
                f"{args.docs / fts_time:,.0f} docs/s"
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
        words = [query_words(q) for q, _ in QUERIES]
        print(f"queries: {load()}")
        samples = measure(backend, plans, words, args.rounds)
        print(f"queries done: {load()}")
        full = samples.pop("full")
        print(f"\nfull search (ranking + facets + snippets), {len(full)} runs:")
        print(f"  new query          {percentiles(full)}")
        print(f"  next page (cached) {percentiles(samples.pop('next page'))}")
        phases(backend, plans)

        print(
            "\nbare Tantivy top 10 (BM25, the query's folded words in title, "
            "summary and body), same runs:"
        )
        for name, bare in samples.items():
            print(f"  {name:<21} {percentiles(bare)}")
        cheapest = min(samples, key=lambda name: p95(samples[name]))
        print("\nfull portal search p95 / bare Tantivy top-10 p95:")
        for name, bare in samples.items():
            print(f"  over {name:<21} {p95(full) / p95(bare):5.2f}")
        print(
            f"  ratio (the strictest: over the cheapest bare query, {cheapest}) "
            f"{p95(full) / p95(samples[cheapest]):.2f}"
        )

        if db is not None:
            print("\nbare SQLite FTS5 top 10 (BM25) on the same words:")
            for label, operator in (("all terms", "AND"), ("any term ", "OR")):
                f_samples = []
                for w in words:
                    f_samples += timed(lambda w=w, o=operator: fts5_top10(db, w, o), 3)
                print(f"  {label}  fts5    {percentiles(f_samples)}")
            db.close()
        print(f"peak RSS {peak_rss_mib():,.0f} MiB, {load()}")
    finally:
        if not args.index:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    random.seed(0)
    raise SystemExit(main())
