"""A ward's editors and leaders work only in their ward; the city's staff in
the library. Two wards made with `create_ward` beside the test site, each
with its own lists, logs, messages and pages; every admin screen that lists
pages, snippets or submissions shows ward A's editor A's rows and never B's,
and B's rows are not found (404) or refused (403)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms import wards
from cms.feedback.models import Feedback, PageRating
from directives.models import (
    AiredRecord,
    BroadcastSlot,
    LoudspeakerZone,
    NoticeIndexPage,
    PostingPlace,
    PostingRecord,
    RadioSystemKey,
    ResidentialGroup,
)
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

A_NAME, B_NAME = "Phường An Hải", "Phường Bình Kỳ"


def ward_rows(site, tag: str) -> dict:
    """One of everything a ward owns, each named with `tag`."""
    section = wards.directive_section(site)
    notice = NoticePageFactory(
        parent=NoticeIndexPage.objects.child_of(site.root_page).get(),
        title=f"Thông báo tiêm phòng {tag}",
    )
    directive = DirectivePageFactory(
        parent=section, title=f"Chỉ thị vệ sinh {tag}", number=f"{len(tag)}/CT-UBND"
    )
    group = ResidentialGroup.objects.create(site=site, name=f"Tổ {tag}")
    zone = LoudspeakerZone.objects.create(site=site, name=f"Cụm loa {tag}")
    zone.groups.add(group)
    place = PostingPlace.objects.create(site=site, name=f"Bảng tin {tag}", group=group)
    today = timezone.localdate()
    slot = BroadcastSlot.objects.create(
        site=site, page=notice, zone=zone, day=today, note=f"Ghi chú {tag}"
    )
    aired = AiredRecord.objects.create(
        site=site,
        page=notice,
        zone=zone,
        slot=slot,
        slot_day=today,
        note=f"Đã phát {tag}",
    )
    posting = PostingRecord.objects.create(page=notice, place=place, note=f"Dán {tag}")
    key = RadioSystemKey(site=site, name=f"Truyền thanh {tag}")
    secret = key.new_key()
    key.save()
    feedback = Feedback.objects.create(
        site=site,
        topic="gop-y",
        message=f"Đèn đường hỏng ở {tag}",
        received_at=timezone.now() - datetime.timedelta(days=30),
        page=notice,
    )
    PageRating.count(notice, useful=False)
    return {
        "notice": notice,
        "directive": directive,
        "residentialgroup": group,
        "loudspeakerzone": zone,
        "postingplace": place,
        "broadcastslot": slot,
        "airedrecord": aired,
        "postingrecord": posting,
        "radiosystemkey": key,
        "secret": secret,
        "feedback": feedback,
    }


@pytest.fixture
def two_wards(sections, private_index):
    site_a = wards.create_ward("phuong-an-hai.example", A_NAME)
    site_b = wards.create_ward("phuong-binh-ky.example", B_NAME)
    return {
        "A": (site_a, ward_rows(site_a, "AnHải")),
        "B": (site_b, ward_rows(site_b, "BìnhKỳ")),
    }


def member(name: str, group: str):
    user = UserFactory(username=name, group=group)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor_a(two_wards):
    return member("bientap-a", f"{wards.EDITORS} – {A_NAME}")


@pytest.fixture
def leader_a(two_wards):
    return member("lanhdao-a", f"{wards.LEADERS} – {A_NAME}")


@pytest.fixture
def city_editor(two_wards):
    return member("thanhpho", wards.CITY_EDITORS)


SNIPPETS = [
    ("residentialgroup", "Tổ {}"),
    ("loudspeakerzone", "Cụm loa {}"),
    ("postingplace", "Bảng tin {}"),
    ("broadcastslot", "Thông báo tiêm phòng {}"),
    ("airedrecord", "Thông báo tiêm phòng {}"),
    ("postingrecord", "Bảng tin {}"),
    ("radiosystemkey", "Truyền thanh {}"),
]


def snippet_url(model: str, action: str, *args) -> str:
    return reverse(f"wagtailsnippets_directives_{model}:{action}", args=args)


def test_user_sites(two_wards, editor_a, leader_a, city_editor):
    site_a, _rows = two_wards["A"]
    assert wards.user_sites(editor_a[0]) == [site_a]
    assert wards.user_sites(leader_a[0]) == [site_a]
    assert wards.user_sites(city_editor[0]) == []
    assert wards.is_city_staff(city_editor[0])
    assert not wards.is_city_staff(editor_a[0])


@pytest.mark.parametrize("model,label", SNIPPETS)
def test_snippet_lists_show_only_the_ward(two_wards, leader_a, model, label):
    _user, client = leader_a
    response = client.get(snippet_url(model, "list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert label.format("AnHải") in html
    assert "BìnhKỳ" not in html


@pytest.mark.parametrize("model,_label", SNIPPETS)
def test_another_wards_rows_are_not_found(two_wards, leader_a, model, _label):
    _user, client = leader_a
    row_b = two_wards["B"][1][model]
    row_a = two_wards["A"][1][model]
    for action in ("edit", "delete", "history", "usage"):
        assert client.get(snippet_url(model, action, row_b.pk)).status_code == 404
        assert client.get(snippet_url(model, action, row_a.pk)).status_code == 200
    assert client.post(snippet_url(model, "delete", row_b.pk)).status_code == 404
    assert type(row_b).objects.filter(pk=row_b.pk).exists()


def test_snippet_chooser_and_bulk_delete(two_wards, leader_a):
    _user, client = leader_a
    chooser = reverse("wagtailsnippetchoosers_directives_loudspeakerzone:choose")
    html = client.get(chooser).json()["html"]
    assert "Cụm loa AnHải" in html and "BìnhKỳ" not in html
    zone_b = two_wards["B"][1]["loudspeakerzone"]
    chosen = reverse(
        "wagtailsnippetchoosers_directives_loudspeakerzone:chosen", args=[zone_b.pk]
    )
    assert client.get(chosen).status_code == 404
    group_b = two_wards["B"][1]["residentialgroup"]
    bulk = reverse(
        "wagtail_bulk_action",
        args=["directives", "residentialgroup", "delete"],
    )
    response = client.post(f"{bulk}?id={group_b.pk}")
    assert response.status_code in (302, 404)
    assert ResidentialGroup.objects.filter(pk=group_b.pk).exists()


def test_forms_offer_only_the_wards_rows(two_wards, leader_a):
    _user, client = leader_a
    site_a, rows_a = two_wards["A"]
    html = client.get(snippet_url("broadcastslot", "add")).content.decode()
    assert f'type="hidden" name="site" value="{site_a.pk}"' in html
    assert "Cụm loa AnHải" in html and "Cụm loa BìnhKỳ" not in html
    html = client.get(snippet_url("loudspeakerzone", "add")).content.decode()
    assert "Tổ AnHải" in html and "Tổ BìnhKỳ" not in html
    html = client.get(snippet_url("postingrecord", "add")).content.decode()
    assert "Bảng tin AnHải" in html and "Bảng tin BìnhKỳ" not in html


def test_a_slot_for_another_wards_page_or_zone_is_refused(two_wards, leader_a):
    _user, client = leader_a
    site_b, rows_b = two_wards["B"]
    _site_a, rows_a = two_wards["A"]
    today = timezone.localdate()
    data = {
        "site": site_b.pk,  # ignored: the leader has one ward
        "page": rows_b["notice"].pk,
        "day": f"{today:%d/%m/%Y}",
        "time": "06:30",
        "zone": rows_a["loudspeakerzone"].pk,
        "priority": "normal",
        "repeat": "",
        "sort_order": 0,
    }
    response = client.post(snippet_url("broadcastslot", "add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["page"] == [
        f"“Thông báo tiêm phòng BìnhKỳ” thuộc phường khác: chỉ chọn được của {A_NAME}."
    ]
    data["zone"] = rows_b["loudspeakerzone"].pk
    data["page"] = rows_a["notice"].pk
    response = client.post(snippet_url("broadcastslot", "add"), data)
    assert "zone" in response.context["form"].errors
    data["zone"] = rows_a["loudspeakerzone"].pk
    response = client.post(snippet_url("broadcastslot", "add"), data)
    assert response.status_code == 302
    slot = BroadcastSlot.objects.latest("pk")
    assert slot.site == _site_a


def test_a_posting_of_another_wards_page_is_refused(two_wards):
    rows_a, rows_b = two_wards["A"][1], two_wards["B"][1]
    record = PostingRecord(page=rows_b["notice"], place=rows_a["postingplace"])
    with pytest.raises(Exception) as raised:
        record.full_clean()
    assert raised.value.message_dict["page"] == [
        f"“Thông báo tiêm phòng BìnhKỳ” không thuộc {A_NAME}, phường của nơi "
        "niêm yết này."
    ]


def test_feedback_screens_show_only_the_ward(two_wards, leader_a):
    _user, client = leader_a
    rows_a, rows_b = two_wards["A"][1], two_wards["B"][1]
    html = client.get(reverse("feedback:index")).content.decode()
    assert rows_a["feedback"].code in html
    assert rows_b["feedback"].code not in html and "BìnhKỳ" not in html
    assert (
        client.get(reverse("feedback:edit", args=[rows_b["feedback"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("feedback:edit", args=[rows_a["feedback"].pk])).status_code
        == 200
    )
    figures = client.get(reverse("feedback_figures")).content.decode()
    assert B_NAME not in figures
    ratings = client.get(reverse("feedback_ratings")).content.decode()
    assert "Thông báo tiêm phòng AnHải" in ratings and "BìnhKỳ" not in ratings
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "(1)" in home  # the menu badge: A's one new message, not B's
    assert "BìnhKỳ" not in home


def test_the_report_offers_only_the_wards_directives(two_wards, leader_a):
    _user, client = leader_a
    site_a, rows_a = two_wards["A"]
    rows_b = two_wards["B"][1]
    html = client.get(reverse("dissemination_report")).content.decode()
    assert "Chỉ thị vệ sinh AnHải" in html
    assert "BìnhKỳ" not in html
    today = timezone.localdate()
    query = {
        "directive": rows_b["directive"].pk,
        "start": f"{today:%d/%m/%Y}",
        "end": f"{today:%d/%m/%Y}",
    }
    response = client.get(reverse("dissemination_report"), query)
    assert response.status_code == 400
    assert response.context["form"].errors["directive"] == [
        "Văn bản này không có trong danh sách."
    ]


def test_pages_of_another_ward_and_the_library(two_wards, editor_a, city_editor):
    _user, client = editor_a
    rows_a, rows_b = two_wards["A"][1], two_wards["B"][1]
    edit = "wagtailadmin_pages:edit"
    assert client.get(reverse(edit, args=[rows_a["notice"].pk])).status_code == 200
    assert client.get(reverse(edit, args=[rows_b["notice"].pk])).status_code in (
        302,
        403,
    )
    library = wards.library()
    shared = DirectivePageFactory(parent=library, title="Chỉ thị dùng chung thành phố")
    assert client.get(reverse(edit, args=[shared.pk])).status_code in (302, 403)
    _city, city_client = city_editor
    assert city_client.get(reverse(edit, args=[shared.pk])).status_code == 200
    assert city_client.get(reverse(edit, args=[rows_a["notice"].pk])).status_code in (
        302,
        403,
    )


WAGTAIL_LISTS = [
    ("wagtailadmin_pages:search", {"q": "Thông báo tiêm phòng"}),
    ("wagtailadmin_reports:locked_pages", {}),
    ("wagtailadmin_reports:workflow", {}),
    ("wagtailadmin_reports:site_history", {}),
    ("wagtailadmin_reports:aging_pages", {}),
    ("wagtailadmin_home", {}),
]


@pytest.mark.parametrize("name,query", WAGTAIL_LISTS)
def test_wagtail_page_lists_never_show_another_ward(two_wards, leader_a, name, query):
    _user, client = leader_a
    rows_b = two_wards["B"][1]
    rows_b["notice"].save_revision().publish()
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert "BìnhKỳ" not in response.content.decode()


def test_explorer_of_another_ward(two_wards, leader_a):
    _user, client = leader_a
    site_a, site_b = two_wards["A"][0], two_wards["B"][0]
    response = client.get(reverse("wagtailadmin_explore", args=[site_a.root_page_id]))
    assert response.status_code == 200
    response = client.get(reverse("wagtailadmin_explore", args=[site_b.root_page_id]))
    assert response.status_code in (302, 403)


def test_page_chooser_starts_in_the_ward(two_wards, editor_a):
    _user, client = editor_a
    response = client.get(reverse("wagtailadmin_choose_page"))
    html = response.json()["html"]
    assert A_NAME in html
    assert B_NAME not in html


def test_aired_button_and_radio_key_only_for_their_ward(two_wards, leader_a):
    user, client = leader_a
    site_a, rows_a = two_wards["A"]
    site_b, rows_b = two_wards["B"]
    today = timezone.localdate()
    host_b = f"{site_b.hostname}:{site_b.port}"
    host_a = f"{site_a.hostname}:{site_a.port}"
    url = reverse("broadcast_record_aired")
    slot_b = rows_b["broadcastslot"]
    refused = client.post(
        url, {"slot": slot_b.pk, "ngay": f"{today:%Y-%m-%d}"}, HTTP_HOST=host_b
    )
    assert refused.status_code == 403
    # A's slot through A's address is recorded; B's slot there is not found.
    slot_a = rows_a["broadcastslot"]
    AiredRecord.objects.filter(slot=slot_a).delete()
    ok = client.post(
        url, {"slot": slot_a.pk, "ngay": f"{today:%Y-%m-%d}"}, HTTP_HOST=host_a
    )
    assert ok.status_code == 302
    assert AiredRecord.objects.get(slot=slot_a).site == site_a
    missing = client.post(
        url, {"slot": slot_b.pk, "ngay": f"{today:%Y-%m-%d}"}, HTTP_HOST=host_a
    )
    assert missing.status_code == 404
    api = reverse("api_broadcast_aired")
    body = f'{{"slot": {slot_b.pk}, "date": "{today:%Y-%m-%d}"}}'
    anon = Client()
    response = anon.post(
        api,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {rows_a['secret']}",
        HTTP_HOST=host_b,
    )
    assert response.status_code == 401
    response = anon.post(
        api,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {rows_a['secret']}",
        HTTP_HOST=host_a,
    )
    assert response.status_code == 404
    programme = anon.get(reverse("broadcast_today"), HTTP_HOST=host_a).content
    assert "AnHải".encode() in programme and "BìnhKỳ".encode() not in programme
