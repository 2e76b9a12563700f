"""The servers the page-serving benchmark compares (gunicorn with 2 sync
workers, `manage.py runserver`), started side by side and loaded URL by URL
through bench/http_load.py, and the table of their figures."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

from http_load import HOST
from large_ward import PYTHON, ROOT

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HTTP_LOAD = Path(__file__).with_name("http_load.py")


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


def announce_load(args) -> None:
    """What each URL gets, and a warning when the machine is busy already."""
    print(
        f"\nload: {args.concurrency} threads x keep-alive connection, "
        f"{args.warmup:g} s warm-up + {args.duration:g} s measured per URL"
    )
    load = os.getloadavg()[0]
    if load > len(os.sched_getaffinity(0)) / 2:
        print(f"WARNING: load average {load:.1f} before the run: figures are noisy")


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
            str(HTTP_LOAD),
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
