"""The posting log and the ward's lists in the admin: who may change what,
a posting started from the page, expired notices still up on the
dashboard, and a smart-radio key shown once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import (
    AiredRecord,
    LoudspeakerZone,
    PostingPlace,
    PostingRecord,
    RadioSystemKey,
    ResidentialGroup,
)
from tests.factories import NoticePageFactory, UserFactory

EDITOR, LEADER = "Biên tập viên", "Lãnh đạo phường"


def url(model, action, *args):
    meta = model._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=args
    )


@pytest.fixture
def place(db):
    group = ResidentialGroup.objects.create(name="Tổ 7")
    return PostingPlace.objects.create(name="Nhà văn hóa tổ dân phố 7", group=group)


@pytest.fixture
def notice(sections):
    return NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Thông báo thu gom rác cồng kềnh"
    )


@pytest.mark.django_db
def test_an_editor_logs_a_posting_started_from_the_page(client, notice, place):
    editor = UserFactory(group=EDITOR)
    client.force_login(editor)
    header = client.get(reverse("wagtailadmin_pages:edit", args=(notice.pk,)))
    add = url(PostingRecord, "add")
    assert f"{add}?page={notice.pk}" in header.content.decode()
    form = client.get(add, {"page": notice.pk}).content.decode()
    assert notice.title in form  # the page chooser starts on the page
    response = client.post(
        f"{add}?page={notice.pk}",
        {
            "page": notice.pk,
            "place": place.pk,
            "posted_on": "2026-12-01",
            "taken_down_on": "",
            "copies": 2,
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = PostingRecord.objects.get()
    assert (record.page_id, record.place) == (notice.pk, place)
    assert record.posted_by == editor
    assert record.copies == 2


@pytest.mark.django_db
def test_taking_down_before_posting_is_refused_in_vietnamese(client, notice, place):
    client.force_login(UserFactory(group=EDITOR))
    response = client.post(
        url(PostingRecord, "add"),
        {
            "page": notice.pk,
            "place": place.pk,
            "posted_on": "2026-12-05",
            "taken_down_on": "2026-12-01",
            "copies": 1,
        },
    )
    assert response.status_code == 200
    assert "Ngày gỡ không thể trước ngày niêm yết." in response.content.decode()
    assert not PostingRecord.objects.exists()


@pytest.mark.django_db
def test_zones_are_the_leaders_logs_are_everyones(client):
    editor = UserFactory(group=EDITOR)
    leader = UserFactory(group=LEADER)
    for model in (AiredRecord, PostingRecord, PostingPlace):
        assert editor.has_perm(f"directives.add_{model._meta.model_name}")
    assert not editor.has_perm("directives.add_loudspeakerzone")
    assert editor.has_perm("directives.view_loudspeakerzone")
    assert not editor.has_perm("directives.view_radiosystemkey")
    assert leader.has_perm("directives.add_loudspeakerzone")
    assert leader.has_perm("directives.add_radiosystemkey")
    assert leader.has_perm("directives.delete_postingrecord")
    client.force_login(editor)
    assert client.get(url(LoudspeakerZone, "add")).status_code in (302, 403)
    assert client.get(url(RadioSystemKey, "list")).status_code in (302, 403)


@pytest.mark.django_db
def test_expired_notices_still_posted_are_flagged(client, sections, place):
    today = timezone.localdate()
    expired = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo đã hết hạn nhưng còn dán",
        published_on=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=2),
    )
    taken_down = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo hết hạn đã gỡ",
        published_on=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=2),
    )
    PostingRecord.objects.create(
        page=expired, place=place, posted_on=today - datetime.timedelta(days=30)
    )
    PostingRecord.objects.create(
        page=taken_down,
        place=place,
        posted_on=today - datetime.timedelta(days=30),
        taken_down_on=today - datetime.timedelta(days=1),
    )
    client.force_login(UserFactory(group=EDITOR))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Thông báo hết hạn còn niêm yết" in html
    assert "Thông báo đã hết hạn nhưng còn dán" in html
    assert "Nhà văn hóa tổ dân phố 7" in html
    assert "Thông báo hết hạn đã gỡ" not in html  # nor asked to be printed
    panel = reverse("ward_dashboard_panel", args=("expired-still-posted",))
    assert "Thông báo đã hết hạn nhưng còn dán" in client.get(panel).content.decode()


@pytest.mark.django_db
def test_a_leader_makes_a_key_that_is_shown_once_and_works(client, sections):
    client.force_login(UserFactory(group=LEADER))
    response = client.post(
        url(RadioSystemKey, "add"),
        {"name": "Truyền thanh thông minh VNPT", "active": "on"},
        follow=True,
    )
    html = response.content.decode()
    (key,) = re.findall(r"VNPT: ([\w-]{40,})", html)
    system = RadioSystemKey.objects.get()
    assert system.key_hash == RadioSystemKey.hash(key) and key not in system.key_hash
    assert RadioSystemKey.objects.matching(key).get() == system
    listing = client.get(url(RadioSystemKey, "list")).content.decode()
    assert key not in listing and key[:8] in listing
    edit = client.get(url(RadioSystemKey, "edit", system.pk)).content.decode()
    assert key not in edit


@pytest.mark.django_db
def test_a_link_with_a_strange_page_number_opens_an_empty_form(client, notice):
    from cms.feedback.figures import natural_key

    client.force_login(UserFactory(group=EDITOR))
    for value in ("²", "abc", "9" * 30):
        response = client.get(url(PostingRecord, "add"), {"page": value})
        assert response.status_code == 200
    assert sorted(["Tổ 10", "²", "Tổ 2"], key=natural_key) == ["Tổ 2", "Tổ 10", "²"]
