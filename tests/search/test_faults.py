"""Index faults: a damaged, unreadable or deleted index answers 503 (never an
empty result), and after the documented recovery (`search_health --repair` or
`rebuild_search_index`) every live public page is found and nothing else is.

The same promise under a stuck writer is in test_outbox.py, under processes
killed with SIGKILL in test_kill.py.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import health, indexing
from search.engines import get_engine
from search.engines.base import SearchUnavailable
from search.plan import Params
from search.query import search
from tests.factories import NoticePageFactory
from tests.search.conftest import WORD, found

# -- a damaged or deleted index ------------------------------------------------


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
    assert found() == [notice.title]
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
    assert found() == sorted([notice.title, other.title])
    assert client.get("/api/search/", {"q": WORD}).status_code == 200
    assert health.check()["ok"] is True


@pytest.mark.django_db
def test_repair_rebuilds_an_unreadable_index(notice, search_index):
    _damage(search_index, "corrupt meta.json")
    report = health.check(repair=True)
    assert report["repaired"] == ["rebuilt"]
    assert report["ok"] is True
    assert found() == [notice.title]


@pytest.mark.django_db
def test_repair_finds_missing_extra_and_stale_entries(sections, search_index):
    pages = [
        NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"{WORD} {n}")
        for n in range(3)
    ]
    backend = get_engine()
    # Drift behind the outbox's back: one entry lost, one stale, one extra.
    backend.update([], delete_ids=[pages[0].pk])
    (stale,) = indexing.documents([pages[1].pk])
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
    assert found() == sorted(p.title for p in pages)


@pytest.mark.django_db
def test_deleted_folder_is_never_recreated_empty_by_an_update(notice, search_index):
    shutil.rmtree(search_index.path)
    NoticePageFactory(parent=notice.get_parent(), title=f"{WORD} mới")
    # The update did not make a fresh index holding only the new page.
    assert not search_index.path.exists() or search_index.current_dir() is None
    with pytest.raises(SearchUnavailable):
        search(Params(q=WORD))
