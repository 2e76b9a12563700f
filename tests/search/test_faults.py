"""Index faults: the database and the index agree again after each of them.

Every test here breaks something the way production breaks it (a process
killed with SIGKILL at a phase of an import or a rebuild, a writer that keeps
the lock, a damaged or deleted index folder) and then checks what residents
and staff see: search answers 503 rather than an empty result while the index
is unreadable, a publish never waits long, and after the documented recovery
(`search_health --retry`, `search_health --repair` or `rebuild_search_index`)
every live public page is found and nothing else is.

The kill tests run real `manage.py` processes on a file database of their
own (a migrated template copied per test), since a test case's transaction
is invisible to another process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import health, indexing
from search.engines import get_engine
from search.engines.base import SearchUnavailable
from search.plan import Params
from search.query import search
from tests.factories import NoticePageFactory
from tests.processes import env, manage, migrated_data_dir, own_database

ROOT = Path(__file__).resolve().parents[2]
WORD = "thủylôi"


def _found(q=WORD):
    return sorted(h["title"] for h in search(Params(q=q)).hits)


# -- a damaged or deleted index ------------------------------------------------


@pytest.fixture
def notice(sections):
    return NoticePageFactory(
        parent=sections["NoticeIndexPage"], title=f"Thông báo {WORD} công khai"
    )


def _damage(backend, how: str) -> None:
    if how == "corrupt meta.json":
        (backend.current_dir() / "meta.json").write_text("{garbage")
    elif how == "empty meta.json":
        (backend.current_dir() / "meta.json").write_text("")
    elif how == "deleted generation":
        shutil.rmtree(backend.current_dir())
    elif how == "deleted folder":
        shutil.rmtree(backend.path)
    elif how == "damaged pointer":
        (backend.path / "CURRENT").write_text("../../etc")
    else:  # pragma: no cover
        raise AssertionError(how)


DAMAGES = [
    "corrupt meta.json",
    "empty meta.json",
    "deleted generation",
    "deleted folder",
    "damaged pointer",
]


@pytest.mark.django_db
@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_index_answers_503_and_a_rebuild_recovers(
    notice, search_index, client, caplog, how
):
    assert _found() == [notice.title]
    _damage(search_index, how)
    time.sleep(0.15)  # past the reload check interval

    api = client.get("/api/search/", {"q": WORD})
    assert api.status_code == 503
    assert api["Retry-After"] == "60"
    assert api.json() == {
        "error": "Tìm kiếm tạm thời chưa sẵn sàng, xin thử lại sau ít phút."
    }
    page = client.get("/tim-kiem/", {"q": WORD})
    assert page.status_code == 503
    html = page.content.decode()
    assert "Tìm kiếm tạm thời chưa sẵn sàng" in html and "<html" in html
    assert client.get("/api/search/suggest/", {"q": "thông"}).status_code == 503
    assert "search unavailable" in caplog.text  # and the log says what to run
    assert "rebuild_search_index" in caplog.text

    # Publishing still works; the change waits in the outbox.
    other = NoticePageFactory(
        parent=notice.get_parent(), title=f"Thông báo {WORD} thứ hai"
    )
    assert other.pk in indexing.pending_ids()
    report = health.check(retry=True)  # reports, does not crash
    assert report["ok"] is False and "SearchUnavailable" in report["error"]
    with pytest.raises(CommandError):
        call_command("search_health", "--retry", stdout=open(os.devnull, "w"))

    call_command("rebuild_search_index", stdout=open(os.devnull, "w"))
    assert _found() == sorted([notice.title, other.title])
    assert client.get("/api/search/", {"q": WORD}).status_code == 200
    assert health.check()["ok"] is True


@pytest.mark.django_db
def test_repair_rebuilds_an_unreadable_index(notice, search_index):
    _damage(search_index, "corrupt meta.json")
    report = health.check(repair=True)
    assert report["repaired"] == ["rebuilt"]
    assert report["ok"] is True
    assert _found() == [notice.title]


@pytest.mark.django_db
def test_repair_finds_missing_extra_and_stale_entries(sections, search_index):
    pages = [
        NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"{WORD} {n}")
        for n in range(3)
    ]
    backend = get_engine()
    # Drift behind the outbox's back: one entry lost, one stale, one extra.
    backend.update([], delete_ids=[pages[0].pk])
    stale = indexing.build_document(pages[1].specific)
    stale.title, stale.stamp = "Tiêu đề cũ", stale.stamp + 1000
    backend.update(
        [stale, indexing.SearchDocument(id=999_999, kind="notice", title=WORD)]
    )

    report = health.check()
    assert report["ok"] is False
    assert (report["missing"], report["extra"], report["stale"]) == (1, 1, 1)
    assert report["missing_sample"] == [pages[0].pk]
    assert report["extra_sample"] == [999_999]
    assert report["stale_sample"] == [pages[1].pk]

    report = health.check(repair=True)
    assert report["ok"] is True and report["repaired"] == ["reindexed 3"]
    assert _found() == sorted(p.title for p in pages)


@pytest.mark.django_db
def test_deleted_folder_is_never_recreated_empty_by_an_update(notice, search_index):
    shutil.rmtree(search_index.path)
    NoticePageFactory(parent=notice.get_parent(), title=f"{WORD} mới")
    # The update did not make a fresh index holding only the new page.
    assert not search_index.path.exists() or search_index.current_dir() is None
    with pytest.raises(SearchUnavailable):
        search(Params(q=WORD))


# -- a writer that keeps the lock ---------------------------------------------

HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from search.engines.embedded.engine import EmbeddedEngine
writer = EmbeddedEngine({path!r})._writer()
print("locked", flush=True)
time.sleep({seconds})
writer.rollback()
"""


def _hold_writer(path: Path, seconds: float) -> subprocess.Popen:
    script = textwrap.dedent(HOLDER).format(
        root=str(ROOT), path=str(path), seconds=seconds
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.django_db
def test_publishing_never_waits_on_a_stuck_writer(sections, search_index):
    holder = _hold_writer(search_index.path, seconds=30)
    try:
        started = time.monotonic()
        page = NoticePageFactory(
            parent=sections["NoticeIndexPage"], title=f"Thông báo {WORD} khi bận"
        )
        elapsed = time.monotonic() - started
        assert elapsed < indexing.PUBLISH_WAIT + 2, elapsed
        page.refresh_from_db()
        assert page.live
        assert indexing.pending_ids() == [page.pk]
    finally:
        holder.kill()
        holder.wait()
    # The writer is gone (killed: Tantivy's lock dies with its process).
    report = health.check(retry=True)
    assert report["ok"] is True, report
    assert _found() == [page.title]


def _changing_during(monkeypatch, change):
    """`indexing.documents`, calling `change()` once, after the first page
    has been read (as a publish in another process would, midway)."""
    real = indexing.documents
    state = {"done": False}

    def documents(ids=None, failed=None):
        for doc in real(ids, failed):
            yield doc
            if not state["done"]:
                state["done"] = True
                change()

    monkeypatch.setattr(indexing, "documents", documents)


@pytest.mark.django_db
def test_a_change_made_while_a_rebuild_reads_reaches_the_new_index(
    sections, search_index, monkeypatch
):
    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"{WORD} cũ")
    other = NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"{WORD} 2")

    def publish_new_title():
        fresh = type(page).objects.get(pk=page.pk)
        fresh.title = f"{WORD} mới"
        fresh.save_revision().publish()  # its drain leaves the row: rebuilding

    _changing_during(monkeypatch, publish_new_title)
    indexing.rebuild()
    assert indexing.pending_ids() == []
    assert _found() == sorted([f"{WORD} mới", other.title])


@pytest.mark.django_db
def test_two_drains_cannot_interleave_an_older_version_over_a_newer(
    sections, search_index, monkeypatch
):
    from search.models import PendingUpdate

    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"{WORD} v1")
    monkeypatch.setattr(indexing, "PUBLISH_WAIT", 0.2)

    def publish_v2():
        fresh = type(page).objects.get(pk=page.pk)
        fresh.title = f"{WORD} v2"
        fresh.save_revision().publish()  # a second drain: the lock is held

    _changing_during(monkeypatch, publish_v2)
    PendingUpdate.objects.create(page_id=page.pk)
    # This drain reads v1; v2 is published meanwhile, and its own drain finds
    # the lock held and leaves its row, which this drain applies next.
    indexing.drain(wait=0)
    assert _found() == [f"{WORD} v2"]
    assert indexing.pending_ids() == []


@pytest.mark.django_db
def test_a_page_that_cannot_be_built_keeps_its_entry_and_its_row(
    notice, search_index, monkeypatch
):
    from search import builder

    def broken(page):
        raise ValueError("a broken body")

    monkeypatch.setattr(indexing, "build_document", broken)
    indexing.update_pages([notice.pk])
    monkeypatch.setattr(indexing, "build_document", builder.build_document)
    assert _found() == [notice.title]  # not removed from the index
    assert indexing.pending_ids() == [notice.pk]  # retried later
    indexing.drain()
    assert indexing.pending_ids() == []


@pytest.mark.django_db
def test_the_next_request_applies_what_the_outbox_holds(
    notice, search_index, client, settings
):
    from search.models import PendingUpdate

    search_index.update([], delete_ids=[notice.pk])  # as if lost in a crash
    PendingUpdate.objects.create(page_id=notice.pk)
    settings.SEARCH_HEAL_EVERY = 0.001
    indexing._last_heal["at"] = 0.0
    assert client.get("/").status_code == 200
    assert indexing.pending_ids() == []
    assert _found() == [notice.title]


# -- kill -9 at each phase of an import and of a rebuild ----------------------

KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
import django
django.setup()
from django.core.management import call_command

phase = {phase!r}
calls = {{"n": 0}}

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def die_on_third(real):
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            die()
        return real(*args, **kwargs)
    return wrapper

from directives import importing
from search import indexing
from search.engines.embedded.engine import EmbeddedEngine

if phase == "reading":
    importing.read_records = die
elif phase == "writing":
    importing._Importer.save = die_on_third(importing._Importer.save)
elif phase == "after the database commit":
    EmbeddedEngine.apply = die
elif phase == "after the index commit":
    real_finish = EmbeddedEngine._finish
    def finish(self, writer):
        writer.commit()
        die()
    EmbeddedEngine._finish = finish
elif phase == "rebuilding":
    real_documents = indexing.documents
    def documents(ids=None, failed=None):
        for n, doc in enumerate(real_documents(ids, failed)):
            if n == 2:
                die()
            yield doc
    indexing.documents = documents
elif phase == "swapping":
    EmbeddedEngine._point_to = die

if phase in ("rebuilding", "swapping"):
    call_command("rebuild_search_index")
else:
    call_command("import_documents", sys.argv[1])
"""


def _record(n: int) -> dict:
    if n % 2:
        return {
            "kind": "notice",
            "title": f"Thông báo {WORD} số {n}",
            "body": f"Nội dung thông báo {WORD} số {n} của phường.",
            "published_on": f"2026-11-0{n % 9 + 1}",
        }
    return {
        "kind": "directive",
        "doc_type": "Chỉ thị",
        "number": f"{n}/CT-UBND",
        "issuer": "Ủy ban nhân dân phường Hải Châu",
        "signed_on": f"2026-10-0{n % 9 + 1}",
        "title": f"Về việc {WORD} lần {n}",
        "summary": f"Tóm tắt {WORD} lần {n}.",
        "body": f"Toàn văn chỉ thị {WORD} lần {n}.",
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    return migrated_data_dir(tmp_path_factory)


_manage = manage


def _health(data_dir: Path, *flags: str) -> dict:
    done = _manage(data_dir, "search_health", *flags, check=False)
    return json.loads(done.stdout)


def _searched(data_dir: Path) -> list[str]:
    script = (
        "import django; django.setup();"
        "from search.plan import Params; from search.query import search;"
        f"print('\\n'.join(h['title'] for h in search(Params(q={WORD!r})).hits))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in done.stdout.splitlines() if line)


def _kill_at(data_dir: Path, phase: str, import_file: Path) -> None:
    script = textwrap.dedent(KILLER).format(root=str(ROOT), phase=phase)
    done = subprocess.run(
        [sys.executable, "-c", script, str(import_file)],
        env=env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -9, (done.returncode, done.stderr[-2000:])


IMPORT_PHASES = [
    ("reading", 0),
    ("writing", 0),
    ("after the database commit", 6),
    ("after the index commit", 6),
]


@own_database
@pytest.mark.slow
@pytest.mark.parametrize(("phase", "written"), IMPORT_PHASES)
def test_kill_9_during_an_import_then_recovery(migrated, tmp_path, phase, written):
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    import_file = tmp_path / "import.jsonl"
    import_file.write_text(
        "\n".join(json.dumps(_record(n), ensure_ascii=False) for n in range(6)),
        encoding="utf-8",
    )
    _kill_at(data_dir, phase, import_file)

    report = _health(data_dir)
    assert report["expected_documents"] == written
    if written:
        assert report["ok"] is False
        assert report["pending_count"] >= written  # the outbox remembers
    # The documented recovery: search_health --retry applies the outbox.
    report = _health(data_dir, "--retry")
    assert report["ok"] is True, report
    assert len(_searched(data_dir)) == written
    # Importing the same file again completes it and leaves them agreeing.
    _manage(data_dir, "import_documents", str(import_file))
    assert _health(data_dir)["ok"] is True
    assert len(_searched(data_dir)) == 6


@own_database
@pytest.mark.slow
@pytest.mark.parametrize("phase", ["rebuilding", "swapping"])
def test_kill_9_during_a_rebuild_leaves_the_old_index_serving(
    migrated, tmp_path, phase
):
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    import_file = tmp_path / "import.jsonl"
    import_file.write_text(
        "\n".join(json.dumps(_record(n), ensure_ascii=False) for n in range(6)),
        encoding="utf-8",
    )
    _manage(data_dir, "import_documents", str(import_file))
    assert len(_searched(data_dir)) == 6

    _kill_at(data_dir, phase, import_file)
    assert len(_searched(data_dir)) == 6  # the old generation still serves
    assert _health(data_dir)["ok"] is True
    # A new rebuild clears what the dead one left (its folder, its marker).
    _manage(data_dir, "rebuild_search_index")
    generations = [p for p in (data_dir / "search-index").iterdir() if p.is_dir()]
    assert len(generations) <= 2, generations
    assert _health(data_dir)["ok"] is True
    assert len(_searched(data_dir)) == 6
