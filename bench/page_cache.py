"""Page cache benchmark: the list pages served from the page cache (files,
Redis) against the same pages uncached, on the large ward.

    .venv/bin/python bench/page_cache.py [--size 6000] [--duration 10] \
        [--concurrency 16] [--threads 4] [--redis redis://127.0.0.1:6379/12]

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
import shlex
import sys

import redis
from http_load import HOST
from large_ward import DEFAULT_SIZE, ROOT, SHOWN_ENV, bench_env, build, machine_info
from servers import (
    SERVERS,
    Server,
    announce_load,
    bench_servers,
    gunicorn,
    print_table,
)

URLS = [("directive list", "/van-ban/"), ("notice list", "/thong-bao/")]


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
    announce_load(args)
    servers = configurations(base_env, redis_url, args.threads)
    results = bench_servers(servers, URLS, args, data_dir, check=cache_header)
    print_table(URLS, results)
    return 1 if any(r["errors"] for s in results.values() for r in s.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
