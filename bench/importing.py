"""Import speed: `manage.py import_documents` of a synthetic corpus
(bench/corpus.py: two thirds directives, a sixth notices, a sixth articles)
into a freshly migrated ward, in a subprocess, on an SQLite database of its
own (bench/large_ward.py's `bench_env`), at each size asked for.

Beside it, in the same run: with `--worker`, the same import as `make run`
runs it (BACKGROUND_TASKS=worker and the workers of both queues, as `make
run` starts them: the quick queue's fills the search indexes from the
committed rows while the command goes on), and
the time until the workers have nothing left; the same file imported again
(every line "unchanged"), the page-by-page path (`IMPORT_BULK=0`) at the smallest size,
and the floor: a bare `executemany` of the same number of page rows into a
scratch SQLite table (no validation, no revision, no index).

    .venv/bin/python bench/importing.py                  # 1,000 and 10,000
    .venv/bin/python bench/importing.py --sizes 1000,10000,50000
    .venv/bin/python bench/importing.py --sizes 1000 --profile  # cProfile

`--profile` runs the command under cProfile and prints the functions with
the most cumulative and own time (the .prof file stays in the run's folder).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from corpus import write_corpus
from large_ward import PYTHON, ROOT, SHOWN_ENV, WORKERS, bench_env, machine_info

WORK = ROOT / "var" / "bench-import"

# The import with parts of the indexing left out, to tell them apart (the
# database then lacks those index entries: a measurement, never a way to
# import). "admin": without the admin's search index (Wagtail's database
# backend, folded: search/admin_backend.py); "indexes": without it and
# without the portal's index (the outbox and its drain, search/).
WITHOUT = """
import sys
import django
django.setup()
from django.core.management import call_command
from search import indexing, tasks
tasks.admin_index_after_commit = lambda ids: None
if sys.argv[2] == "indexes":
    tasks.schedule = lambda ids: None
    indexing.drain = lambda *args, **kwargs: 0
call_command("import_documents", sys.argv[1])
"""


def run(cmd: list[str], env: dict, log: Path) -> float:
    """Run `cmd` in the repository; its wall time. Output goes to `log`."""
    print(f"$ {shlex.join(cmd)}", flush=True)
    start = time.perf_counter()
    with open(log, "a") as out:
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=out, stderr=out)
    seconds = time.perf_counter() - start
    # The largest child so far (sizes go up: the last import's, in practice).
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  {seconds:.1f} s, largest process so far {rss:.0f} MiB", flush=True)
    return seconds


def template(fresh: bool) -> Path:
    """A migrated data folder with its (empty) search index, copied for
    every import."""
    path = WORK / "template"
    if (path / "ready").exists() and not fresh:
        return path
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    env = bench_env(path)
    log = path / "build.log"
    manage = [str(PYTHON), "manage.py"]
    run([*manage, "migrate", "--noinput"], env, log)
    run([*manage, "rebuild_search_index"], env, log)
    (path / "ready").write_text("1")
    return path


def corpus(size: int) -> Path:
    path = WORK / f"corpus-{size}.jsonl"
    if not path.exists():
        directives = size * 2 // 3
        notices = (size - directives) // 2
        write_corpus(path, directives, notices, size - directives - notices, 20261121)
    return path


def import_once(
    size: int, *, bulk: bool, again: bool, profile: bool, fresh: bool, without=""
):
    """Import the corpus of `size` documents into a copy of the template;
    returns (seconds, seconds of the second import or None, data folder)."""
    name = "bulk" if bulk else "one-by-one"
    data_dir = WORK / f"run-{size}-{name}{'-without-' + without if without else ''}"
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(template(fresh), data_dir)
    env = bench_env(data_dir)
    env["IMPORT_BULK"] = "1" if bulk else "0"
    shown = " ".join(f"{k}={env[k]}" for k in (*SHOWN_ENV, "IMPORT_BULK"))
    print(f"  env: {shown}")
    log = data_dir / "import.log"
    path = str(corpus(size))
    cmd = [str(PYTHON), "manage.py", "import_documents", path]
    if without:
        env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
        cmd = [str(PYTHON), "-c", WITHOUT, path, without]
    if profile:
        prof = data_dir / "import.prof"
        cmd = [str(PYTHON), "-m", "cProfile", "-o", str(prof), *cmd[1:]]
    seconds = run(cmd, env, log)
    print("  " + log.read_text().strip().splitlines()[-1])
    second = None
    if again:
        second = run([str(PYTHON), "manage.py", "import_documents", path], env, log)
        print("  " + log.read_text().strip().splitlines()[-1])
    return seconds, second, data_dir


def waiting(db: Path) -> int:
    """Jobs not done yet and pages not yet in the portal's index."""
    with sqlite3.connect(db, timeout=30) as conn:
        jobs = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING') AND queue_name = 'default'"
        ).fetchone()[0]
        pending = conn.execute(
            "SELECT count(*) FROM portal_search_pendingupdate"
        ).fetchone()[0]
    return jobs + pending


def worker_alive(db: Path, timeout: float = 60.0) -> float:
    """Wait for the first heartbeat of both workers (as `make run`'s are up
    long before anyone imports); returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        with sqlite3.connect(db, timeout=30) as conn:
            if conn.execute(
                "SELECT count(DISTINCT backend) FROM cms_workerheartbeat"
            ).fetchone()[0] == len(WORKERS):
                return time.perf_counter() - start
        time.sleep(0.2)
    raise SystemExit(f"no heartbeat of both workers in {timeout:.0f} s: see worker.log")


def import_with_worker(size: int, profile: bool = False) -> tuple[float, float]:
    """The import as `make run` runs it: BACKGROUND_TASKS=worker, the
    workers of both queues beside the command (the quick queue's fills the
    portal's index and the admin's search and reference indexes from the
    committed rows). Returns (seconds of the command, seconds from
    its start until the workers have nothing left). With `profile`, the command
    runs under cProfile (worker.prof in the run's folder)."""
    data_dir = WORK / f"run-{size}-bulk-worker"
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(template(False), data_dir)
    env = {**bench_env(data_dir), "BACKGROUND_TASKS": "worker", "IMPORT_BULK": "1"}
    print(f"  env: {' '.join(f'{k}={env[k]}' for k in SHOWN_ENV)}")
    log = data_dir / "import.log"
    with open(data_dir / "worker.log", "w") as worker_log:
        workers = []
        for command in WORKERS.values():
            print(f"$ {shlex.join(command)} &")
            workers.append(
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=worker_log, stderr=worker_log
                )
            )
        try:
            print(f"  worker up after {worker_alive(data_dir / 'db.sqlite3'):.1f} s")
            cmd = [str(PYTHON), "manage.py", "import_documents", str(corpus(size))]
            if profile:
                prof = data_dir / "worker.prof"
                cmd = [str(PYTHON), "-m", "cProfile", "-o", str(prof), *cmd[1:]]
            start = time.perf_counter()
            seconds = run(cmd, env, log)
            print("  " + log.read_text().strip().splitlines()[-1])
            deadline = start + seconds + 3600
            while waiting(data_dir / "db.sqlite3") and time.perf_counter() < deadline:
                time.sleep(0.5)
            indexed = time.perf_counter() - start
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=60)
    print(f"  both search indexes complete {indexed:.1f} s after the start")
    return seconds, indexed


def bare_insert(size: int) -> float:
    """The floor: `size` rows as wide as a page and a directive, written
    with one executemany into a scratch table, in one transaction."""
    lines = [json.loads(x) for x in corpus(size).read_text().splitlines() if x]
    path = WORK / "scratch.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    columns = (
        "path, depth, numchild, title, draft_title, slug, url_path, live, "
        "content_type_id, locale_id, first_published_at, body, summary, number"
    )
    db.execute(f"CREATE TABLE page (id INTEGER PRIMARY KEY, {columns}, UNIQUE(path))")
    rows = [
        (
            f"00010002{n:08d}",
            3,
            0,
            d["title"],
            d["title"],
            f"slug-{n}",
            f"/trang-chu/van-ban/slug-{n}/",
            1,
            1,
            1,
            "2026-12-07T00:00:00Z",
            json.dumps([{"type": "paragraph", "value": d["body"]}]),
            d.get("summary", ""),
            d.get("number", ""),
        )
        for n, d in enumerate(lines)
    ]
    start = time.perf_counter()
    with db:
        db.executemany(
            f"INSERT INTO page ({columns}) VALUES ({', '.join('?' * 14)})", rows
        )
    seconds = time.perf_counter() - start
    db.close()
    path.unlink()
    return seconds


def print_profile(prof: Path, lines: int = 30) -> None:
    stats = pstats.Stats(str(prof))
    total = stats.total_tt
    print(f"\nprofile: {total:.1f} s in the process")
    for key in ("cumulative", "tottime"):
        print(f"\n-- by {key} --")
        stats.sort_stats(key).print_stats(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="documents per import, comma-separated (default 1000,10000)",
    )
    parser.add_argument(
        "--one-by-one-at",
        type=int,
        default=1000,
        help="size at which the page-by-page path is measured too (0: never)",
    )
    parser.add_argument("--profile", action="store_true", help="run under cProfile")
    parser.add_argument("--no-again", action="store_true", help="no second import")
    parser.add_argument(
        "--without-at",
        type=int,
        default=1000,
        help="size at which the import is measured without the admin's index,"
        " and without any index, too (0: never)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="migrate the template again"
    )
    parser.add_argument(
        "--worker-only",
        action="store_true",
        help="only the import as `make run` runs it (implies --worker)",
    )
    parser.add_argument(
        "--worker",
        action="store_true",
        help="also import each size as `make run` does: with the worker of "
        "the default queue filling the search indexes beside the command",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.worker = args.worker or args.worker_only

    print(f"$ {shlex.join([sys.executable, *sys.argv])}")
    for line in machine_info():
        print(line)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if load[0] > len(os.sched_getaffinity(0)) / 2:
        print(f"WARNING: load average {load[0]:.1f} before the run: figures are noisy")
    WORK.mkdir(parents=True, exist_ok=True)
    template(args.fresh)

    results = []
    for size in sizes:
        if not args.worker_only:
            print(f"\nbulk import of {size} documents", flush=True)
            seconds, again, data_dir = import_once(
                size,
                bulk=True,
                again=not args.no_again,
                profile=args.profile,
                fresh=False,
            )
            results.append(("bulk", size, seconds, again, os.getloadavg()[0]))
        if args.worker:
            print(f"\nbulk import of {size} documents, with the worker", flush=True)
            seconds, indexed = import_with_worker(size, profile=args.profile)
            results.append(("bulk, worker", size, seconds, None, os.getloadavg()[0]))
            results.append(
                ("  + indexes done", size, indexed, None, os.getloadavg()[0])
            )
        if args.profile:
            if not args.worker_only:
                print_profile(data_dir / "import.prof")
            if args.worker:
                print("\nthe import with the worker beside it:")
                print_profile(WORK / f"run-{size}-bulk-worker" / "worker.prof")
        if size == args.one_by_one_at:
            print(f"\npage-by-page import of {size} documents", flush=True)
            slow, _, _ = import_once(
                size, bulk=False, again=False, profile=False, fresh=False
            )
            results.append(("one by one", size, slow, None, os.getloadavg()[0]))
        if size == args.without_at:
            for without in ("admin", "indexes"):
                print(f"\nbulk import of {size} documents without {without}")
                seconds, _, _ = import_once(
                    size,
                    bulk=True,
                    again=False,
                    profile=False,
                    fresh=False,
                    without=without,
                )
                label = f"bulk w/o {without}"
                results.append((label, size, seconds, None, os.getloadavg()[0]))
        bare = bare_insert(size)
        results.append(("bare executemany", size, bare, None, os.getloadavg()[0]))

    print(
        f"\n{'path':<20} {'documents':>9} {'seconds':>9} {'docs/s':>9}"
        f" {'again (s)':>9} {'again docs/s':>12} {'load 1m':>8}"
    )
    for name, size, seconds, again, load1 in results:
        again_s = f"{again:9.1f} {size / again:12.0f}" if again else f"{'':9} {'':12}"
        print(
            f"{name:<20} {size:>9} {seconds:9.2f} {size / seconds:9.0f}"
            f" {again_s} {load1:8.2f}"
        )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
