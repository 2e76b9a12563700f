"""The servers the page-serving benchmarks compare, started side by side
and loaded URL by URL through bench/http_load.py, and the table of their
figures.

`gunicorn` is the portal's own configuration (cms/gunicorn.conf.py: gthread
workers, keep-alive, as `make run` and production run it) with as many
workers as `make run` starts (the Makefile's WORKERS: 3 on these 2 cores;
with 2, the kernel often hands all 16 of a load test's keep-alive
connections to one worker, which then uses one core);
`gunicorn-sync` the same with gunicorn's default sync workers (one request
per process, a new connection per request); `runserver` Django's
development server."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from http_load import HOST
from large_ward import PYTHON, ROOT

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def make_run_workers() -> str:
    """`WORKERS ?= n` of the Makefile: the workers `make run` starts."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        name, _, value = line.partition("?=")
        if name.strip() == "WORKERS":
            return value.strip()
    raise SystemExit("Makefile: no WORKERS ?= line")


WORKERS = make_run_workers()
HTTP_LOAD = Path(__file__).with_name("http_load.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def gunicorn(
    port: int,
    *extra: str,
    app: str = "cms.wsgi:application",
    options: tuple[str, ...] = ("-c", "cms/gunicorn.conf.py"),
) -> list[str]:
    """gunicorn serving `app` with `make run`'s workers on `port`: by default
    the portal with its own configuration."""
    return [
        str(GUNICORN),
        *options,
        app,
        "--workers",
        WORKERS,
        "--bind",
        f"{HOST}:{port}",
        "--access-logfile",
        "-",
        *extra,
    ]


SERVERS = {
    "gunicorn": gunicorn,
    "gunicorn-sync": lambda port: gunicorn(port, "--worker-class", "sync"),
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


@dataclass
class Server:
    """One server of a benchmark: its column name, its command for a port,
    the environment it runs in (and the variables of it worth printing)."""

    name: str
    command: Callable[[int], list[str]]
    env: dict
    shown: tuple[str, ...] = ()
    cwd: Path = ROOT
    proc: subprocess.Popen | None = field(default=None, repr=False)
    port: int = 0


def announce_load(args) -> None:
    """What each URL gets, and a warning when the machine is busy already."""
    generator = getattr(args, "generator", "auto")
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    print(
        f"\nload: {args.concurrency} connections ({generator}), "
        f"{args.warmup:g} s warm-up + {args.duration:g} s measured per URL"
    )
    load = os.getloadavg()[0]
    if load > len(os.sched_getaffinity(0)) / 2:
        print(f"WARNING: load average {load:.1f} before the run: figures are noisy")


def start_server(name, env, log_dir: Path, command=None, shown=(), cwd=ROOT):
    port = free_port()
    cmd = (command or SERVERS[name])(port)
    variables = [f"{k}={env[k]} " for k in shown if k in env]
    print(f"$ {''.join(variables)}{shlex.join(cmd)}", flush=True)
    log_name = name.replace(" ", "-")
    log = open(log_dir / f"{log_name}.log", "w")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=log)
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
            "--generator",
            getattr(args, "generator", "auto"),
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


def bench_servers(
    servers: list[Server], urls, args, log_dir: Path, check=None
) -> dict[str, dict]:
    """Serve with every server at once and alternate them URL by URL.

    An idle server costs nothing, and interleaving spreads any outside load
    on this shared 2-core machine over every column instead of one.
    `check(port, path)`, if given, runs before each load and its answer is
    printed beside the figures.
    """
    results: dict[str, dict] = {server.name: {} for server in servers}
    try:
        for server in servers:
            server.proc, server.port = start_server(
                server.name,
                server.env,
                log_dir,
                server.command,
                server.shown,
                server.cwd,
            )
        for server in servers:
            wait_ready(server.port, server.proc)
        for label, path in urls:
            for server in servers:
                seen = f"  [{check(server.port, path)}]" if check else ""
                r = results[server.name][label] = run_load(server.port, path, args)
                print(
                    f"  {label:<16} {server.name:<16} {r['rps']:8.1f} req/s"
                    f"  p50 {fmt(r['p50'])} p95 {fmt(r['p95'])} ms"
                    f"  errors {r['errors']}  load1 {r['load1']:.1f}{seen}",
                    flush=True,
                )
    finally:
        for server in servers:
            if server.proc is not None:
                stop(server.proc)
                server.proc.log.close()
    return results


def fmt(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_table(urls, results: dict[str, dict[str, dict]]) -> None:
    servers = list(results)
    width = max(10, *(len(server) for server in servers))
    header = f"{'URL':<44} {'server':<{width}} {'req/s':>8} {'p50':>8} {'p95':>8}"
    header += f" {'p99':>8} {'errors':>7} {'load1':>6}"
    print("\n" + header)
    print("-" * len(header))
    for label, path in urls:
        shown = path if len(path) <= 44 else path[:41] + "..."
        for server in servers:
            r = results[server][label]
            print(
                f"{shown:<44} {server:<{width}} {r['rps']:8.1f} {fmt(r['p50']):>8}"
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
