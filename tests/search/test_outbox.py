"""The index outbox: a publish never waits on a writer stuck elsewhere, and
what it leaves is applied later (by a rebuild, the next drain or the next
request) without an older version overwriting a newer one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.utils import timezone

from search import health, indexing
from tests.factories import NoticePageFactory
from tests.processes import ROOT
from tests.search.conftest import WORD, found

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
    assert found() == [page.title]


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
    assert found() == sorted([f"{WORD} mới", other.title])


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
    assert found() == [f"{WORD} v2"]
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
    assert found() == [notice.title]  # not removed from the index
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
    assert found() == [notice.title]


@pytest.mark.django_db
def test_with_a_worker_a_request_leaves_fresh_rows_to_it(
    notice, search_index, client, settings
):
    """A web process never races the worker: only rows the worker has left
    for two minutes (it stopped) are applied after a request."""
    from search.models import PendingUpdate

    settings.TASKS = {
        **settings.TASKS,
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    search_index.update([], delete_ids=[notice.pk])
    row = PendingUpdate.objects.create(page_id=notice.pk)
    settings.SEARCH_HEAL_EVERY = 0.001
    indexing._last_heal["at"] = 0.0
    assert client.get("/").status_code == 200
    assert indexing.pending_ids() == [notice.pk]
    PendingUpdate.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - indexing.WORKER_GRACE
    )
    indexing._last_heal["at"] = 0.0
    assert client.get("/").status_code == 200
    assert indexing.pending_ids() == []
    assert found() == [notice.title]


@pytest.mark.django_db
def test_a_job_applies_all_its_pages_before_an_older_backlog(
    sections, search_index, monkeypatch
):
    """`update_search_index(ids)` applies every one of its pages, whatever
    the outbox held before them, and a chunk of that backlog at most."""
    from search import tasks
    from search.models import PendingUpdate

    monkeypatch.setattr(indexing, "CHUNK", 2)
    older = [NoticePageFactory(parent=sections["NoticeIndexPage"]) for _ in range(4)]
    ours = [NoticePageFactory(parent=sections["NoticeIndexPage"]) for _ in range(5)]
    PendingUpdate.objects.all().delete()
    search_index.update([], delete_ids=[p.pk for p in older + ours])
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(page_id=p.pk) for p in older + ours]
    )
    assert tasks.update_search_index.call([p.pk for p in ours]) == 5 + 2
    assert indexing.pending_ids() == sorted(p.pk for p in older)[2:]
