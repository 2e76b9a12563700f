"""Many wards in one installation: pages served and searches run from one
ward, with the same total volume spread over 3 wards and over 30.

    .venv/bin/python bench/wards.py [--docs 6000] [--wards 3 30] [--rounds 30]

For each number of wards, in a fresh SQLite database of its own (a child
process, `bench_env` with the test settings): migrate, the default ward's
structure, the other wards (a home page, "Văn bản" and "Thông báo", a Site
on its own host name), then `--docs` pages from bench/corpus.py dealt
round-robin to the wards (80 % directives, 20 % notices) and the search
index rebuilt (`indexing.rebuild`, the embedded engine). Pages are written
straight into the page tree, live, without revisions: building them through
Wagtail's publish (26 pages/s, see README) would take most of an hour. Then,
through Django's test client with ward 1's host name, each URL `--rounds`
times after a warm-up: the directive list, a page of it, a directive, the
notices, the search page and the search API, each with its SQL query count.
The engine's search from ward 1 and city-wide (as the admin's) is timed
beside them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import generate  # noqa: E402
from large_ward import PYTHON, bench_env  # noqa: E402

HOST = "phuong-1.example"
QUERY = "phòng chống cháy nổ"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000


def build(wards: int, docs: int) -> dict:
    """The database of one configuration; returns what was made and how long."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage
    from cms.site_structure import ensure_site_structure
    from directives.blocks import paragraphs_to_stream
    from directives.models import (
        DirectiveIndexPage,
        DirectivePage,
        IssuingBody,
        NoticeIndexPage,
        NoticePage,
    )
    from search import analysis, indexing

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sections = ensure_site_structure()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.site_name = HOST, 80, "Phường 1"
    site.save()
    parents = [(sections["DirectiveIndexPage"], sections["NoticeIndexPage"])]
    root = Page.get_first_root_node()
    for number in range(2, wards + 1):
        home = root.add_child(
            instance=HomePage(title=f"Phường {number}", slug=f"phuong-{number}")
        )
        pair = tuple(
            home.add_child(instance=model(title=title, slug=slug, live=True))
            for model, title, slug in (
                (DirectiveIndexPage, "Văn bản chỉ đạo", "van-ban"),
                (NoticeIndexPage, "Thông báo", "thong-bao"),
            )
        )
        Site.objects.create(
            hostname=f"phuong-{number}.example",
            port=80,
            root_page=home,
            site_name=f"Phường {number}",
        )
        parents.append(pair)

    directives = int(docs * 0.8)
    records = list(generate(directives, docs - directives, 0))
    locale = Locale.get_default()
    now = timezone.now()
    types = {
        kind: ContentType.objects.get_for_model(model)
        for kind, model in (("directive", DirectivePage), ("notice", NoticePage))
    }
    issuers = {}
    children = {parent.pk: 0 for pair in parents for parent in pair}
    for position, record in enumerate(records):
        kind = record["kind"]
        parent = parents[position % wards][0 if kind == "directive" else 1]
        children[parent.pk] += 1
        slug = f"{kind}-{position}"
        page = Page(
            content_type=types[kind],
            path=Page._get_path(parent.path, parent.depth + 1, children[parent.pk]),
            depth=parent.depth + 1,
            numchild=0,
            title=record["title"][:255],
            draft_title=record["title"][:255],
            slug=slug,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale=locale,
            translation_key=uuid.uuid4(),
        )
        page.save_base(raw=True)
        body = paragraphs_to_stream(record["body"])
        if kind == "directive":
            issuer = issuers.get(record["issuer"])
            if issuer is None:
                issuer = issuers[record["issuer"]] = IssuingBody.objects.get_or_create(
                    name=record["issuer"], defaults={"level": "city"}
                )[0]
            specific = DirectivePage(
                page_ptr=page,
                doc_type=record["doc_type"],
                number=record["number"],
                number_key=analysis.symbol_key(record["number"]) or "",
                issuer=issuer,
                signed_on=datetime.date.fromisoformat(record["signed_on"]),
                status=record.get("status", "in_force"),
                summary=record.get("summary", ""),
                body=body,
            )
        else:
            specific = NoticePage(
                page_ptr=page,
                published_on=datetime.date.fromisoformat(record["published_on"]),
                body=body,
            )
        specific.__dict__.update(
            {f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}
        )
        specific.save_base(raw=True)
    for parent_pk, count in children.items():
        Page.objects.filter(pk=parent_pk).update(numchild=count)
    made = time.perf_counter() - started
    started = time.perf_counter()
    indexed = indexing.rebuild()
    return {"pages_s": made, "index_s": time.perf_counter() - started, "docs": indexed}


def measure(rounds: int) -> list[dict]:
    """Each URL of ward 1, timed through the test client, with its queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.models import Site

    from directives.models import DirectivePage
    from search.plan import Params
    from search.query import search

    setup_test_environment()
    client = Client(HTTP_HOST=HOST, raise_request_exception=True)
    directive = (
        DirectivePage.objects.filter(url_path__startswith="/trang-chu/")
        .order_by("pk")
        .first()
    )
    urls = [
        ("/van-ban/", "/van-ban/"),
        ("/van-ban/?page=5", "/van-ban/?page=5"),
        ("a directive", directive.url_path.removeprefix("/trang-chu")),
        ("/thong-bao/", "/thong-bao/"),
        ("/tim-kiem/?q=", f"/tim-kiem/?q={QUERY}"),
        ("/api/search/?q=", f"/api/search/?q={QUERY}"),
    ]
    rows = []
    for label, url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
        rows.append(
            {
                "url": label,
                "p50": percentile(samples, 0.5),
                "p95": percentile(samples, 0.95),
                "queries": len(queries),
            }
        )
    # The engine alone: ward 1's search and the city-wide one (facets cached
    # after the first run of each, as for the next page of a search).
    ward = Site.objects.get(hostname=HOST).pk
    for label, site in (("search, ward 1 (engine)", ward), ("search, city-wide", None)):
        params = Params(q=QUERY, site=site)
        search(params)
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            count = search(params).count
            samples.append(time.perf_counter() - started)
        rows.append(
            {
                "url": f"{label} ({count} found)",
                "p50": percentile(samples, 0.5),
                "p95": percentile(samples, 0.95),
                "queries": "",
            }
        )
    return rows


def child(wards: int, docs: int, rounds: int) -> None:
    import django
    from django.conf import settings

    django.setup()
    try:
        figures = build(wards, docs)
        figures["rows"] = measure(rounds)
    finally:
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)
        shutil.rmtree(settings.SEARCH_INDEX_PATH, ignore_errors=True)
    print(json.dumps(figures))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--wards", type=int, nargs="+", default=[3, 30])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.docs, args.rounds)
        return 0

    print(
        f"$ .venv/bin/python bench/wards.py --docs {args.docs} --wards "
        f"{' '.join(map(str, args.wards))} --rounds {args.rounds}"
    )
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    results = {}
    for wards in args.wards:
        with tempfile.TemporaryDirectory(prefix=f"bench-wards-{wards}-") as data:
            env = bench_env(Path(data))
            # The test settings: static files by name (no collectstatic for a
            # database that lives one run), a database and an index of their
            # own in temporary folders, which the child removes.
            env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
            output = subprocess.run(
                [str(PYTHON), __file__, "--child", str(wards)]
                + ["--docs", str(args.docs), "--rounds", str(args.rounds)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        if output.returncode:
            print(output.stderr[-3000:], file=sys.stderr)
            return output.returncode
        results[wards] = json.loads(output.stdout.strip().splitlines()[-1])
        figures = results[wards]
        print(
            f"{wards} wards: {figures['docs']} documents indexed; pages written in "
            f"{figures['pages_s']:.0f} s, index rebuilt in {figures['index_s']:.1f} s"
        )
    header = " | ".join(f"{w} wards p50 / p95 ms (queries)" for w in args.wards)
    print(f"\n| ward 1, {args.docs} pages in all | {header} |")
    print("| --- |" + " --- |" * len(args.wards))
    first = results[args.wards[0]]["rows"]
    for index, row in enumerate(first):
        cells = []
        for wards in args.wards:
            other = results[wards]["rows"][index]
            queries = f" ({other['queries']})" if other["queries"] != "" else ""
            cells.append(f"{other['p50']:.1f} / {other['p95']:.1f}{queries}")
        label = row["url"].split(" (")[0] if "found" in row["url"] else row["url"]
        found = " / ".join(
            results[w]["rows"][index]["url"].split("(")[-1].rstrip(")")
            for w in args.wards
            if "found" in row["url"]
        )
        label = f"{label} ({found})" if found else label
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
