"""Page cache benchmark: the list pages served from the page cache (files,
Redis) against the same pages uncached, on the large ward.

    .venv/bin/python bench/page_cache.py [--size 6000] [--duration 10] \
        [--concurrency 16] [--threads 4] [--redis redis://127.0.0.1:6379/12]
    .venv/bin/python bench/page_cache.py --hit-cost 2000   # in process only

1. Reuses var/bench-<size>/ (bench/large_ward.py; build it first with
   `bench/pages.py --size <size> --build-only`).
2. Starts gunicorn with the portal's configuration (cms/gunicorn.conf.py,
   2 gthread workers, `--threads` each, keep-alive; DJANGO_DEBUG=0) several
   times side by side: uncached (PAGE_CACHE_SECONDS=0, the alternative),
   cached in files under DATA_DIR, cached in Redis (REDIS_URL; skipped when
   none answers; its database is emptied first: it is the benchmark's own),
   the cached ones also with gunicorn's sync workers.
3. Loads each URL from a second process (bench/http_load.py), server by
   server in turn, URL by URL; the warm-up fills the cache. Before loading,
   two requests check that the cached servers answer `X-Page-Cache: hit`.

Only loopback is used; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shlex
import subprocess
import sys

import redis
from http_load import HOST
from large_ward import (
    DEFAULT_SIZE,
    PYTHON,
    ROOT,
    SHOWN_ENV,
    bench_env,
    build,
    machine_info,
)
from servers import (
    SERVERS,
    Server,
    announce_load,
    bench_servers,
    gunicorn,
    print_table,
)

URLS = [("directive list", "/van-ban/"), ("notice list", "/thong-bao/")]

# `--hit-cost`: what one hit costs in the server process, without HTTP or
# a load generator: Django's WSGI handler called in a loop on a kept page,
# CPU time per call, and the Redis commands per call (INFO commandstats).
HIT_COST = """
import io, json, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.conf import settings
import redis
path, calls = sys.argv[1], int(sys.argv[2])
app = WSGIHandler()
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
    "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
    "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
def call():
    seen = {}
    def start(status, headers, exc_info=None):
        seen.update(headers)
    b"".join(app({**environ, "wsgi.input": io.BytesIO()}, start))
    return seen.get("X-Page-Cache")
states = [call(), call()]
client = redis.Redis.from_url(settings.REDIS_URL) if settings.REDIS_URL else None
if client:
    client.config_resetstat()
best = None
for _ in range(3):
    start = time.process_time()
    for _ in range(calls):
        call()
    spent = (time.process_time() - start) / calls * 1000
    best = spent if best is None else min(best, spent)
commands = {}
if client:
    stats = client.info("commandstats")
    skip = ("cmdstat_config", "cmdstat_info")
    commands = {name.removeprefix("cmdstat_"): round(v["calls"] / (3 * calls), 2)
        for name, v in stats.items() if not name.startswith(skip)}
print(json.dumps({"states": states, "cpu_ms": best, "commands": commands}))
"""


def hit_cost(base_env: dict, redis_url: str | None, calls: int) -> None:
    """CPU per hit in process, files and Redis, for each URL (best of 3
    loops of `calls`)."""
    caches = [("files", {})]
    if redis_url:
        caches.append(("redis", {"REDIS_URL": redis_url}))
    print(f"\nin process: {calls} hits a loop, best of 3 (CPU ms a hit)")
    for label, path in URLS:
        for name, extra in caches:
            env = {**base_env, "PAGE_CACHE_SECONDS": "300", **extra}
            done = subprocess.run(
                [str(PYTHON), "-c", HIT_COST, path, str(calls)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"  {label:16} {name:6} {result['cpu_ms']:.3f} ms"
                f"  (first calls: {', '.join(map(str, result['states']))})"
                + (f"  redis commands a hit: {result['commands']}" if extra else "")
            )


def configurations(base_env: dict, redis_url: str | None, threads: int):
    """The servers to start: uncached (the alternative) and cached in files
    and in Redis, with the portal's gthread workers and with sync ones."""
    uncached = {**base_env, "PAGE_CACHE_SECONDS": "0"}
    files = {**base_env, "PAGE_CACHE_SECONDS": "300"}
    in_redis = {**files, "REDIS_URL": redis_url} if redis_url else None
    shown = ("PAGE_CACHE_SECONDS", "REDIS_URL")

    def threaded(port):
        return gunicorn(port, "--threads", str(threads))

    configs = [
        Server("uncached", threaded, uncached, shown),
        Server(f"files gthread{threads}", threaded, files, shown),
        Server("files sync", SERVERS["gunicorn-sync"], files, shown),
    ]
    if in_redis:
        configs += [
            Server(f"redis gthread{threads}", threaded, in_redis, shown),
            Server("redis sync", SERVERS["gunicorn-sync"], in_redis, shown),
        ]
    return configs


def cache_header(port: int, path: str) -> str:
    headers = {"Host": f"{HOST}:{port}"}
    seen = []
    for _ in range(2):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        seen.append(f"{response.status} {response.getheader('X-Page-Cache', '-')}")
        conn.close()
    return ", ".join(seen)


def empty_redis(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        print(f"Redis at {url} does not answer ({exc}): Redis columns skipped")
        return False
    finally:
        client.close()
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Page cache benchmark")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="directives")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--threads", type=int, default=4, help="threads of each gthread worker"
    )
    parser.add_argument(
        "--generator", choices=("auto", "wrk", "python"), default="auto"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument(
        "--hit-cost",
        type=int,
        default=0,
        metavar="CALLS",
        help="only measure a hit in process (CPU, Redis commands), CALLS a loop",
    )
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 300 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 300] and --concurrency in (0, 64]")
    if not 1 <= args.threads <= 16:
        parser.error("--threads must be in [1, 16]")

    data_dir = ROOT / "var" / f"bench-{args.size}"
    if not (data_dir / "build.json").exists():
        parser.error(
            f"{data_dir} is not built: bench/pages.py --size {args.size} --build-only"
        )
    base_env = bench_env(data_dir)
    base_env.pop("REDIS_URL", None)
    base_env.pop("PAGE_CACHE_SECONDS", None)
    print("$ " + shlex.join([sys.executable, *sys.argv]))
    print("env: " + " ".join(f"{k}={base_env[k]}" for k in SHOWN_ENV))
    for line in machine_info():
        print(line)
    info = build(args.size)
    print(f"reused {data_dir}: {info['documents']} documents")

    redis_url = args.redis if args.redis and empty_redis(args.redis) else None
    if args.hit_cost:
        hit_cost(base_env, redis_url, args.hit_cost)
        return 0
    announce_load(args)
    servers = configurations(base_env, redis_url, args.threads)
    results = bench_servers(servers, URLS, args, data_dir, check=cache_header)
    print_table(URLS, results)
    return 1 if any(r["errors"] for s in results.values() for r in s.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
