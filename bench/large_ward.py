"""The large ward the page-serving and indexing benchmarks run on.

`build(size)` creates (or reuses) var/bench-<size>/: migrate, load_demo, the
import of a synthetic corpus (bench/corpus.py: <size> directives, <size>/4
notices, <size>/4 articles), collectstatic; it returns the build's figures.
`bench_env` is the environment every process of a benchmark runs in.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
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
        # Every job where it is enqueued: a build is indexed when it ends,
        # and no benchmark waits for a worker it did not start.
        BACKGROUND_TASKS="immediate",
    )
    return env


# The workers of the quick and the slow queues, as `make run` starts them
# beside gunicorn.
WORKERS = {
    backend: [
        str(PYTHON),
        "manage.py",
        "run_worker",
        "--backend",
        backend,
        "--no-startup-delay",
        "--interval",
        interval,
    ]
    for backend, interval in (("default", "1"), ("background", "2"))
}

SHOWN_ENV = (
    "DATA_DIR",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "BACKGROUND_TASKS",
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
            env = bench_env(data_dir)
            manage(env, "migrate", "--noinput", log=marker.with_name("build.log"))
            if not (data_dir / "search-index").exists():
                # Built before builds made the index (07/12/2026).
                manage(env, "rebuild_search_index", log=marker.with_name("build.log"))
            info["reused"] = True
            return info
    if data_dir.exists():
        shutil.rmtree(data_dir)  # only ever our own var/bench-<size>
    data_dir.mkdir(parents=True)
    env = bench_env(data_dir)
    log = data_dir / "build.log"
    corpus = data_dir / "corpus.jsonl"

    start = time.perf_counter()
    write_corpus(corpus, size, notices, articles, seed=20261121)
    generate_s = time.perf_counter() - start
    documents = size + notices + articles
    print(f"  corpus: {documents} documents in {generate_s:.1f} s", flush=True)
    migrate_s = manage(env, "migrate", "--noinput", log=log)
    # The (empty) search index, as `make run` makes it: what follows is
    # indexed as it is published, the import's documents included.
    migrate_s += manage(env, "rebuild_search_index", log=log)
    print(f"  migrate + empty search index: {migrate_s:.1f} s", flush=True)
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
