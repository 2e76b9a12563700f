"""Figures for reports: per month, on the admin report with CSV and XLSX
export, and from `manage.py feedback_report`."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from cms.feedback import figures
from cms.feedback.models import Feedback, PageRating, Status
from tests.factories import NoticePageFactory

from .conftest import make_feedback

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


@pytest.fixture
def year_2026(sections):
    """March: three received (one answered on time, one late in April, one
    still open and overdue); April: one declined."""
    on_time = make_feedback(received_at=at("2026-03-02"), to_dan_pho="Tổ 12")
    Feedback.objects.filter(pk=on_time.pk).update(
        status=Status.ANSWERED, answered_at=at("2026-03-05")
    )
    late = make_feedback(
        received_at=at("2026-03-02"), topic="phan-anh", to_dan_pho="tổ  12"
    )
    Feedback.objects.filter(pk=late.pk).update(
        status=Status.ANSWERED, answered_at=at("2026-04-20")
    )
    make_feedback(received_at=at("2026-03-31", 23), to_dan_pho="Tổ 2")
    make_feedback(received_at=at("2026-04-01", 1), status=Status.DECLINED)


def test_monthly_figures(year_2026):
    rows = figures.monthly_figures(
        datetime.date(2026, 3, 1),
        datetime.date(2026, 4, 30),
        today=datetime.date(2026, 6, 1),
    )
    march, april = rows
    assert (march.label, april.label) == ("03/2026", "04/2026")
    assert (march.received, march.answered, march.answered_on_time) == (3, 1, 1)
    assert (march.open, march.overdue, march.declined) == (1, 1, 0)
    assert (april.received, april.answered, april.answered_late) == (1, 1, 1)
    assert april.declined == 1
    assert march.by_topic == {"hoi-dap": 2, "phan-anh": 1}
    assert march.by_area == {"Tổ 12": 2, "Tổ 2": 1}
    headings, lines = figures.table(rows)
    assert headings[:4] == ["Tháng", "Tiếp nhận", "Đã trả lời", "Trả lời đúng hạn"]
    assert headings[-3:] == ["Tổ 2", "Tổ 12", "Không ghi tổ dân phố"]
    assert lines[-1][:3] == ["Cộng", 4, 2]


def test_a_site_counts_its_own(year_2026, sections):
    from wagtail.models import Site

    other = Site.objects.create(
        hostname="xa-khac.example", root_page=sections["home"], site_name="Xã khác"
    )
    make_feedback(received_at=at("2026-03-10"), site=other)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    default = Site.objects.get(is_default_site=True)
    assert figures.total(figures.monthly_figures(start, end)).received == 5
    # Messages without a site (sent before sites were recorded) are the
    # default ward's, never another ward's.
    assert figures.total(figures.monthly_figures(start, end, default)).received == 4
    assert figures.total(figures.monthly_figures(start, end, other)).received == 1


def test_the_report_screen_and_its_exports(editor_client, year_2026):
    html = editor_client.get("/admin/thong-ke-gop-y/", {"year": "2026"}).content
    html = html.decode()
    assert "Thống kê góp ý" in html and "Từ 01/01/2026 đến 31/12/2026" in html
    assert "03/2026" in html and "Trả lời quá hạn" in html and "Tổ 12" in html

    response = editor_client.get(
        "/admin/thong-ke-gop-y/",
        {"start": "01/03/2026", "end": "30/04/2026", "export": "csv"},
    )
    assert response["Content-Disposition"].endswith(
        'thong-ke-gop-y-20260301-20260430.csv"'
    )
    text = b"".join(response.streaming_content).decode()
    lines = text.splitlines()
    assert lines[0].startswith("Tháng,Tiếp nhận,Đã trả lời,Trả lời đúng hạn")
    assert lines[1].startswith("03/2026,3,1,1")
    assert lines[-1].startswith("Cộng,4,2")

    response = editor_client.get(
        "/admin/thong-ke-gop-y/", {"year": "2026", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Tháng", "Tiếp nhận")
    assert rows[3][:2] == ("03/2026", 3)
    assert len(rows) == 1 + 12 + 1


def test_bad_dates_fall_back_to_this_year(editor_client, sections):
    response = editor_client.get(
        "/admin/thong-ke-gop-y/", {"start": "32/13/2026", "year": "abc"}
    )
    assert response.status_code == 200
    year = timezone.localdate().year
    assert f"Từ 01/01/{year} đến 31/12/{year}" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_command_writes_the_same_figures(year_2026, tmp_path, fmt):
    out = tmp_path / f"bao-cao.{fmt}"
    stdout = io.StringIO()
    call_command(
        "feedback_report",
        "--from",
        "2026-03-01",
        "--to",
        "2026-04-30",
        "--format",
        fmt,
        "--out",
        str(out),
        stdout=stdout,
    )
    assert "2 tháng, 4 góp ý tiếp nhận (01/03/2026–30/04/2026)" in stdout.getvalue()
    if fmt == "csv":
        lines = out.read_text(encoding="utf-8-sig").splitlines()
    else:
        sheet = load_workbook(out).active
        lines = [",".join(str(v) for v in row) for row in sheet.values]
    assert lines[0].startswith("Tháng,Tiếp nhận")
    assert lines[1].startswith("03/2026,3,1,1")


def test_the_command_refuses_bad_dates(tmp_path, sections):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command(
            "feedback_report",
            "--from",
            "01/03/2026",
            "--to",
            "2026-04-30",
            "--out",
            str(tmp_path / "x.csv"),
        )


def test_page_ratings_for_staff(editor_client, sections):
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Lịch tiêm")
    for useful in (True, True, False):
        PageRating.count(notice, useful=useful)
    PageRating.objects.create(
        page=notice, month=datetime.date(2025, 1, 1), useful=5, not_useful=1
    )
    html = editor_client.get("/admin/danh-gia-trang/").content.decode()
    assert "Lịch tiêm" in html and f"/admin/pages/{notice.pk}/edit/" in html
    month = timezone.localdate().strftime("%Y-%m")
    response = editor_client.get(
        "/admin/danh-gia-trang/", {"month": month, "export": "csv"}
    )
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == ["Trang,Hữu ích,Chưa hữu ích,Tổng số lượt", "Lịch tiêm,2,1,3"]
    response = editor_client.get("/admin/danh-gia-trang/", {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[1] == "Lịch tiêm,7,2,9"
