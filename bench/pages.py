"""Page-serving benchmark: gunicorn against `runserver`, on a large ward.

    .venv/bin/python bench/pages.py [--size 6000] [--duration 10] \
        [--concurrency 8] [--queries]

1. Builds (or reuses) var/bench-<size>/: migrate, load_demo, import of a
   synthetic corpus (bench/corpus.py: <size> directives, <size>/4 notices,
   <size>/4 articles), collectstatic. The import time and docs/second are the
   indexing benchmark's first figure.
2. Serves it with gunicorn (2 sync workers) and with `manage.py runserver
   --noreload`, both with DJANGO_DEBUG=0, and drives each URL from a second
   process (threads, one HTTP/1.1 keep-alive connection each) for a fixed
   duration after a warm-up. Any non-200 answer counts as an error.
3. With --queries, counts SQL queries per URL through Django's test client.

Only loopback is used; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
SECRET_KEY = "bench-only-secret-key-" + "x" * 40
# Measured on the 2-core machine: the import runs at ~10 docs/s and slows as
# the site grows, so 6,000 directives (9,000 documents) is what fits in
# about 20 minutes. See the report in bench/ for the figures.
DEFAULT_SIZE = 6000
BUILD_FORMAT = 1  # bump to invalidate cached benchmark databases


# --- Environment -----------------------------------------------------------


def bench_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # always the benchmark's own SQLite file
    env.pop("ELASTICSEARCH_URL", None)
    env.pop("SEARCH_INDEX_PATH", None)  # the benchmark's own, in data_dir
    env.update(
        DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


SHOWN_ENV = (
    "DATA_DIR",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
)


def machine_info() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass

    def version(dist):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    return [
        f"nproc: {len(os.sched_getaffinity(0))} (cpu_count {os.cpu_count()}),"
        f" cpu: {cpu}, memory: {mem}",
        f"python: {platform.python_version()} ({sys.executable}),"
        f" sqlite: {sqlite3.sqlite_version}",
        f"django {version('Django')}, wagtail {version('wagtail')},"
        f" gunicorn {version('gunicorn')}, whitenoise {version('whitenoise')}",
        f"kernel: {platform.release()}",
    ]


def manage(env, *args, log=None) -> float:
    """Run manage.py; return its wall time. Output goes to `log` if given."""
    start = time.perf_counter()
    out = open(log, "a") if log else None  # noqa: SIM115 - closed below
    try:
        subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
        )
    finally:
        if out:
            out.close()
    return time.perf_counter() - start


# --- Build -----------------------------------------------------------------

SAMPLE_SCRIPT = """
import json
from django.db.models import Count
from directives.models import DirectivePage, NoticePage
# The directive cited by the most notices: a busy, realistic detail page.
cited = (
    NoticePage.directives.through.objects.values("directivepage_id")
    .annotate(n=Count("id")).order_by("-n", "directivepage_id").first()
)
page = DirectivePage.objects.get(pk=cited["directivepage_id"])
print(json.dumps({
    "directive_url": page.get_url(),
    "directives": DirectivePage.objects.live().count(),
    "notices": NoticePage.objects.live().count(),
}))
"""


def build(size: int, *, force: bool = False) -> dict:
    """Create var/bench-<size>/ unless a finished build is already there."""
    data_dir = ROOT / "var" / f"bench-{size}"
    marker = data_dir / "build.json"
    notices = articles = size // 4
    wanted = {"format": BUILD_FORMAT, "size": size}
    if marker.exists() and not force:
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            # The tree may have gained migrations since the build: apply them.
            manage(
                bench_env(data_dir),
                "migrate",
                "--noinput",
                log=marker.with_name("build.log"),
            )
            info["reused"] = True
            return info
    if data_dir.exists():
        shutil.rmtree(data_dir)  # only ever our own var/bench-<size>
    data_dir.mkdir(parents=True)
    env = bench_env(data_dir)
    log = data_dir / "build.log"
    corpus = data_dir / "corpus.jsonl"

    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    start = time.perf_counter()
    write_corpus(corpus, size, notices, articles, seed=20261121)
    generate_s = time.perf_counter() - start
    documents = size + notices + articles
    print(f"  corpus: {documents} documents in {generate_s:.1f} s", flush=True)
    migrate_s = manage(env, "migrate", "--noinput", log=log)
    print(f"  migrate: {migrate_s:.1f} s", flush=True)
    demo_s = manage(env, "load_demo", log=log)
    print(f"  load_demo: {demo_s:.1f} s", flush=True)
    print(f"  import_documents: {documents} documents ...", flush=True)
    import_s = manage(env, "import_documents", str(corpus), log=log)
    print(
        f"  import_documents: {import_s:.1f} s, {documents / import_s:.1f} docs/s",
        flush=True,
    )
    static_s = manage(env, "collectstatic", "--noinput", log=log)
    sample = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", SAMPLE_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    info = {
        **wanted,
        "data_dir": str(data_dir),
        "documents": documents,
        "corpus": {"directives": size, "notices": notices, "articles": articles},
        "corpus_bytes": corpus.stat().st_size,
        "generate_s": round(generate_s, 2),
        "migrate_s": round(migrate_s, 2),
        "load_demo_s": round(demo_s, 2),
        "import_s": round(import_s, 2),
        "import_docs_per_s": round(documents / import_s, 2),
        "collectstatic_s": round(static_s, 2),
        "db_bytes": (data_dir / "db.sqlite3").stat().st_size,
        **json.loads(sample.stdout.strip().splitlines()[-1]),
    }
    marker.write_text(json.dumps(info, indent=2, ensure_ascii=False))
    info["reused"] = False
    return info


def bench_urls(info: dict) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("directive list", "/van-ban/"),
        ("list p50 + filter", "/van-ban/?status=in_force&page=50"),
        ("directive page", info["directive_url"]),
        ("notice list", "/thong-bao/"),
    ]


# --- Load generator (runs in its own process) --------------------------------


def load_worker(port: int, path: str, duration: float, warmup: float, conc: int):
    """Hit one URL from `conc` threads; print a JSON summary on stdout."""
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    failures: Counter = Counter()
    reconnects = [0]
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + duration
    max_requests = 1_000_000  # hard bound on each thread's loop

    def run():
        conn = None
        local_lat, local_status, local_fail, local_reconnect = [], Counter(), {}, 0
        for _ in range(max_requests):
            now = time.monotonic()
            if now >= stop_at:
                break
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                local_reconnect += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": f"{HOST}:{port}"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                close = resp.will_close
            except (OSError, http.client.HTTPException) as exc:
                status, close = None, True
                key = type(exc).__name__
                local_fail[key] = local_fail.get(key, 0) + 1
            elapsed = time.perf_counter() - t0
            if close:  # gunicorn's sync workers close after every response
                conn.close()
                conn = None
            if now >= measure_from:
                local_lat.append(elapsed)
                local_status[status] += 1
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(local_lat)
            statuses.update(local_status)
            failures.update(local_fail)
            reconnects[0] += local_reconnect

    threads = [threading.Thread(target=run, daemon=True) for _ in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + duration + 60)
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1e3

    ok = statuses.get(200, 0)
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "rps": len(latencies) / duration,
                "p50": pct(50),
                "p95": pct(95),
                "p99": pct(99),
                "errors": len(latencies) - ok,
                "statuses": {str(k): v for k, v in statuses.items()},
                "failures": dict(failures),
                "connections": reconnects[0],
            }
        )
    )


# --- Servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


SERVERS = {
    "gunicorn": lambda port: [
        str(GUNICORN),
        "cms.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"{HOST}:{port}",
        "--access-logfile",
        "-",
    ],
    "runserver": lambda port: [
        str(PYTHON),
        "manage.py",
        "runserver",
        "--noreload",
        f"{HOST}:{port}",
    ],
}


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} not ready after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def start_server(name, env, log_dir: Path):
    port = free_port()
    cmd = SERVERS[name](port)
    print(f"$ {shlex.join(cmd)}", flush=True)
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    proc.log = log
    return proc, port


def run_load(port: int, path: str, args) -> dict:
    out = subprocess.run(
        [
            str(PYTHON),
            __file__,
            "--load-worker",
            path,
            "--port",
            str(port),
            "--duration",
            str(args.duration),
            "--warmup",
            str(args.warmup),
            "--concurrency",
            str(args.concurrency),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=args.warmup + args.duration + 120,
    )
    result = json.loads(out.stdout)
    # The machine is shared: keep the 1-minute load next to each figure.
    result["load1"] = os.getloadavg()[0]
    return result


def bench_servers(servers, env, urls, args, log_dir: Path) -> dict[str, dict]:
    """Serve with every server at once and alternate them URL by URL.

    An idle server costs nothing, and interleaving spreads any outside load
    on this shared 2-core machine over both columns instead of one.
    """
    procs = {}
    results: dict[str, dict] = {name: {} for name in servers}
    try:
        for name in servers:
            procs[name] = start_server(name, env, log_dir)
        for proc, port in procs.values():
            wait_ready(port, proc)
        for label, path in urls:
            for name in servers:
                r = results[name][label] = run_load(procs[name][1], path, args)
                print(
                    f"  {label:<20} {name:<10} {r['rps']:8.1f} req/s"
                    f"  p50 {fmt(r['p50'])} ms  errors {r['errors']}"
                    f"  load1 {r['load1']:.1f}",
                    flush=True,
                )
    finally:
        for proc, _port in procs.values():
            stop(proc)
            proc.log.close()
    return results


def fmt(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_table(urls, results: dict[str, dict[str, dict]]) -> None:
    servers = list(results)
    header = f"{'URL':<44} {'server':<10} {'req/s':>8} {'p50':>8} {'p95':>8}"
    header += f" {'p99':>8} {'errors':>7} {'load1':>6}"
    print("\n" + header)
    print("-" * len(header))
    for label, path in urls:
        shown = path if len(path) <= 44 else path[:41] + "..."
        for server in servers:
            r = results[server][label]
            print(
                f"{shown:<44} {server:<10} {r['rps']:8.1f} {fmt(r['p50']):>8}"
                f" {fmt(r['p95']):>8} {fmt(r['p99']):>8} {r['errors']:>7}"
                f" {r['load1']:>6.1f}"
            )
            shown = ""
    print(
        "(latencies in ms; errors = non-200 answers or failed requests;"
        " load1 = 1-min load average when the run ended, nproc"
        f" {len(os.sched_getaffinity(0))})"
    )
    for server in servers:
        for label, r in results[server].items():
            if r["errors"]:
                print(f"  {server} {label}: statuses {r['statuses']}", end="")
                print(f" failures {r['failures']}")


# --- Query counts (runs in its own process, Django configured) ---------------

LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def count_queries(urls: list[tuple[str, str]]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client run with DEBUG off
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    print(f"\n{'URL':<44} {'queries':>7} {'sql ms':>7} {'total ms':>8}  repeated")
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
            f" {total:>8.1f}  {note}{status}"
        )
        for sql, t in sorted(captured, key=lambda q: q[1], reverse=True)[:3]:
            if t >= 0.001:  # only statements worth a look
                print(f"      {t * 1e3:6.1f} ms  {shorten(sql)}")
        for n, shape in repeated[:3]:
            print(f"      {n:>4}x     {shorten(shape)}")


def shorten(sql: str, width: int = 200) -> str:
    """Drop the long column list so the FROM/WHERE part stays visible."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql, flags=re.S)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


# --- Main --------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Page-serving benchmark")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="directives")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--queries", action="store_true", help="SQL count per URL")
    parser.add_argument("--servers", default="gunicorn,runserver")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    # Internal entry points for the child processes.
    parser.add_argument("--load-worker", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.load_worker:
        load_worker(
            args.port, args.load_worker, args.duration, args.warmup, args.concurrency
        )
        return 0
    if args.count_queries:
        sys.path.insert(0, str(ROOT))
        count_queries(json.loads(args.count_queries))
        return 0
    if not 0 < args.duration <= 300 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 300] and --concurrency in (0, 64]")

    data_dir = ROOT / "var" / f"bench-{args.size}"
    env = bench_env(data_dir)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    print("env: " + " ".join(f"{k}={env[k]}" for k in SHOWN_ENV))
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

    if args.queries:
        subprocess.run(
            [str(PYTHON), __file__, "--count-queries", json.dumps(urls)],
            cwd=ROOT,
            env=env,
            check=True,
        )

    servers = [s for s in args.servers.split(",") if s]
    unknown = set(servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    print(
        f"\nload: {args.concurrency} threads x keep-alive connection, "
        f"{args.warmup:g} s warm-up + {args.duration:g} s measured per URL"
    )
    load = os.getloadavg()[0]
    if load > len(os.sched_getaffinity(0)) / 2:
        print(f"WARNING: load average {load:.1f} before the run: figures are noisy")
    results = bench_servers(servers, env, urls, args, data_dir)
    print_table(urls, results)
    return 1 if any(r["errors"] for s in results.values() for r in s.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
