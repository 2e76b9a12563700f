import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from cms.models import WardSettings
from directives.loudspeaker.programme import programme, week_start
from directives.models import Abbreviation, BroadcastSlot, DirectivePage, NoticePage
from tests.factories import NoticePageFactory

ROOT = Path(__file__).resolve().parents[2]
MONDAY = datetime.date(2026, 11, 23)
MORNING, EVENING = datetime.time(6, 30), datetime.time(17, 0)


@pytest.fixture
def ward(demo):
    return WardSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.django_db
def test_week_programme_groups_slots_by_day_and_part_of_day(ward):
    BroadcastSlot.objects.all().delete()
    notice = NoticePage.objects.current().first()
    directive = DirectivePage.objects.get(number="29-CT/TU")
    BroadcastSlot.objects.create(day=MONDAY, time=EVENING, page=directive)
    BroadcastSlot.objects.create(day=MONDAY, time=MORNING, page=notice)
    BroadcastSlot.objects.create(
        day=MONDAY + datetime.timedelta(days=4), time=MORNING, page=directive
    )
    days = programme(MONDAY, 7, ward)
    assert [d.weekday for d in days][:2] == ["Thứ Hai", "Thứ Ba"]
    (morning_label, morning), (evening_label, evening) = days[0].periods
    assert (morning_label, evening_label) == ("Buổi sáng", "Buổi chiều")
    assert [i.page.pk for i in morning] == [notice.pk]
    assert [i.page.pk for i in evening] == [directive.pk]
    assert days[0].minutes == sum(i.script.minutes for i in morning + evening)
    assert days[1].minutes == 0 and days[4].minutes >= 1


@pytest.mark.django_db
def test_unpublished_page_drops_out_of_the_programme(client, ward, sections):
    BroadcastSlot.objects.all().delete()
    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Sẽ bị gỡ")
    BroadcastSlot.objects.create(day=MONDAY, time=MORNING, page=page)
    assert programme(MONDAY, 1, ward)[0].minutes >= 1
    page.unpublish()
    assert programme(MONDAY, 1, ward)[0].minutes == 0
    html = client.get("/phat-thanh/", {"tuan": "2026-11-25"}).content.decode()
    assert "Sẽ bị gỡ" not in html
    assert "tuần từ 23/11/2026" in html


@pytest.mark.django_db
def test_today_page_prints_the_full_scripts(client, ward):
    BroadcastSlot.objects.all().delete()
    directive = DirectivePage.objects.get(number="26/CT-TTg")
    BroadcastSlot.objects.create(
        day=MONDAY, time=MORNING, page=directive, note="Đọc chậm."
    )
    response = client.get("/phat-thanh/hom-nay/", {"ngay": "23/11/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phát thanh thứ hai, 23/11/2026" in html
    assert "Chỉ thị số hai mươi sáu" in html
    assert "Ghi chú: Đọc chậm." in html
    for junk in ("abc", "2026-13-45", "99/99/9999"):
        assert client.get("/phat-thanh/hom-nay/", {"ngay": junk}).status_code == 200


def test_week_starts_on_monday():
    assert week_start(datetime.date(2026, 11, 29)) == MONDAY
    assert week_start(MONDAY) == MONDAY


@pytest.mark.django_db
def test_large_type_script_page(client, demo):
    page = DirectivePage.objects.get(number="05-CT/TW")
    html = client.get(f"{page.url}loa.html").content.decode()
    assert 'class="announcer"' in html
    assert "Chỉ thị số năm của trung ương" in html or "chỉ thị số năm" in html.lower()
    assert "đọc khoảng" in html


@pytest.mark.django_db
def test_directive_page_shows_reading_time(client, demo):
    page = DirectivePage.objects.get(number="29-CT/TU")
    html = client.get(page.url).content.decode()
    assert "Đọc trên loa khoảng" in html
    assert f'href="{page.url}loa.txt"' in html


@pytest.mark.django_db
def test_ward_abbreviations_reach_the_script(client, demo):
    page = NoticePage.objects.live().first()
    page.title = "Thông báo của BQL chợ"
    page.save_revision().publish()
    text = client.get(f"{page.url}loa.txt").content.decode()
    assert "ban quản lý chợ" in text  # demo abbreviation BQL
    Abbreviation.objects.filter(abbreviation="BQL").update(expansion="ban quản lí")
    text = client.get(f"{page.url}loa.txt").content.decode()
    assert "ban quản lí chợ" in text


@pytest.mark.django_db
def test_verbalize_command_uses_ward_abbreviations(demo, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("BQL họp lúc 7h30 ngày 05/9/2016\n".encode()))
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    call_command("verbalize")
    sys.stdout.flush()
    assert out.getvalue().decode() == (
        "ban quản lý họp lúc bảy giờ ba mươi ngày mồng năm tháng chín năm hai nghìn "
        "không trăm mười sáu\n"
    )


def test_verbalize_command_is_a_stdin_stdout_filter(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "verbalize"],
        cwd=ROOT,
        input="Nghị quyết số 04-NQ/TW, tỷ lệ 97%".encode(),
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == (
        "Nghị quyết số bốn của trung ương, tỷ lệ chín mươi bảy phần trăm"
    )


@pytest.mark.django_db
def test_editor_sees_the_reading_time_while_editing(client, demo):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="bientap"))
    page = DirectivePage.objects.get(number="29-CT/TU")
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content
    html = html.decode()
    assert "Kịch bản phát thanh:" in html and "đọc khoảng" in html
    assert f'href="{page.url}loa.html"' in html
    parent = page.get_parent()
    url = reverse(
        "wagtailadmin_pages:add",
        args=("directives", "directivepage", parent.pk),
    )
    assert "Lưu bản nháp để xem thời lượng đọc" in client.get(url).content.decode()


@pytest.mark.django_db
def test_programme_and_slot_list_name_directives_by_type_and_number(client, demo):
    """Two trích yếu can read alike: the announcer and staff see the number."""
    from directives.models import BroadcastSlot

    slot = BroadcastSlot.objects.filter(
        page__content_type__model="directivepage"
    ).first()
    directive = slot.page.specific
    week = client.get("/phat-thanh/", {"tuan": f"{slot.day:%Y-%m-%d}"})
    assert f"{directive.display_name} — {directive.title}" in week.content.decode()
    client.login(username="lanhdao", password="lanhdao")
    listing = client.get("/admin/snippets/directives/broadcastslot/").content.decode()
    assert f"{directive.display_name} — " in listing


THIS_MONDAY = "23/11/2026"


@pytest.fixture
def today_is_a_thursday(monkeypatch):
    monkeypatch.setattr(
        "directives.loudspeaker.programme.timezone.localdate",
        lambda: datetime.date(2026, 11, 26),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "notice"),
    [
        # Out of Python's calendar once the week's neighbours are computed: 500.
        ("9999-12-31", "chỉ có các ngày từ năm 1900 đến năm 2100."),
        ("0001-01-01", "chỉ có các ngày từ năm 1900 đến năm 2100."),
        ("31/12/9999", "chỉ có các ngày từ năm 1900 đến năm 2100."),
        ("01/01/1899", "chỉ có các ngày từ năm 1900 đến năm 2100."),
        ("2026-02-30", "Không hiểu ngày đã chọn: cần ghi ngày/tháng/năm"),
        ("tuần sau", "Không hiểu ngày đã chọn: cần ghi ngày/tháng/năm"),
        ("\x00" * 3, "Không hiểu ngày đã chọn: cần ghi ngày/tháng/năm"),
        ("9" * 5000, "Không hiểu ngày đã chọn: cần ghi ngày/tháng/năm"),
    ],
    ids=[
        "9999-12-31",
        "0001-01-01",
        "31/12/9999",
        "01/01/1899",
        "30 February",
        "words",
        "NUL",
        "5000 digits",
    ],
)
def test_a_day_that_cannot_be_shown_shows_this_week_and_says_why(
    client, sections, today_is_a_thursday, asked, notice
):
    response = client.get("/phat-thanh/", {"tuan": asked})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"tuần từ {THIS_MONDAY}" in html
    assert notice in html
    assert "Đang hiện lịch tuần này." in html
    today = client.get("/phat-thanh/hom-nay/", {"ngay": asked})
    assert today.status_code == 200
    html = today.content.decode()
    assert "Phát thanh thứ năm, 26/11/2026" in html
    assert notice in html and "Đang hiện lịch hôm nay." in html


@pytest.mark.django_db
def test_a_good_day_shows_its_week_without_a_notice(client, sections):
    html = client.get("/phat-thanh/", {"tuan": "25/11/2026"}).content.decode()
    assert f"tuần từ {THIS_MONDAY}" in html
    assert 'role="status"' not in html
    assert '?tuan=2026-11-16" rel="prev"' in html
    assert '?tuan=2026-11-30" rel="next"' in html


@pytest.mark.django_db
def test_the_first_and_last_weeks_link_only_inwards(client, sections):
    first = client.get("/phat-thanh/", {"tuan": "1900-01-03"}).content.decode()
    assert "tuần từ 01/01/1900" in first
    assert 'rel="prev"' not in first and '?tuan=1900-01-08" rel="next"' in first
    last = client.get("/phat-thanh/", {"tuan": "31/12/2100"}).content.decode()
    assert "tuần từ 27/12/2100" in last
    assert 'rel="next"' not in last and 'rel="prev"' in last
