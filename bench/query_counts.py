"""SQL queries per URL, through Django's test client on the benchmark's
database, with the slowest statements and repeated shapes (the mark of an
N+1), and the CPU time of one request (best of 8 rounds of 15). Runs in
its own process, in the benchmark's environment:

    .venv/bin/python bench/query_counts.py '[["home", "/"], ...]'
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter

from http_load import HOST
from large_ward import ROOT

LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def count_queries(urls: list[tuple[str, str]]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client run with DEBUG off
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    print(
        f"\n{'URL':<44} {'queries':>7} {'sql ms':>7} {'total ms':>8} {'cpu ms':>7}"
        "  repeated"
    )
    for _label, path in urls:
        client.get(path)  # warm caches (site root paths, settings) first
        captured: list[tuple[str, float]] = []

        # connection.queries rounds to 1 ms; time each statement ourselves.
        def timed(execute, sql, params, many, context, captured=captured):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((sql, time.perf_counter() - t0))

        with connection.execute_wrapper(timed):
            t0 = time.perf_counter()
            resp = client.get(path)
            total = (time.perf_counter() - t0) * 1e3
        sql_ms = sum(t for _, t in captured) * 1e3
        # The same statement shape run many times is the mark of an N+1.
        shapes = Counter(LITERALS.sub("?", sql) for sql, _ in captured)
        repeated = [(n, s) for s, n in shapes.most_common() if n > 2]
        shown = path if len(path) <= 44 else path[:41] + "..."
        note = f"{repeated[0][0]}x same shape" if repeated else ""
        status = "" if resp.status_code == 200 else f" [HTTP {resp.status_code}]"
        print(
            f"{shown:<44} {len(captured):>7} {sql_ms:>7.1f}"
            f" {total:>8.1f} {cpu_per_request(client, path):>7.1f}  {note}{status}"
        )
        for sql, t in sorted(captured, key=lambda q: q[1], reverse=True)[:3]:
            if t >= 0.001:  # only statements worth a look
                print(f"      {t * 1e3:6.1f} ms  {shorten(sql)}")
        for n, shape in repeated[:3]:
            print(f"      {n:>4}x     {shorten(shape)}")


def cpu_per_request(client, path: str, rounds: int = 8, each: int = 15) -> float:
    """CPU milliseconds of one request of `path` in this process (the
    database is SQLite, in process too): the best of `rounds` rounds of
    `each` requests, so that another program on the machine counts least."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(each):
            client.get(path)
        best = min(best, (time.process_time() - start) / each)
    return best * 1e3


def shorten(sql: str, width: int = 200) -> str:
    """Drop the long column list so the FROM/WHERE part stays visible."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql, flags=re.S)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def main(argv=None) -> int:
    urls = json.loads((argv or sys.argv[1:])[0])
    sys.path.insert(0, str(ROOT))
    count_queries(urls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
