"""The loudspeaker programme at clock times, by zone and priority, and the
aired log: staff tap "Đã phát", a smart-radio system reports with its key."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Site

from cms.models import WardSettings
from directives.loudspeaker.programme import programme
from directives.models import (
    AiredRecord,
    BroadcastSlot,
    LoudspeakerZone,
    Priority,
    RadioSystemKey,
    Repeat,
    ResidentialGroup,
)
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

MONDAY = datetime.date(2026, 11, 23)
EDITOR, LEADER = "Biên tập viên", "Lãnh đạo phường"


@pytest.fixture
def ward(sections):
    return WardSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def zones(db):
    groups = [ResidentialGroup.objects.create(name=f"Tổ {n}") for n in (1, 2, 3)]
    north = LoudspeakerZone.objects.create(name="Cụm loa số 1 – chợ")
    north.groups.set(groups[:2])
    south = LoudspeakerZone.objects.create(name="Cụm loa số 2 – trường học")
    south.groups.set(groups[2:])
    return north, south


@pytest.fixture
def notice(sections):
    return NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo lịch tiêm phòng dại cho chó mèo",
        published_on=MONDAY - datetime.timedelta(days=3),
    )


@pytest.fixture
def directive(sections):
    return DirectivePageFactory(parent=sections["DirectiveIndexPage"])


def slot(page, time, **fields):
    fields.setdefault("day", MONDAY)
    return BroadcastSlot.objects.create(page=page, time=time, **fields)


@pytest.mark.django_db
def test_items_are_in_time_order_with_their_zone_and_part_of_day(
    ward, notice, directive, zones
):
    north, _ = zones
    slot(directive, datetime.time(17, 0), zone=north)
    slot(notice, datetime.time(6, 30))
    (day,) = programme(MONDAY, 1, ward)
    assert [(f"{i.time:%H:%M}", i.slot.zone_name()) for i in day.items] == [
        ("06:30", "Mọi cụm loa"),
        ("17:00", "Cụm loa số 1 – chợ"),
    ]
    assert [label for label, _ in day.periods] == ["Buổi sáng", "Buổi chiều"]


@pytest.mark.django_db
def test_repeats_daily_on_workdays_and_weekly_until_their_last_day(ward, notice):
    daily = slot(
        notice,
        datetime.time(6, 30),
        repeat=Repeat.DAILY,
        repeat_until=MONDAY + datetime.timedelta(days=2),
    )
    workdays = slot(
        notice,
        datetime.time(11, 0),
        repeat=Repeat.WORKDAYS,
        repeat_until=MONDAY + datetime.timedelta(days=13),
    )
    weekly = slot(
        notice,
        datetime.time(17, 0),
        repeat=Repeat.WEEKLY,
        repeat_until=MONDAY + datetime.timedelta(days=14),
    )
    days = programme(MONDAY, 14, ward)
    by_slot = {s.pk: [] for s in (daily, workdays, weekly)}
    for day in days:
        for item in day.items:
            by_slot[item.slot.pk].append((day.date - MONDAY).days)
    assert by_slot[daily.pk] == [0, 1, 2]
    assert by_slot[workdays.pk] == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]
    assert by_slot[weekly.pk] == [0, 7]
    # A week that starts after the first day still finds repeating slots.
    assert [len(d.items) for d in programme(MONDAY + datetime.timedelta(7), 1, ward)]


@pytest.mark.django_db
def test_nothing_before_the_wards_hours_except_an_emergency(ward, notice):
    early = BroadcastSlot(day=MONDAY, time=datetime.time(5, 0), page=notice)
    with pytest.raises(ValidationError) as error:
        early.full_clean()
    assert "Phường chỉ phát từ 06:00 đến 21:00" in str(error.value.message_dict["time"])
    early.priority = Priority.EMERGENCY
    early.full_clean()  # a storm warning goes out when it must
    ward.broadcast_earliest = datetime.time(7, 0)
    ward.save()
    late_morning = BroadcastSlot(day=MONDAY, time=datetime.time(6, 30), page=notice)
    with pytest.raises(ValidationError):
        late_morning.full_clean()


@pytest.mark.django_db
def test_a_notice_cannot_be_scheduled_past_its_expiry(ward, notice):
    notice.valid_until = MONDAY + datetime.timedelta(days=1)
    notice.save_revision().publish()
    after = BroadcastSlot(
        day=MONDAY + datetime.timedelta(days=2), time=datetime.time(7, 0), page=notice
    )
    with pytest.raises(ValidationError) as error:
        after.full_clean()
    assert "hết hiệu lực" in str(error.value.message_dict["day"])
    repeating = BroadcastSlot(
        day=MONDAY,
        time=datetime.time(7, 0),
        page=notice,
        repeat=Repeat.DAILY,
        repeat_until=MONDAY + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError) as error:
        repeating.full_clean()
    assert "repeat_until" in error.value.message_dict
    BroadcastSlot(day=MONDAY, time=datetime.time(7, 0), page=notice).full_clean()


@pytest.mark.django_db
def test_ward_hours_must_run_forwards(ward):
    ward.broadcast_earliest = datetime.time(18, 0)
    ward.broadcast_latest = datetime.time(6, 0)
    with pytest.raises(ValidationError) as error:
        ward.full_clean()
    assert "broadcast_latest" in error.value.message_dict


@pytest.mark.django_db
def test_an_emergency_tops_the_days_page(client, ward, notice, directive):
    slot(notice, datetime.time(6, 30))
    slot(directive, datetime.time(20, 0), priority=Priority.EMERGENCY)
    html = client.get("/phat-thanh/hom-nay/", {"ngay": "2026-11-23"}).content.decode()
    assert "Tin khẩn cấp – phát ngay" in html
    assert html.index(directive.title) < html.index(notice.title)
    week = client.get("/phat-thanh/", {"tuan": "2026-11-23"}).content.decode()
    assert "Khẩn cấp" in week and "06:30" in week and "20:00" in week
    # Residents see no staff controls.
    assert "Đã phát" not in html


@pytest.mark.django_db
def test_the_announcers_sheet_lists_the_week(client, ward, notice, zones):
    slot(notice, datetime.time(6, 30), zone=zones[0], note="Đọc hai lần")
    html = client.get("/phat-thanh/lich-in/", {"tuan": "2026-11-25"}).content.decode()
    assert "Lịch đọc trên loa từ 23/11/2026 đến 29/11/2026" in html
    assert "Cụm loa số 1 – chợ" in html and "Đọc hai lần" in html
    assert "Đã phát (giờ, ký tên)" in html
    empty = client.get("/phat-thanh/lich-in/", {"tuan": "2030-01-07"})
    assert "chưa có lượt phát" in empty.content.decode()


@pytest.mark.django_db
def test_staff_record_an_airing_with_one_tap(client, ward, notice, zones):
    today = timezone.localdate()
    item = slot(notice, datetime.time(6, 30), day=today, zone=zones[1])
    announcer = UserFactory(group=EDITOR, first_name="Lan", last_name="Nguyễn Thị")
    client.force_login(announcer)
    page = client.get("/phat-thanh/hom-nay/")
    assert page["Cache-Control"] == "private, no-store"
    assert "Đã phát" in page.content.decode()
    form = {"slot": item.pk, "ngay": today.isoformat()}
    response = client.post("/phat-thanh/da-phat/", form)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#luot-{item.pk}")
    client.post("/phat-thanh/da-phat/", form)  # a second tap changes nothing
    (record,) = AiredRecord.objects.all()
    assert (record.page_id, record.zone, record.slot_day) == (
        notice.pk,
        zones[1],
        today,
    )
    assert record.recorded_by == announcer and record.duration_s > 0
    html = client.get("/phat-thanh/hom-nay/").content.decode()
    assert "Đã phát lúc" in html and "Lan Nguyễn Thị" in html


@pytest.mark.django_db
def test_only_staff_record_airings_and_only_real_slots(client, ward, notice):
    today = timezone.localdate()
    item = slot(notice, datetime.time(6, 30), day=today)
    form = {"slot": item.pk, "ngay": today.isoformat()}
    assert client.post("/phat-thanh/da-phat/", form).status_code == 302  # login
    client.force_login(UserFactory())  # no group
    assert client.post("/phat-thanh/da-phat/", form).status_code == 403
    client.force_login(UserFactory(group=EDITOR))
    other_day = {"slot": item.pk, "ngay": "2030-01-01"}
    response = client.post("/phat-thanh/da-phat/", other_day)
    assert response.status_code == 400
    assert "không có trong lịch" in response.content.decode()
    assert client.post("/phat-thanh/da-phat/", {"slot": "x"}).status_code == 404
    assert client.get("/phat-thanh/da-phat/").status_code == 405
    assert not AiredRecord.objects.exists()


@pytest.mark.django_db
def test_the_api_gives_a_day_for_smart_radio_systems(client, ward, notice, zones):
    slot(notice, datetime.time(17, 0), zone=zones[0], priority=Priority.HIGH)
    slot(notice, datetime.time(6, 30))
    draft = NoticePageFactory(parent=notice.get_parent(), title="Bản nháp kín")
    draft.unpublish()
    slot(draft, datetime.time(7, 0))
    response = client.get("/api/phat-thanh/", {"date": "2026-11-23"})
    assert response.status_code == 200
    data = response.json()
    assert data["date"] == "2026-11-23"
    assert [(s["time"], s["zone"], s["priority"]) for s in data["slots"]] == [
        ("06:30", None, "normal"),
        ("17:00", "Cụm loa số 1 – chợ", "high"),
    ]
    first = data["slots"][0]
    assert first["title"] == notice.title
    assert first["url"].startswith("http://") and first["url"].endswith(notice.url)
    assert first["audio"] == first["url"] + "loa.mp3"
    assert first["duration_s"] > 10
    assert first["script"].startswith("Đài truyền thanh")
    assert "Bản nháp kín" not in response.content.decode()
    playlist = client.get("/api/phat-thanh/", {"date": "2026-11-23", "format": "m3u"})
    assert playlist["Content-Type"].startswith("audio/x-mpegurl")
    lines = playlist.content.decode().splitlines()
    assert lines[0] == "#EXTM3U" and lines[1].startswith("#EXTINF:")
    assert lines[2] == first["audio"]
    bad = client.get("/api/phat-thanh/", {"date": "31-02-2026"})
    assert bad.status_code == 400 and "ngày" in bad.json()["error"]


@pytest.fixture
def radio_key(db):
    system = RadioSystemKey(name="Hệ thống truyền thanh thông minh")
    key = system.new_key()
    system.save()
    return key


def post_aired(client, body, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post(
        "/api/phat-thanh/da-phat/",
        json.dumps(body) if not isinstance(body, bytes) else body,
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_a_system_with_a_key_records_airings(client, ward, notice, zones, radio_key):
    item = slot(notice, datetime.time(6, 30))
    body = {
        "slot": item.pk,
        "date": "2026-11-23",
        "zone": zones[0].pk,
        "aired_at": "2026-11-23T06:31:00+07:00",
        "duration_s": 95,
        "note": "Phát đủ",
    }
    assert post_aired(client, body).status_code == 401
    assert post_aired(client, body, "not-the-key").status_code == 401
    response = post_aired(client, body, radio_key)
    assert response.status_code == 201, response.content
    assert response.json()["created"] is True
    assert post_aired(client, body, radio_key).status_code == 200  # once only
    (record,) = AiredRecord.objects.all()
    assert record.system == "Hệ thống truyền thanh thông minh"
    assert record.duration_s == 95 and record.zone == zones[0]
    assert RadioSystemKey.objects.get().last_used_at is not None
    # The other zone is another airing.
    body["zone"] = zones[1].pk
    assert post_aired(client, body, radio_key).status_code == 201
    RadioSystemKey.objects.update(active=False)
    body["zone"] = None
    assert post_aired(client, body, radio_key).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, status",
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        ({"date": "2026-11-23"}, 400),
        ({"slot": True, "date": "2026-11-23"}, 400),
        ({"slot": 999999, "date": "2026-11-23"}, 404),
        ({"slot": "SLOT", "date": "2030-01-01"}, 400),
        ({"slot": "SLOT", "date": "hôm qua"}, 400),
        ({"slot": "SLOT", "date": "2026-11-23", "zone": 999}, 400),
        ({"slot": "SLOT", "date": "2026-11-23", "aired_at": "sáng nay"}, 400),
        ({"slot": "SLOT", "date": "2026-11-23", "duration_s": -5}, 400),
        ({"slot": "SLOT", "date": "2026-11-23", "note": ["x"]}, 400),
    ],
)
def test_bad_reports_get_a_vietnamese_message(
    client, ward, notice, radio_key, body, status
):
    item = slot(notice, datetime.time(6, 30))
    if isinstance(body, dict) and body.get("slot") == "SLOT":
        body = {**body, "slot": item.pk}
    response = post_aired(client, body, radio_key)
    assert response.status_code == status
    assert response.json()["error"]
    assert not AiredRecord.objects.exists()


@pytest.mark.django_db
def test_once_rendered_the_audio_gives_the_honest_duration(client, ward, notice):
    from directives.loudspeaker.speech import engine_installed, render_audio

    if not engine_installed():
        pytest.skip("espeak-ng is not installed: apt-get install espeak-ng")
    slot(notice, datetime.time(6, 30))
    estimate = client.get("/api/phat-thanh/", {"date": "2026-11-23"}).json()
    audio = render_audio(notice, ward)
    data = client.get("/api/phat-thanh/", {"date": "2026-11-23"}).json()
    assert data["slots"][0]["duration_s"] == round(audio.duration_s, 1)
    assert estimate["slots"][0]["duration_s"] != data["slots"][0]["duration_s"]
    week = client.get("/phat-thanh/", {"tuan": "2026-11-23"}).content.decode()
    assert audio.duration_label in week


@pytest.mark.django_db
def test_a_notice_is_not_read_after_its_last_valid_day(client, ward, notice):
    slot(
        notice,
        datetime.time(6, 30),
        repeat=Repeat.DAILY,
        repeat_until=MONDAY + datetime.timedelta(days=6),
    )
    # Shortened after it was scheduled: the repeats past it drop out.
    notice.valid_until = MONDAY + datetime.timedelta(days=2)
    notice.save_revision().publish()
    days = programme(MONDAY, 7, ward)
    assert [len(d.items) for d in days] == [1, 1, 1, 0, 0, 0, 0]
    api = client.get("/api/phat-thanh/", {"date": "2026-11-26"}).json()
    assert api["slots"] == []


@pytest.mark.django_db
def test_airings_to_come_or_of_hidden_pages_are_refused(
    client, ward, notice, zones, radio_key
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ahead = slot(notice, datetime.time(6, 30), day=tomorrow)
    client.force_login(UserFactory(group=EDITOR))
    html = client.get("/phat-thanh/hom-nay/", {"ngay": tomorrow.isoformat()})
    assert "button-aired" not in html.content.decode()  # no button for tomorrow
    response = client.post(
        "/phat-thanh/da-phat/", {"slot": ahead.pk, "ngay": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "Chưa đến ngày" in response.content.decode()
    body = {"slot": ahead.pk, "date": tomorrow.isoformat()}
    assert post_aired(client, body, radio_key).status_code == 400
    # A page made private since is not recorded either.
    past = slot(notice, datetime.time(7, 0), zone=zones[0])
    notice.unpublish()
    body = {"slot": past.pk, "date": "2026-11-23"}
    response = post_aired(client, body, radio_key)
    assert (
        response.status_code == 400
        and "không còn được đăng" in response.json()["error"]
    )
    assert client.post("/phat-thanh/da-phat/", {"slot": "²"}).status_code == 404
    assert not AiredRecord.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra, message",
    [
        ({"zone": "²"}, "Không có cụm loa này."),
        ({"zone": "OTHER"}, "chỉ dành cho cụm loa khác"),
        ({"aired_at": "2026-02-30T10:00"}, "ISO 8601"),
        ({"aired_at": "2026-10-01T06:30:00+07:00"}, "không khớp"),
        ({"aired_at": "2099-11-23T06:30:00+07:00"}, "không khớp"),
        ({"duration_s": True}, "Thời lượng"),
    ],
)
def test_a_report_that_does_not_fit_the_slot_is_refused(
    client, ward, notice, zones, radio_key, extra, message
):
    item = slot(notice, datetime.time(6, 30), zone=zones[0])
    if extra.get("zone") == "OTHER":
        extra = {"zone": zones[1].pk}
    body = {"slot": item.pk, "date": "2026-11-23", **extra}
    response = post_aired(client, body, radio_key)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.django_db
def test_an_airing_is_recorded_once_even_when_reported_twice_at_once(ward, notice):
    from django.db import IntegrityError, transaction

    from directives.loudspeaker.views import record_airing

    item = slot(notice, datetime.time(6, 30))
    AiredRecord.objects.create(slot=item, slot_day=MONDAY, page=notice)
    with pytest.raises(IntegrityError), transaction.atomic():
        AiredRecord.objects.create(slot=item, slot_day=MONDAY, page=notice)
    record, created = record_airing(item, MONDAY)
    assert not created and AiredRecord.objects.count() == 1


@pytest.mark.django_db
def test_head_requests_and_the_m3u8_name(client, ward, notice):
    slot(notice, datetime.time(6, 30))
    assert client.head("/api/phat-thanh/", {"date": "2026-11-23"}).status_code == 200
    assert client.head("/phat-thanh/").status_code == 200
    playlist = client.get("/api/phat-thanh/", {"date": "2026-11-23", "format": "m3u"})
    assert 'filename="phat-thanh-2026-11-23.m3u8"' in playlist["Content-Disposition"]


@pytest.mark.django_db
def test_a_zone_in_use_cannot_be_deleted(ward, notice, zones):
    from django.db.models import ProtectedError

    slot(notice, datetime.time(6, 30), zone=zones[0])
    with pytest.raises(ProtectedError):
        zones[0].delete()


def test_residential_group_names_keep_their_case():
    from directives.models import group_name

    assert group_name("  tổ   12 ") == "Tổ 12"
    assert group_name("TỔ 3") == "Tổ 3"
    assert group_name("tổ dân phố Hòa Khánh Bắc") == "Tổ dân phố Hòa Khánh Bắc"
    assert group_name("To\u0302\u0309 5") == "Tổ 5"  # NFD as typed on some phones
