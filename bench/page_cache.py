"""Page cache benchmark: the list pages served from the page cache (files,
Redis) against the same pages uncached, on the large ward.

    .venv/bin/python bench/page_cache.py [--size 6000] [--duration 10] \
        [--concurrency 16] [--threads 4] [--redis redis://127.0.0.1:6379/12]

1. Reuses var/bench-<size>/ (bench/large_ward.py; build it first with
   `bench/pages.py --size <size> --build-only`).
2. Starts gunicorn with the portal's configuration (cms/gunicorn.conf.py,
   2 workers, DJANGO_DEBUG=0) several times side by side: uncached
   (PAGE_CACHE_SECONDS=0, the alternative), cached in files under DATA_DIR,
   cached in Redis (REDIS_URL; skipped when none answers; its database is
   emptied first: it is the benchmark's own), each with sync workers and
   with gthread workers (`--threads`, keep-alive).
3. Loads each URL from a second process (bench/http_load.py), server by
   server in turn, URL by URL; the warm-up fills the cache. Before loading,
   two requests check that the cached servers answer `X-Page-Cache: hit`.

Only loopback is used; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import shlex
import subprocess
import sys

import redis
from http_load import HOST
from large_ward import DEFAULT_SIZE, ROOT, SHOWN_ENV, bench_env, build, machine_info
from servers import (
    GUNICORN,
    announce_load,
    fmt,
    free_port,
    print_table,
    run_load,
    stop,
    wait_ready,
)

URLS = [("directive list", "/van-ban/"), ("notice list", "/thong-bao/")]


def gunicorn(port: int, threads: int) -> list[str]:
    cmd = [
        str(GUNICORN),
        "-c",
        "cms/gunicorn.conf.py",
        "cms.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"{HOST}:{port}",
    ]
    if threads:
        cmd += ["--worker-class", "gthread", "--threads", str(threads)]
    return cmd


def configurations(base_env: dict, redis_url: str | None, threads: int):
    """(name, env, threads) of each server to start."""
    uncached = {**base_env, "PAGE_CACHE_SECONDS": "0"}
    files = {**base_env, "PAGE_CACHE_SECONDS": "300"}
    configs = [("uncached", uncached, 0), ("files", files, 0)]
    if redis_url:
        configs.append(("redis", {**files, "REDIS_URL": redis_url}, 0))
    if threads:
        configs.append((f"files gthread{threads}", files, threads))
        if redis_url:
            configs.append(
                (f"redis gthread{threads}", {**files, "REDIS_URL": redis_url}, threads)
            )
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
    parser.add_argument("--threads", type=int, default=4, help="gthread; 0: none")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 300 or not 0 < args.concurrency <= 64:
        parser.error("--duration must be in (0, 300] and --concurrency in (0, 64]")
    if not 0 <= args.threads <= 16:
        parser.error("--threads must be in [0, 16]")

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
    configs = configurations(base_env, redis_url, args.threads)
    procs = {}
    results: dict[str, dict] = {name: {} for name, _env, _threads in configs}
    announce_load(args)
    try:
        for name, env, threads in configs:
            port = free_port()
            cmd = gunicorn(port, threads)
            shown = [
                f"{k}={env[k]}" for k in ("PAGE_CACHE_SECONDS", "REDIS_URL") if k in env
            ]
            print(f"$ {' '.join(shown)} {shlex.join(cmd)}")
            log = open(data_dir / f"page-cache-{port}.log", "w")  # noqa: SIM115
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
            proc.log = log
            procs[name] = (proc, port)
        for proc, port in procs.values():
            wait_ready(port, proc)
        for label, path in URLS:
            for name, _env, _threads in configs:
                port = procs[name][1]
                check = cache_header(port, path)
                r = results[name][label] = run_load(port, path, args)
                print(
                    f"  {label:<15} {name:<17} {r['rps']:8.1f} req/s"
                    f"  p50 {fmt(r['p50'])} p95 {fmt(r['p95'])} ms"
                    f"  errors {r['errors']}  load1 {r['load1']:.1f}  [{check}]",
                    flush=True,
                )
    finally:
        for proc, _port in procs.values():
            stop(proc)
            proc.log.close()
    print_table(URLS, results)
    return 1 if any(r["errors"] for s in results.values() for r in s.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
