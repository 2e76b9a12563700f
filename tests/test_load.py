"""Publishing under load, through a real WSGI server: no errors, no lost update.

gunicorn (two workers, loopback only) serves the portal from a database of
its own while four resident threads search and read for a bounded time and
an editor's process publishes a page every few tenths of a second. Every
request must answer below 500, and when it is over the index must hold
exactly what the database does, with the last title of every page findable.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest

from tests.processes import (
    ROOT,
    env,
    gunicorn,
    manage,
    migrated_data_dir,
    own_database,
)

SECONDS = 12
READERS = 4
QUERIES = ["chi thi", "thông báo", "5 xay 3 chong", "29-CT/TU", "tiếp dân", "zzzz"]

PUBLISHER = """
import time
import django
django.setup()
from cms.site_structure import ensure_site_structure
from directives.blocks import paragraphs_to_stream
from directives.models import NoticePage

sections = ensure_site_structure()
parent = sections["NoticeIndexPage"]
pages = []
for n in range({rounds}):
    if n % 3 == 0:
        page = NoticePage(title=f"Thông báo tải {{n}} lượt 0", slug=f"tai-{{n}}")
        page.body = paragraphs_to_stream("Nội dung kiểm tra tải.")
        parent.add_child(instance=page)
        pages.append(page)
    page = pages[n % len(pages)]
    page = NoticePage.objects.get(pk=page.pk)
    page.title = f"Thông báo tải {{page.slug[4:]}} lượt {{n}}"
    page.save_revision().publish()
    time.sleep({pause})
print(json.dumps({{p.pk: NoticePage.objects.get(pk=p.pk).title for p in pages}}))
""".replace("import time\n", "import json, time\n", 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("load") / "data"
    shutil.copytree(migrated_data_dir(tmp_path_factory), data_dir)
    # As `make run` prepares it.
    manage(data_dir, "collectstatic", "--noinput", "-v0")
    manage(data_dir, "load_demo")
    manage(data_dir, "rebuild_search_index")
    # What the demo queued (audio, posters, Wagtail's indexes) done before
    # the load, as `make run`'s worker would have long done it.
    manage(data_dir, "run_worker", "--batch", "--no-startup-delay", "-v0")
    # And the worker of quick jobs beside gunicorn, as `make run` starts it:
    # the publishes below reach the index through it.
    worker = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "run_worker",
            "--backend",
            "default",
            "--no-startup-delay",
            "--interval",
            "0.5",
            "-v0",
        ],
        env=env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port = _free_port()
    server = gunicorn(
        port,
        env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/", timeout=30).read()
            break
        except urllib.error.HTTPError as error:
            server.terminate()
            raise AssertionError(server.communicate()[1][-3000:]) from error
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            assert server.poll() is None, server.stderr.read()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
    yield base, data_dir
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=30)


def _read(base: str, stop: threading.Event, statuses: Counter, lock) -> None:
    rng = random.Random()
    paths = ["/", "/van-ban/", "/thong-bao/", "/phat-thanh/", "/feed/thong-bao/rss/"]
    while not stop.is_set():
        if rng.random() < 0.6:
            q = urllib.request.quote(rng.choice(QUERIES))
            path = f"/api/search/?q={q}"
        else:
            path = rng.choice(paths)
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            status = f"{type(error).__name__}"
        with lock:
            statuses[status] += 1


@own_database
@pytest.mark.slow
def test_publishing_while_residents_search(served):
    base, data_dir = served
    statuses, lock, stop = Counter(), threading.Lock(), threading.Event()
    readers = [
        threading.Thread(target=_read, args=(base, stop, statuses, lock))
        for _ in range(READERS)
    ]
    for reader in readers:
        reader.start()
    rounds = 24
    try:
        publisher = subprocess.run(
            [
                sys.executable,
                "-c",
                PUBLISHER.format(rounds=rounds, pause=SECONDS / rounds),
            ],
            env=env(data_dir),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert publisher.returncode == 0, publisher.stderr[-3000:]
    final_titles = json.loads(publisher.stdout.strip().splitlines()[-1])

    errors = {k: v for k, v in statuses.items() if not isinstance(k, int) or k >= 500}
    assert not errors, statuses
    assert sum(statuses.values()) >= 100, statuses
    print(f"\n{sum(statuses.values())} requests during {rounds} publishes: {statuses}")

    # The last publishes reach the index through the worker: a moment later.
    deadline = time.monotonic() + 120
    while True:
        report = json.loads(manage(data_dir, "search_health", check=False).stdout)
        if not report["pending_count"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert report["ok"] is True, report
    for title in final_titles.values():
        q = urllib.request.quote(f'"{title}"')
        with urllib.request.urlopen(f"{base}/api/search/?q={q}") as response:
            hits = json.load(response)["results"]
        assert title in [hit["title"] for hit in hits][:3], (title, hits[:3])
