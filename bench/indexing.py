"""Index upkeep benchmark: publishing beside a busy writer, the outbox, repair.

    .venv/bin/python bench/indexing.py [--docs 2000] [--hold 8]

On a fresh data folder (SQLite, the embedded index): imports a synthetic
corpus (bench/corpus.py), then prints

1. publish latency (one notice, through Wagtail's publish and the outbox)
   with the index free, and while another process holds Tantivy's writer
   lock for `--hold` seconds, beside the obvious alternative measured in the
   same run: indexing inside the request, waiting for the lock
   (`PUBLISH_WAIT` raised to the old 30 s);
2. draining the outbox: rows applied per second;
3. `search_health` (page-by-page comparison) and `--repair` after a tenth
   of the index was lost, beside `rebuild_search_index`.

Only loopback and files under a temporary folder are used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from search.engines.embedded.engine import EmbeddedEngine
writer = EmbeddedEngine({path!r})._writer()
print("locked", flush=True)
time.sleep({seconds})
writer.rollback()
"""


def _env(data_dir: Path) -> dict:
    mine = {"DATABASE_URL", "SEARCH_INDEX_PATH"}  # the bench's own, in data_dir
    env = {k: v for k, v in os.environ.items() if k not in mine}
    env.update(
        DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="0",
    )
    return env


def manage(data_dir: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(data_dir),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--hold", type=float, default=8.0)
    parser.add_argument("--publishes", type=int, default=20)
    args = parser.parse_args(argv)

    import corpus

    work = Path(tempfile.mkdtemp(prefix="bench-indexing-"))
    data_dir = work / "data"
    try:
        print(f"setting up {data_dir} ...", flush=True)
        manage(data_dir, "migrate", "--noinput", "-v0")
        manage(data_dir, "rebuild_search_index")
        source = work / "corpus.jsonl"
        directives = int(args.docs * 2 / 3)
        rest = (args.docs - directives) // 2
        corpus.write_corpus(source, directives, rest, rest, seed=20261202)
        seconds = manage(data_dir, "import_documents", str(source))
        print(
            f"import of {args.docs} documents: {seconds:.1f} s "
            f"({args.docs / seconds:.1f} docs/s, outbox included)"
        )

        os.environ.update(_env(data_dir))
        import django

        django.setup()
        from cms.site_structure import ensure_site_structure
        from directives.blocks import paragraphs_to_stream
        from directives.models import DirectivePage, NoticePage
        from search import health, indexing
        from search.engines import get_engine
        from search.models import PendingUpdate

        parent = ensure_site_structure()["NoticeIndexPage"]

        def publish(n: int) -> float:
            page = NoticePage(title=f"Thông báo đo thời gian {n}", slug=f"do-{n}")
            page.body = paragraphs_to_stream("Nội dung đo thời gian đăng.")
            started = time.perf_counter()
            parent.add_child(instance=page)
            page.save_revision().publish()
            return time.perf_counter() - started

        free = [publish(n) for n in range(args.publishes)]
        print(f"publish, index free: {ms(free)}")

        backend = get_engine()
        script = textwrap.dedent(HOLDER).format(
            root=str(ROOT), path=str(backend.path), seconds=args.hold
        )

        def while_held(wait: float, first: int) -> list[float]:
            holder = subprocess.Popen(
                [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
            )
            assert holder.stdout.readline().strip() == "locked"
            indexing.PUBLISH_WAIT = wait
            try:
                return [publish(first + n) for n in range(3)]
            finally:
                indexing.PUBLISH_WAIT = 1.0
                holder.wait()

        outbox = while_held(1.0, 1000)
        print(
            f"publish, writer held {args.hold:.0f} s elsewhere: outbox "
            f"{ms(outbox)}, first {outbox[0]:.2f} s"
        )
        left = indexing.pending_count()
        started = time.perf_counter()
        indexing.drain(wait=30)
        print(
            f"  {left} rows left by the held writer applied in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )

        waiting = while_held(30.0, 2000)
        print(
            f"  alternative, index inside the request waiting for the lock: "
            f"first {waiting[0]:.2f} s, then {ms(waiting[1:])}"
        )
        ids = list(NoticePage.objects.values_list("pk", flat=True))
        ids += list(DirectivePage.objects.values_list("pk", flat=True))
        PendingUpdate.objects.bulk_create([PendingUpdate(page_id=pk) for pk in ids])
        started = time.perf_counter()
        applied = indexing.drain(wait=30)
        seconds = time.perf_counter() - started
        print(
            f"drain: {applied} rows in {seconds:.1f} s, {applied / seconds:,.0f} rows/s"
        )

        started = time.perf_counter()
        report = health.check()
        print(
            f"search_health over {report['expected_documents']} pages: "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, ok={report['ok']}"
        )
        lost = ids[::10]
        backend.update([], delete_ids=lost)
        started = time.perf_counter()
        report = health.check(repair=True)
        print(
            f"search_health --repair after {len(lost)} entries lost: "
            f"{time.perf_counter() - started:.1f} s, ok={report['ok']}"
        )
        started = time.perf_counter()
        indexing.rebuild()
        seconds = time.perf_counter() - started
        print(f"  alternative, rebuild_search_index: {seconds:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "command: .venv/bin/python bench/indexing.py "
        f"--docs {args.docs} --hold {args.hold:g}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
