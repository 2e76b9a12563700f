"""The site answering while an archive is imported, as `make run` serves it.

    .venv/bin/python bench/import_load.py [--size 1000] [--import-docs 10000] \
        [--window 5] [--concurrency 8]

1. Builds (or reuses) the bench ward var/bench-<size>/ (bench/large_ward.py).
2. Copies it to a scratch directory and serves the copy as `make run` does:
   gunicorn (cms/gunicorn.conf.py, `make run`'s workers) and the workers of
   both queues (`manage.py run_worker --backend default` and `--backend
   background`, as `make run`), BACKGROUND_TASKS=worker.
3. Loads a mix of residents' URLs (home, directive list, a directive, a
   search) for one window before the import: the baseline.
4. Starts `manage.py import_documents` of `--import-docs` new documents
   (bench/corpus.py with another seed) in another process and keeps
   loading the same URLs window after window until it ends, printing each
   window's requests per second, p50/p95/max latency and every answer that
   is not 200 (a 503 "đang bận" counts as an error).
5. After the import: how long until the worker has put the new documents
   in the search index (a query for a new document's number answers),
   and the queue is empty.

The obvious alternative is measured by the same run's baseline: the same
load with no import. Only loopback; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from corpus import write_corpus
from large_ward import PYTHON, ROOT, WORKERS, bench_env, build, machine_info
from servers import fmt, run_load, start_server, stop, wait_ready

URLS = (
    "/",
    "/van-ban/",
    "{directive}",
    "/tim-kiem/?" + urllib.parse.urlencode({"q": "phòng cháy chữa cháy"}),
)


def mixed_load(port: int, paths: list[str], args) -> dict:
    """All paths loaded at once for one window (threads split among them)."""
    per = max(1, args.concurrency // len(paths))
    window = argparse.Namespace(duration=args.window, warmup=0.5, concurrency=per)
    results = {}

    def one(path):
        results[path] = run_load(port, path, window)

    threads = [threading.Thread(target=one, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    requests = sum(r["requests"] for r in results.values())
    errors = sum(r["errors"] for r in results.values())
    statuses: dict[str, int] = {}
    for r in results.values():
        for status, count in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "rps": requests / args.window,
        "p50": max(r["p50"] or 0 for r in results.values()),
        "p95": max(r["p95"] or 0 for r in results.values()),
        "p99": max(r["p99"] or 0 for r in results.values()),
        "errors": errors,
        "statuses": statuses,
        "load1": os.getloadavg()[0],
    }


def waiting_jobs(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]


def outbox(db: Path) -> int:
    """Pages waiting to enter the search index (search.models.PendingUpdate)."""
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(
            "SELECT count(*) FROM portal_search_pendingupdate"
        ).fetchone()[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--import-docs", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)

    print("$ .venv/bin/python bench/import_load.py " + " ".join(argv or sys.argv[1:]))
    for line in machine_info():
        print(line)
    info = build(args.size)
    scratch = Path(tempfile.mkdtemp(prefix="bench-import-load-"))
    data_dir = scratch / "data"
    shutil.copytree(info["data_dir"], data_dir, symlinks=True)
    env = bench_env(data_dir)
    env["BACKGROUND_TASKS"] = "worker"
    directives = args.import_docs * 4 // 6
    notices = articles = (args.import_docs - directives) // 2
    corpus = scratch / "new.jsonl"
    write_corpus(corpus, directives, notices, articles, seed=7)
    total = directives + notices + articles
    print(f"base ward: {info['documents']} documents; to import: {total}")

    procs = []
    worker_log = open(scratch / "worker.log", "w")  # noqa: SIM115
    try:
        server, port = start_server("gunicorn", env, scratch)
        procs.append(server)
        for command in WORKERS.values():
            worker = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=worker_log,
                stderr=worker_log,
            )
            procs.append(worker)
        wait_ready(port, server)
        # get_url() may be a full URL (several sites): the path is loaded.
        directive = urllib.parse.urlsplit(info["directive_url"]).path
        paths = [path.format(directive=directive) for path in URLS]
        rows = [("before the import", mixed_load(port, paths, args))]
        importer = subprocess.Popen(
            [str(PYTHON), "manage.py", "import_documents", str(corpus)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started = time.perf_counter()
        n = 0
        while importer.poll() is None:
            n += 1
            rows.append((f"during, window {n}", mixed_load(port, paths, args)))
            print(f"  window {n}: {rows[-1][1]['rps']:.1f} req/s", flush=True)
        import_s = time.perf_counter() - started
        output = importer.stdout.read()
        if importer.returncode:
            print(output)
            raise SystemExit(f"import failed with {importer.returncode}")
        # The new documents reach search through the worker.
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline and outbox(data_dir / "db.sqlite3"):
            time.sleep(0.5)
        searchable_s = time.perf_counter() - started - import_s
        while time.perf_counter() < deadline and waiting_jobs(data_dir / "db.sqlite3"):
            time.sleep(1)
        drained_s = time.perf_counter() - started - import_s
        rows.append(("after the import", mixed_load(port, paths, args)))
    finally:
        for proc in procs:
            stop(proc)
        worker_log.close()

    print()
    print(f"import of {total} documents: {import_s:.1f} s, {total / import_s:.0f}/s")
    print(output.strip().splitlines()[-1] if output.strip() else "")
    print(
        f"first new document found by search {searchable_s:.1f} s after the "
        f"import ended; queue empty after {drained_s:.1f} s"
    )
    print()
    print("| window | req/s | p50 / p95 / p99 ms | not 200 | load1 |")
    print("| --- | --- | --- | --- | --- |")
    for label, r in rows:
        statuses = {k: v for k, v in r["statuses"].items() if k != "200"}
        print(
            f"| {label} | {r['rps']:.1f} | {fmt(r['p50'])} / {fmt(r['p95'])} / "
            f"{fmt(r['p99'])} | {r['errors']} {statuses or ''} | {r['load1']:.1f} |"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
