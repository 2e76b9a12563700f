"""The load generator: one URL from N connections (HTTP/1.1, kept alive
where the server keeps them), for a fixed time after a warm-up. It runs in
its own process (so that it does not share the server's interpreter):

    .venv/bin/python bench/http_load.py PATH --port PORT [--duration 10] \
        [--warmup 2] [--concurrency 8] [--generator auto|wrk|python]

and prints a JSON summary (requests, req/s, p50/p95/p99 ms, errors,
generator).

Two generators. `wrk` (Debian package `wrk`, C, one event loop; used when
installed): on 2 cores, every CPU-millisecond the load generator spends is
one the server does not get, and above ~1,000 req/s the Python generator
(threads under one GIL) measures itself more than the server: on the same
cached page and server, 1,129 req/s through it against 1,345 through wrk.
`python`: threads of `http.client`, no dependency, fine for pages that cost
the server milliseconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

HOST = "127.0.0.1"


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
                "generator": "python",
            }
        )
    )


# wrk's own summary, as JSON on the last line of its output.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "us": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, '
    .. '"errors": %d, "non_2xx": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.errors.status,
    summary.errors.timeout))
end
"""


def wrk_run(port: int, path: str, seconds: float, conc: int, script: str) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(conc),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--script",
            script,
            f"http://{HOST}:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    return json.loads(re.findall(r"^\{.*\}$", out.stdout, re.M)[-1])


def wrk_load(port: int, path: str, duration: float, warmup: float, conc: int):
    """The same measurement through wrk: a warm-up run, then the measured one."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        if warmup > 0:
            wrk_run(port, path, warmup, conc, script.name)
        r = wrk_run(port, path, duration, conc, script.name)
    seconds = r["us"] / 1e6
    print(
        json.dumps(
            {
                "requests": r["requests"],
                "rps": r["requests"] / seconds if seconds else 0.0,
                "p50": r["p50"],
                "p95": r["p95"],
                "p99": r["p99"],
                "errors": r["errors"],
                "statuses": {"non-2xx/3xx": r["non_2xx"]} if r["non_2xx"] else {},
                "failures": {"timeout": r["timeouts"]} if r["timeouts"] else {},
                "generator": "wrk",
            }
        )
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Load one URL of a local server")
    parser.add_argument("path")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="auto: wrk when it is installed, else python",
    )
    args = parser.parse_args(argv)
    generator = args.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    run = wrk_load if generator == "wrk" else load_worker
    run(args.port, args.path, args.duration, args.warmup, args.concurrency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
