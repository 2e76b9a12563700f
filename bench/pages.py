"""Page-serving benchmark: gunicorn against `runserver`, on a large ward.

    .venv/bin/python bench/pages.py [--size 6000] [--duration 10] \
        [--concurrency 8] [--queries] [--urls /,/van-ban/]

1. Builds (or reuses) var/bench-<size>/ (bench/large_ward.py): migrate,
   load_demo, import of a synthetic corpus (bench/corpus.py: <size>
   directives, <size>/4 notices, <size>/4 articles), collectstatic. The import
   time and docs/second are the indexing benchmark's first figure.
2. Serves it with gunicorn (2 sync workers) and with `manage.py runserver
   --noreload`, both with DJANGO_DEBUG=0 (bench/servers.py), and drives each
   URL from a second process (bench/http_load.py: threads, one HTTP/1.1
   keep-alive connection each) for a fixed duration after a warm-up. Any
   non-200 answer counts as an error.
3. With --queries, counts SQL queries per URL through Django's test client
   (bench/query_counts.py).

Only loopback is used; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

import bare_wagtail
from large_ward import (
    DEFAULT_SIZE,
    PYTHON,
    ROOT,
    SHOWN_ENV,
    bench_env,
    build,
    machine_info,
)
from servers import SERVERS, Server, announce_load, bench_servers, print_table

QUERY_COUNTS = Path(__file__).with_name("query_counts.py")


def bench_urls(info: dict) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("directive list", "/van-ban/"),
        ("list p50 + filter", "/van-ban/?status=in_force&page=50"),
        ("directive page", info["directive_url"]),
        ("notice list", "/thong-bao/"),
        ("Q&A list", "/hoi-dap/"),
        ("feedback form", "/gop-y/"),
    ]


# --- Main --------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Page-serving benchmark")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="directives")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--queries", action="store_true", help="SQL count per URL")
    parser.add_argument("--servers", default="gunicorn,runserver")
    parser.add_argument(
        "--page-cache",
        type=int,
        default=0,
        metavar="SECONDS",
        help="PAGE_CACHE_SECONDS of the servers; 0 (default): every request "
        "rendered (bench/page_cache.py measures the cache)",
    )
    parser.add_argument(
        "--generator", choices=("auto", "wrk", "python"), default="auto"
    )
    parser.add_argument(
        "--urls",
        default="",
        help="only these of the URLs below, comma-separated paths (/,/van-ban/)",
    )
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="leave out the bare Wagtail site (bench/bare_wagtail.py)",
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args(argv)

    if not 0 < args.duration <= 300 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 300] and --concurrency in (0, 64]")

    data_dir = ROOT / "var" / f"bench-{args.size}"
    env = bench_env(data_dir)
    env.pop("REDIS_URL", None)
    env["PAGE_CACHE_SECONDS"] = str(args.page_cache)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    print(
        "env: " + " ".join(f"{k}={env[k]}" for k in (*SHOWN_ENV, "PAGE_CACHE_SECONDS"))
    )
    for line in machine_info():
        print(line)

    print(f"\nbuild {data_dir}", flush=True)
    info = build(args.size, force=args.rebuild)
    print(
        f"  {'reused' if info['reused'] else 'built'}: {info['documents']} documents"
        f" ({info['corpus']}), db {info['db_bytes'] / 1e6:.0f} MB"
    )
    print(
        f"  import: {info['import_s']:.1f} s = {info['import_docs_per_s']:.1f} docs/s"
        f" (migrate {info['migrate_s']:.1f} s, load_demo {info['load_demo_s']:.1f} s,"
        f" collectstatic {info['collectstatic_s']:.1f} s)"
    )
    if args.build_only:
        return 0
    urls = bench_urls(info)
    if args.urls:
        wanted = args.urls.split(",")
        unknown = set(wanted) - {path for _, path in urls}
        if unknown:
            parser.error(f"unknown URL(s): {', '.join(sorted(unknown))}")
        urls = [(label, path) for label, path in urls if path in wanted]

    if args.queries:
        subprocess.run(
            [str(PYTHON), str(QUERY_COUNTS), json.dumps(urls)],
            cwd=ROOT,
            env=env,
            check=True,
        )

    names = [s for s in args.servers.split(",") if s]
    unknown = set(names) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    if not names:  # `--queries --servers ""`: the counts only
        return 0
    announce_load(args)
    servers = [Server(name, SERVERS[name], env) for name in names]
    results = bench_servers(servers, urls, args, data_dir)
    print_table(urls, results)
    failed = any(r["errors"] for s in results.values() for r in s.values())
    if args.no_bare:
        return 1 if failed else 0

    # The alternative: what bare Wagtail costs for a home page and a list
    # of the same size, the obvious way, on the same machine in the same run.
    print(f"\nbare Wagtail site ({bare_wagtail.data_dir(args.size)})", flush=True)
    bare = bare_wagtail.build(args.size)
    print(f"  {'reused' if bare['reused'] else 'built'}: {bare['items']} list items")
    server = Server(
        "bare-wagtail",
        bare_wagtail.server(args.size),
        bare_wagtail.env(args.size),
        cwd=bare_wagtail.data_dir(args.size),
    )
    bare_results = bench_servers(
        [server], bare_wagtail.URLS, args, bare_wagtail.data_dir(args.size)
    )
    print_table(bare_wagtail.URLS, bare_results)
    failed |= any(r["errors"] for r in bare_results["bare-wagtail"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
