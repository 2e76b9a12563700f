"""Keeping the index true: only live, public pages, whatever happens to them."""

import datetime
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from directives.blocks import paragraphs_to_stream
from directives.models import DirectiveIndexPage
from search import indexing, query
from search.builder import SearchDocument
from search.plan import Params
from search.query import search
from tests.factories import DirectivePageFactory, NoticePageFactory

WORD = "thủylôi"  # one word no other page has


def found(q=WORD, **filters):
    return [h["title"] for h in search(Params(q=q, **filters)).hits]


def everywhere(q=WORD):
    """Results, facet counts and suggestions for `q`, all at once."""
    results = search(Params(q=q))
    return {
        "titles": [h["title"] for h in results.hits],
        "count": results.count,
        "facets": {k: v for k, v in results.facets.items() if v},
        "suggestions": [s["title"] for s in query.suggest(q)],
    }


NOTHING = {"titles": [], "count": 0, "facets": {}, "suggestions": []}


@pytest.fixture
def notice(sections):
    return NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title=f"Thông báo {WORD} công khai",
        body=paragraphs_to_stream(f"Nội dung {WORD}."),
    )


@pytest.mark.django_db
def test_published_page_is_everywhere(notice):
    assert everywhere() == {
        "titles": [notice.title],
        "count": 1,
        "facets": {"kind": {"notice": 1}},
        "suggestions": [notice.title],
    }


@pytest.mark.django_db
def test_draft_is_never_indexed(sections):
    NoticePageFactory(
        parent=sections["NoticeIndexPage"], title=f"Nháp {WORD}", live=False
    )
    assert everywhere() == NOTHING


@pytest.mark.django_db
def test_unpublished_draft_changes_of_a_live_page_stay_hidden(notice):
    notice.title = "Tiêu đề nháp bimatmoi"
    notice.save_revision()
    assert found("bimatmoi") == []
    assert found() == [f"Thông báo {WORD} công khai"]


@pytest.mark.django_db
def test_scheduled_page_is_hidden_until_it_goes_live(sections):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title=f"Hẹn giờ {WORD}", live=False
    )
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert everywhere() == NOTHING


@pytest.mark.django_db
def test_expired_page_disappears_even_before_publish_scheduled(notice, monkeypatch):
    notice.expire_at = timezone.now() + datetime.timedelta(hours=1)
    notice.save_revision().publish()
    assert found() == [notice.title]
    later = time.time() + 2 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert everywhere() == NOTHING


@pytest.mark.django_db
def test_unpublish_and_delete_remove_the_page(notice, sections):
    notice.unpublish()
    assert everywhere() == NOTHING
    notice.save_revision().publish()
    assert found() == [notice.title]
    notice.delete()
    assert everywhere() == NOTHING


@pytest.mark.django_db
def test_view_restriction_on_the_page_or_its_section(notice, sections):
    restriction = PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert everywhere() == NOTHING
    restriction.delete()
    assert found() == [notice.title]
    PageViewRestriction.objects.create(
        page=sections["NoticeIndexPage"],
        restriction_type=PageViewRestriction.LOGIN,
    )
    assert everywhere() == NOTHING


@pytest.mark.django_db
def test_moving_under_a_private_section_hides_and_changes_url(sections):
    page = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], title=f"Chỉ thị {WORD}"
    )
    private = sections["home"].add_child(
        instance=DirectiveIndexPage(title="Văn bản nội bộ", slug="noi-bo")
    )
    page.move(private, pos="last-child")
    assert search(Params(q=WORD)).hits[0]["url"] == "/noi-bo/" + page.slug + "/"
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    assert everywhere() == NOTHING
    page.refresh_from_db()
    public = DirectiveIndexPage.objects.get(pk=sections["DirectiveIndexPage"].pk)
    page.move(public, pos="last-child")
    assert found() == [f"Chỉ thị {WORD}"]


@pytest.mark.django_db
def test_renamed_issuer_is_searchable(sections):
    page = DirectivePageFactory(parent=sections["DirectiveIndexPage"])
    page.issuer.name = "Ban Chỉ huy quân sự phường"
    page.issuer.save()
    assert search(Params(q="chi huy quan su")).hits[0]["issuer"] == (
        "Ban Chỉ huy quân sự phường"
    )


@pytest.mark.django_db
def test_a_failed_update_never_breaks_publishing_and_is_retried(
    sections, monkeypatch, search_index
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(search_index, "apply", broken)
    first = NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"Một {WORD}")
    first.refresh_from_db()
    assert first.live  # the publish went through
    assert indexing.pending_ids() == [first.pk]  # kept in the outbox
    assert found() == []

    monkeypatch.undo()
    NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"Hai {WORD}")
    assert sorted(found()) == [f"Hai {WORD}", f"Một {WORD}"]
    assert indexing.pending_ids() == []


@pytest.mark.django_db
def test_rebuild_command_and_health(notice, search_index, capsys):
    search_index.clear()
    assert found() == []
    call_command("rebuild_search_index")
    assert "1 trang đã được lập chỉ mục (embedded)." in capsys.readouterr().out
    assert found() == [notice.title]
    call_command("search_health")
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["documents"], report["expected_documents"]) == (
        True,
        1,
        1,
    )


@pytest.mark.django_db
def test_import_is_searchable_when_it_returns(corpus):
    assert found("26/CT-TTg")[0] == (
        "Về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp"
    )


def _doc(pk, text="Nội dung thông báo của phường về việc tiếp công dân. "):
    return SearchDocument(
        id=pk, kind="notice", title=f"Thông báo số {pk}", body=text * 30
    )


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


@pytest.mark.slow
def test_index_stays_bounded_under_2000_updates(search_index):
    docs = [_doc(pk) for pk in range(1, 11)]
    search_index.rebuild(docs)
    for cycle in range(2000):
        doc = docs[cycle % len(docs)]
        if cycle % 3 == 1:
            search_index.update([], delete_ids=[doc.id])  # unpublish
        else:
            doc.title = f"Thông báo số {doc.id}, sửa lần {cycle}"  # edit, publish
            search_index.update([doc])
    search_index.update(docs)  # everything published again
    churned = _size(search_index.path)
    search_index.rebuild(docs)
    fresh = _size(search_index.path)
    assert search_index.stats()["documents"] == 10
    assert churned <= 2 * fresh, (churned, fresh)


@pytest.mark.django_db
def test_publish_cycles_through_wagtail_keep_the_index_bounded(sections, search_index):
    pages = [
        NoticePageFactory(parent=sections["NoticeIndexPage"], title=f"Thông báo {n}")
        for n in range(3)
    ]
    for cycle in range(60):
        page = pages[cycle % 3]
        if cycle % 2:
            page.unpublish()
        else:
            page.title = f"Thông báo {page.pk} lần {cycle}"
            page.save_revision().publish()
    for page in pages:
        page.save_revision().publish()
    churned = _size(search_index.path)
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert churned <= 2 * _size(search_index.path)
    assert search_index.stats()["documents"] == 3


WRITER = """
import sys, time
sys.path.insert(0, {root!r})
import tantivy
from search.builder import SearchDocument
from search.engines.embedded.engine import EmbeddedEngine
from search.engines.embedded.schema import to_tantivy
backend = EmbeddedEngine({path!r})
writer = backend._writer()
print("locked", flush=True)
time.sleep(1.0)
writer.add_document(to_tantivy(SearchDocument(
    id=900, kind="notice", title="Viết từ tiến trình khác")))
writer.commit()
writer.wait_merging_threads()
"""


def test_other_processes_see_commits_and_share_the_writer_lock(search_index):
    search_index.rebuild([_doc(1)])
    assert search_index.stats()["documents"] == 1
    root = str(Path(__file__).resolve().parents[2])
    script = textwrap.dedent(WRITER).format(root=root, path=str(search_index.path))
    other = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout.readline().strip() == "locked"
        started = time.monotonic()
        search_index.update([_doc(2)])  # waits for the other writer, then writes
        assert time.monotonic() - started >= 0.5
    finally:
        assert other.wait(timeout=30) == 0
    deadline = time.monotonic() + 1.0
    while search_index.stats()["documents"] != 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert search_index.stats()["documents"] == 3
    assert search_index.doc_ids() == [1, 2, 900]


@pytest.mark.django_db
def test_deleting_a_section_removes_every_page_below_it(notice, sections):
    sections["NoticeIndexPage"].delete()
    assert everywhere() == NOTHING
