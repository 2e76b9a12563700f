"""The ward's dashboard: what the staff must do today, with links to do it."""

import datetime

import pytest
from django.utils import timezone

from directives import posters
from directives.models import NoticePage, RenditionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_client(client, demo):
    client.login(username="lanhdao", password="lanhdao")
    return client


def dashboard(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}')
    return html[start : html.index("</section>", start)]


def test_every_ward_panel_is_on_the_dashboard(leader_client):
    html = dashboard(leader_client)
    for heading in (
        "Bản nháp của tôi",
        "Thông báo hết hạn trong 7 ngày tới",
        "Lịch phát thanh hôm nay",
        "Chưa có áp phích hoặc kịch bản cho bản mới nhất",
    ):
        assert heading in html


def test_notices_expiring_within_a_week_are_listed(leader_client):
    today = timezone.localdate()
    soon = NoticePage.objects.live().first()
    soon.valid_until = today + datetime.timedelta(days=3)
    soon.save_revision().publish()
    later = NoticePage.objects.live().exclude(pk=soon.pk).first()
    later.valid_until = today + datetime.timedelta(days=30)
    later.save_revision().publish()
    html = panel(dashboard(leader_client), "expiring-notices")
    assert soon.title in html
    assert f"Hết hạn {soon.valid_until:%d/%m/%Y}" in html
    assert f"/admin/pages/{soon.pk}/edit/" in html
    assert later.title not in html


def test_my_drafts_lists_only_my_unpublished_work(client, demo):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="bientap")
    notice = NoticePage.objects.live().first()
    notice.title = "Thông báo đang sửa dở"
    notice.save_revision(user=editor)
    client.force_login(editor)
    html = panel(dashboard(client), "my-drafts")
    assert "Thông báo đang sửa dở" in html
    assert "Đã xuất bản, có sửa đổi chưa duyệt" in html
    client.login(username="lanhdao", password="lanhdao")
    assert "Thông báo đang sửa dở" not in panel(dashboard(client), "my-drafts")


def test_pages_without_poster_or_script_leave_the_list_once_made(
    leader_client, settings, tmp_path, pango
):
    settings.DATA_DIR = tmp_path
    notice = NoticePage.objects.live().first()
    notice.save_revision().publish()  # just approved: first in the list
    notice.refresh_from_db()
    html = panel(dashboard(leader_client), "missing-renditions")
    assert notice.title in html
    assert f"/admin/ap-phich/{notice.pk}/?download=1" in html
    assert f"{notice.url}loa.html" in html

    posters.render_poster(notice)
    assert leader_client.get(f"{notice.url}loa.txt").status_code == 200
    assert RenditionRecord.objects.filter(page=notice).count() == 2
    assert notice.title not in panel(dashboard(leader_client), "missing-renditions")

    # A new version needs its poster and script again.
    notice.title = "Thông báo đã sửa"
    notice.save_revision().publish()
    assert "Thông báo đã sửa" in panel(dashboard(leader_client), "missing-renditions")


def test_todays_programme_links_to_the_announcers_page(leader_client):
    from directives.models import BroadcastSlot, DirectivePage

    directive = DirectivePage.objects.get(number="29-CT/TU")
    BroadcastSlot.objects.create(day=timezone.localdate(), page=directive)
    html = panel(dashboard(leader_client), "today-programme")
    assert "/phat-thanh/hom-nay/" in html
    assert f"Chỉ thị 29-CT/TU — {directive.title}" in html


def test_a_draft_sent_for_review_leaves_my_drafts(client, demo):
    from django.contrib.auth import get_user_model
    from wagtail.models import Workflow

    editor = get_user_model().objects.get(username="bientap")
    notice = NoticePage.objects.live().first()
    notice.title = "Thông báo gửi duyệt rồi"
    notice.save_revision(user=editor)
    client.force_login(editor)
    assert "Thông báo gửi duyệt rồi" in panel(dashboard(client), "my-drafts")
    Workflow.objects.get(name="Phê duyệt của lãnh đạo phường").start(notice, editor)
    assert "Thông báo gửi duyệt rồi" not in panel(dashboard(client), "my-drafts")


def test_search_panel_appears_only_when_search_is_behind(leader_client, settings):
    import shutil

    from search.engines import get_engine
    from search.models import PendingUpdate

    assert "Tìm kiếm trên cổng thông tin" not in dashboard(leader_client)

    notice = NoticePage.objects.live().first()
    row = PendingUpdate.objects.create(page_id=notice.pk)
    PendingUpdate.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    html = panel(dashboard(leader_client), "search-index")
    assert notice.title in html and "chờ vào chỉ mục tìm kiếm từ" in html

    backend = get_engine()
    saved = backend.path.with_name(backend.path.name + "-saved")
    shutil.copytree(backend.path, saved)
    try:
        shutil.rmtree(backend.path)
        html = panel(dashboard(leader_client), "search-index")
        assert "Tìm kiếm đang tạm ngưng" in html
        assert "search_health --repair" in html
    finally:
        shutil.rmtree(backend.path, ignore_errors=True)
        shutil.copytree(saved, backend.path)
        shutil.rmtree(saved)


def submit_for_review(title: str) -> NoticePage:
    from django.contrib.auth import get_user_model
    from wagtail.models import Workflow

    editor = get_user_model().objects.get(username="bientap")
    notice = NoticePage.objects.live().first()
    notice.title = title
    notice.save_revision(user=editor)
    Workflow.objects.get(name="Phê duyệt của lãnh đạo phường").start(notice, editor)
    return notice


def test_what_awaits_the_leaders_approval_comes_first(leader_client):
    submit_for_review("Thông báo chờ lãnh đạo duyệt")
    html = dashboard(leader_client)
    queue = html.index('id="awaiting-review')
    assert "Đang chờ bạn duyệt" in panel(html, "awaiting-review")
    assert "Thông báo chờ lãnh đạo duyệt" in panel(html, "awaiting-review")
    for ward_panel in ("my-drafts", "expiring-notices", "missing-renditions"):
        assert queue < html.index(f'id="{ward_panel}')


def test_nothing_to_review_means_no_review_panel(leader_client):
    assert 'id="awaiting-review' not in dashboard(leader_client)


def test_the_long_rendition_list_shows_five_and_links_to_the_rest(leader_client):
    html = panel(dashboard(leader_client), "missing-renditions")
    assert html.count('<td class="title">') == 5
    assert "Trên đây là 5 trang đầu." in html
    assert '<a href="/admin/viec-can-lam/missing-renditions/">Xem tất cả</a>' in html

    response = leader_client.get("/admin/viec-can-lam/missing-renditions/")
    assert response.status_code == 200
    full = panel(response.content.decode(), "missing-renditions")
    assert full.count('<td class="title">') > 5
    assert "Xem tất cả" not in full
    assert "<title>Chưa có áp phích hoặc kịch bản cho bản mới nhất" in (
        response.content.decode()
    )


def test_an_unknown_panel_is_404(leader_client):
    assert leader_client.get("/admin/viec-can-lam/khong-co/").status_code == 404
