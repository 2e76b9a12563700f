"""The ward's dissemination report: the figures for Chỉ thị 29-CT/TU over
November 2026, written as XLSX, DOCX and PDF by `manage.py
dissemination_report` and from the admin screen, and read back."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cms.feedback.models import Feedback, Status
from directives.dissemination import render
from directives.dissemination.report import build_report, find_directive
from directives.models import (
    AiredRecord,
    LoudspeakerZone,
    PostingPlace,
    PostingRecord,
    RenditionRecord,
    ResidentialGroup,
)
from tests.factories import (
    ArticlePageFactory,
    CampaignPageFactory,
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)
from tests.feedback.conftest import client_for, make_feedback, visible_text
from tests.visible_text import english_words

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))
NOVEMBER = ("2026-11-01", "30/11/2026")

# What the ward did for 29-CT/TU in November 2026 (see `ward`).
EXPECTED = {
    "Thông báo đã đăng": 2,
    "Tin bài đã đăng": 1,
    "Tổng số thông báo, tin bài": 3,
    "Áp phích đã tạo": 2,
    "Lượt niêm yết": 4,
    "Số bản niêm yết": 8,
    "Nơi niêm yết": 3,
    "Nơi niêm yết chung của phường": 1,
    "Tổ dân phố có niêm yết": 2,
    "Lượt phát thanh": 5,
    "Số phút phát thanh": 21,
    "Cụm loa đã phát": 2,
    "Tổ dân phố nghe phát thanh": 3,
    "Tổ dân phố được tuyên truyền": 3,
    "Ý kiến người dân tiếp nhận": 3,
    "Ý kiến đã trả lời": 2,
    "Trả lời đúng hạn": 1,
    "Trả lời quá hạn": 1,
    "Ý kiến đang xử lý": 1,
}


def at(day: str, time: str = "09:00") -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def ward(sections):
    """Chỉ thị 29-CT/TU with its campaign, notices and articles; four tổ dân
    phố, two loudspeaker zones, four places; the logs of November 2026 with,
    around them, what must not count."""
    directives = sections["DirectiveIndexPage"]
    notices = sections["NoticeIndexPage"]
    articles = sections["ArticleIndexPage"]
    d29 = DirectivePageFactory(
        parent=directives,
        title="Về tăng cường kỷ luật, kỷ cương hành chính",
        number="29-CT/TU",
        signed_on=day("2013-12-10"),
        issuer=IssuingBodyFactory(name="Ban Thường vụ Thành ủy Đà Nẵng"),
    )
    d26 = DirectivePageFactory(parent=directives, number="26/CT-TTg")
    campaign = CampaignPageFactory(
        parent=sections["CampaignIndexPage"],
        title="Năm xây, ba chống",
        slug="nam-xay-ba-chong",
        directives=[d29],
    )
    n1 = NoticePageFactory(
        parent=notices,
        title="Thông báo lịch tiếp công dân",
        published_on=day("2026-11-03"),
        directives=[d29],
    )
    n2 = NoticePageFactory(
        parent=notices,
        title="Thông báo hội nghị cán bộ",
        published_on=day("2026-11-20"),
        campaign=campaign,
    )
    old = NoticePageFactory(
        parent=notices,
        title="Thông báo tháng trước",
        published_on=day("2026-10-15"),
        directives=[d29],
    )
    draft = NoticePageFactory(
        parent=notices,
        title="Thông báo còn là bản nháp",
        published_on=day("2026-11-10"),
        directives=[d29],
        live=False,
    )
    a1 = ArticlePageFactory(
        parent=articles,
        title="Phường ký cam kết thực hiện Chỉ thị 29",
        published_on=day("2026-11-12"),
        directives=[d29],
    )
    other = NoticePageFactory(
        parent=notices,
        title="Thông báo về văn bản khác",
        published_on=day("2026-11-05"),
        directives=[d26],
    )

    t1, t2, t3, t4 = (
        ResidentialGroup.objects.create(name=f"Tổ {n}") for n in (1, 2, 3, 4)
    )
    z1 = LoudspeakerZone.objects.create(name="Cụm loa số 1", sort_order=1)
    z1.groups.set([t1, t2])
    z2 = LoudspeakerZone.objects.create(name="Cụm loa số 2", sort_order=2)
    z2.groups.set([t3])
    p1 = PostingPlace.objects.create(name="Nhà văn hóa tổ 1", group=t1)
    p2 = PostingPlace.objects.create(name="Bảng tin tổ 2", group=t2)
    office = PostingPlace.objects.create(name="Trụ sở UBND phường", kind="office")
    p4 = PostingPlace.objects.create(name="Bảng tin tổ 4", group=t4)

    def posting(page, place, posted_on, copies):
        PostingRecord.objects.create(
            page=page, place=place, posted_on=day(posted_on), copies=copies
        )

    posting(d29, office, "2026-11-02", 2)
    posting(n1, p1, "2026-11-03", 3)
    posting(n1, p2, "2026-11-04", 2)
    posting(old, p1, "2026-11-05", 1)  # an older notice, posted again
    posting(n1, p2, "2026-10-30", 5)  # before the period
    posting(other, p4, "2026-11-05", 4)  # another directive

    def aired(page, zone, when, seconds):
        AiredRecord.objects.create(
            page=page, zone=zone, aired_at=when, duration_s=seconds
        )

    aired(n1, z1, at("2026-11-03", "06:30"), 300)
    aired(d29, z2, at("2026-11-10", "17:00"), 420)
    aired(n1, z1, at("2026-11-30", "23:30"), 180)  # last evening, local time
    aired(draft, z1, at("2026-11-11", "06:30"), 120)  # aired, not published
    aired(n2, None, at("2026-11-21", "17:00"), 240)  # every zone
    aired(n1, z2, at("2026-12-01", "00:10"), 600)  # after the period
    aired(other, None, at("2026-11-05", "06:30"), 600)  # another directive

    def poster(page, revision, when):
        record = RenditionRecord.objects.create(
            page=page, kind="poster", revision_id=revision
        )
        RenditionRecord.objects.filter(pk=record.pk).update(first_at=when)

    poster(n1, 1, at("2026-11-03"))
    poster(d29, 1, at("2026-11-02"))
    poster(n1, 0, at("2026-10-20"))  # an earlier revision's
    poster(other, 1, at("2026-11-05"))
    RenditionRecord.objects.create(page=n1, kind="script", revision_id=1)

    on_time = make_feedback(page=n1, received_at=at("2026-11-05"))
    late = make_feedback(page=d29, received_at=at("2026-11-02"))
    make_feedback(page=a1, received_at=at("2026-11-25"))  # still open
    elsewhere = make_feedback(page=other, received_at=at("2026-11-05"))
    make_feedback(page=n1, received_at=at("2026-10-20"))  # before the period
    for message, answered in (
        (on_time, "2026-11-06"),
        (late, "2026-11-28"),
        (elsewhere, "2026-11-06"),
    ):
        Feedback.objects.filter(pk=message.pk).update(
            status=Status.ANSWERED, answered_at=at(answered)
        )
    return {"d29": d29, "campaign": campaign, "n1": n1, "draft": draft}


def text_of(value) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def run(fmt: str, tmp_path, *extra: str):
    out = tmp_path / f"bao-cao.{fmt}"
    args = ["--directive", "29-ct/tu", "--from", NOVEMBER[0], "--to", NOVEMBER[1]]
    args += ["--format", fmt, "--out", str(out), *extra]
    stdout = io.StringIO()
    call_command("dissemination_report", *args, stdout=stdout)
    return out, stdout.getvalue()


def xlsx_figures(workbook) -> dict:
    sheet = workbook["Tổng hợp"]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}


def docx_figures(document) -> dict:
    summary = next(
        table
        for table in document.tables
        if [c.text for c in table.rows[0].cells]
        == ["STT", "Nội dung", "Số lượng", "Ghi chú"]
    )
    return {row.cells[1].text: row.cells[2].text for row in summary.rows[1:]}


def test_the_figures(ward):
    report = build_report(
        directive=ward["d29"], start=day("2026-11-01"), end=day("2026-11-30")
    )
    assert {f.label: f.value for f in report.figures()} == EXPECTED
    assert {line.title for line in report.published} == {
        "Thông báo lịch tiếp công dân",
        "Phường ký cam kết thực hiện Chỉ thị 29",
        "Thông báo hội nghị cán bộ",
    }
    assert report.places == ["Bảng tin tổ 2", "Nhà văn hóa tổ 1", "Trụ sở UBND phường"]
    assert report.groups_posted == ["Tổ 1", "Tổ 2"]
    assert report.zones == ["Cụm loa số 1", "Cụm loa số 2"]
    assert report.groups_aired == ["Tổ 1", "Tổ 2", "Tổ 3"]
    assert report.groups_total == 4
    assert [c.title for c in report.campaigns] == ["Năm xây, ba chống"]
    # The annex, in date order; the last evening's broadcast is in November.
    assert report.rows[0].day == day("2026-11-02")
    assert report.rows[-1].day == day("2026-11-30")
    assert report.rows[-1].what.startswith("Phát thanh “Thông báo lịch tiếp công dân”")
    assert len(report.rows) == 3 + 2 + 4 + 5


def test_a_campaign_counts_its_own_pages_and_directives(ward):
    report = build_report(
        campaign=ward["campaign"], start=day("2026-11-01"), end=day("2026-11-30")
    )
    figures = {f.key: f.value for f in report.figures()}
    # Its notice n2, and its directive's own posting, poster, broadcast and
    # message; not the notices that name the directive outside the campaign.
    assert figures["pages"] == 1
    assert (figures["postings"], figures["copies"], figures["posters"]) == (1, 2, 1)
    assert (figures["broadcasts"], figures["minutes"], figures["zones"]) == (2, 11, 2)
    assert figures["feedback_received"] == 1
    assert report.title.startswith("Kết quả tuyên truyền, triển khai đợt tuyên truyền")


def test_the_number_in_any_spelling(ward):
    assert find_directive("29 CT-TU") == ward["d29"]
    assert find_directive("Chỉ thị 29-CT/TU") == ward["d29"]


def test_xlsx_reads_back(ward, tmp_path):
    out, printed = run("xlsx", tmp_path)
    assert "4 lượt niêm yết (8 bản)" in printed and "21 phút" in printed
    workbook = load_workbook(out)
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Trang",
        "Niêm yết",
        "Phát thanh",
        "Chi tiết",
    ]
    figures = xlsx_figures(workbook)
    assert {label: figures[label] for label in EXPECTED} == EXPECTED
    summary = workbook["Tổng hợp"]
    assert summary["A1"].value == "ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU"
    assert "Chỉ thị số 29-CT/TU" in summary["A3"].value
    assert summary["A4"].value == "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    assert summary.column_dimensions["A"].width >= 30

    postings = list(workbook["Niêm yết"].iter_rows(values_only=True))
    assert postings[0][:3] == ("Ngày niêm yết", "Văn bản, thông báo", "Nơi niêm yết")
    assert len(postings) == 1 + 4
    assert postings[1][0] == datetime.datetime(2026, 11, 2)  # a real date
    assert workbook["Niêm yết"]["A2"].number_format == "DD/MM/YYYY"
    assert sum(row[4] for row in postings[1:]) == 8
    assert postings[1][3] == "Chung của phường"

    broadcasts = list(workbook["Phát thanh"].iter_rows(values_only=True))
    assert len(broadcasts) == 1 + 5
    assert sum(row[3] for row in broadcasts[1:]) == 21
    assert broadcasts[-1][0] == datetime.datetime(2026, 11, 30, 23, 30)
    assert {row[2] for row in broadcasts[1:]} == {
        "Cụm loa số 1",
        "Cụm loa số 2",
        "Mọi cụm loa",
    }

    pages = {row[1]: row for row in workbook["Trang"].iter_rows(values_only=True)}
    draft = pages["Thông báo còn là bản nháp"]
    assert draft[3:5] == ("Không", "Không")  # not published: not counted
    assert draft[8] == 1  # but its broadcast was
    assert "Thông báo về văn bản khác" not in pages


def test_docx_reads_back(ward, tmp_path):
    out, _ = run("docx", tmp_path)
    document = Document(str(out))
    assert docx_figures(document) == {
        label: str(value) for label, value in EXPECTED.items()
    }
    header = document.tables[0]
    left, right = (text_of(cell.text) for cell in header.rows[0].cells)
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU" in left and "Số:" in left
    assert "/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert re.search(r"Hải Châu, ngày \d\d tháng \d\d năm \d{4}", right)
    text = text_of("\n".join(p.text for p in document.paragraphs))
    assert "BÁO CÁO" in text
    assert (
        "Kết quả tuyên truyền, triển khai Chỉ thị số 29-CT/TU ngày 10/12/2013" in text
    )
    assert "Đã đăng 2 thông báo và 1 tin bài" in text
    assert "niêm yết 4 lượt với 8 bản tại 3 nơi niêm yết" in text
    assert "Đã phát 5 lượt, tổng thời lượng 21 phút, trên 2 cụm loa" in text
    assert "Tiếp nhận 3 ý kiến" in text and "đã trả lời 2 ý kiến" in text
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == "I. VĂN BẢN ĐƯỢC TRIỂN KHAI"
    signature = text_of(document.tables[-2].rows[0].cells[1].text)
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Ngày",
        "Hoạt động",
        "Địa điểm",
    ]
    assert annex.rows[1].cells[1].text == "02/11/2026"
    assert len(annex.rows) == 1 + 14


def test_pdf_reads_back(ward, tmp_path, pango):
    out, _ = run("pdf", tmp_path)
    reader = pypdf.PdfReader(out)
    text = text_of(" ".join(page.extract_text() for page in reader.pages))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HẢI CHÂU",
        "/BC-UBND",
        "BÁO CÁO",
        "Chỉ thị số 29-CT/TU ngày 10/12/2013",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
        "Đã đăng 2 thông báo và 1 tin bài",
        "niêm yết 4 lượt với 8 bản tại 3 nơi niêm yết",
        "Đã phát 5 lượt, tổng thời lượng 21 phút, trên 2 cụm loa",
        "Tiếp nhận 3 ý kiến",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "02/11/2026",
    ):
        assert expected in text, expected
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    assert not re.search(r"\b2026-\d\d-\d\d\b", text)  # dates read dd/mm/yyyy


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_opens_the_files(ward, tmp_path, fmt):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) not on PATH: apt-get install libreoffice")
    out, _ = run(fmt, tmp_path)
    target = "pdf" if fmt == "docx" else "csv"
    # CSV in UTF-8 (character set 76), whatever the machine's locale.
    convert = "pdf" if fmt == "docx" else "csv:Text - txt - csv (StarCalc):44,34,76"
    result = subprocess.run(
        [office, "--headless", "--convert-to", convert, "--outdir", str(tmp_path)]
        + [f"-env:UserInstallation=file://{tmp_path}/lo-profile", str(out)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = out.with_suffix(f".{target}")
    assert converted.exists() and converted.stat().st_size > 0
    if target == "csv":  # the first sheet, as LibreOffice read it
        csv = converted.read_text(encoding="utf-8")
        assert "Lượt niêm yết,4" in csv
        made_on = timezone.localdate()
        assert f"Lập ngày,{made_on:%d/%m/%Y}" in csv


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--directive", "99-CT/XX"], "Không tìm thấy văn bản số “99-CT/XX”"),
        (["--from", "31/02/2026"], "Ngày “31/02/2026” không đúng"),
        (["--from", "2026-12-01"], "Ngày bắt đầu (01/12/2026) sau ngày kết thúc"),
        (["--format", "odt"], "Định dạng “odt” không hỗ trợ"),
        (["--campaign", "khong-co"], "Chỉ chọn một"),
        (["--site", "khong-co.example"], "Không có cổng thông tin nào"),
    ],
)
def test_command_errors_in_vietnamese(ward, tmp_path, args, message):
    options = {
        "--directive": "29-CT/TU",
        "--from": "2026-11-01",
        "--to": "2026-11-30",
        "--format": "xlsx",
        "--out": str(tmp_path / "x.xlsx"),
    }
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("dissemination_report", *[x for kv in options.items() for x in kv])
    assert not (tmp_path / "x.xlsx").exists()


def test_command_for_a_campaign_and_a_site(ward, tmp_path):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    out = tmp_path / "dot.xlsx"
    call_command(
        "dissemination_report",
        "--campaign",
        "nam-xay-ba-chong",
        "--from",
        "01/11/2026",
        "--to",
        "30/11/2026",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--site",
        f"{site.hostname}:{site.port}",
        stdout=io.StringIO(),
    )
    assert xlsx_figures(load_workbook(out))["Lượt phát thanh"] == 2


# --- The admin screen -----------------------------------------------------------

URL = "/admin/bao-cao-tuyen-truyen/"
#: Names in the test data, not words of the interface.
NAMES = {"bientap", "lanhdao", "example", "org"}


def query(ward, **extra):
    return {
        "directive": ward["d29"].pk,
        "start": "01/11/2026",
        "end": "30/11/2026",
    } | extra


def test_staff_read_the_figures_and_download(ward, editor):
    client = client_for(editor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tuyên truyền" in page and "Từ ngày" in page
    assert 'name="start"' in page  # the form, with last month by default

    response = client.get(URL, query(ward))
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Lượt niêm yết" in page and "Tải DOCX để sửa" in page
    assert response.context["report"].figure("copies") == 8

    response = client.get(URL, query(ward, format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == render.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tuyen-truyen-29-ct-tu-20261101-20261130.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert xlsx_figures(workbook)["Số phút phát thanh"] == 21

    response = client.get(URL, query(ward, format="docx"))
    assert response.status_code == 200
    figures = docx_figures(Document(io.BytesIO(response.content)))
    assert figures["Tổ dân phố được tuyên truyền"] == "3"


def test_the_menu_item_for_staff_only(ward, editor, outsider):
    """Under Reports in the sidebar (its items travel as JSON in the page)."""
    assert URL in client_for(editor).get("/admin/").content.decode()
    assert URL not in client_for(outsider).get("/admin/").content.decode()


def test_anonymous_users_go_to_the_login(ward):
    response = Client().get(URL, query(ward))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_leaders_too_and_no_one_else(ward, leader, outsider):
    assert client_for(leader).get(URL, query(ward)).status_code == 200
    response = client_for(outsider).get(URL, query(ward, format="xlsx"), follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "Rất tiếc, bạn không có quyền truy cập khu vực này." in (
        response.content.decode()
    )


def test_no_english_on_the_screen(ward, editor):
    client = client_for(editor)
    for params in ({}, query(ward), query(ward, start="hôm qua")):
        html = client.get(URL, params).content.decode()
        assert english_words([visible_text(html)], NAMES) == [], params


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"start": "32/13/2026"}, "Ngày không đúng, ví dụ đúng: 30/11/2026."),
        ({"end": "01/10/2026"}, "Ngày kết thúc không thể trước ngày bắt đầu."),
        ({"directive": ""}, "Chọn một văn bản hoặc một đợt tuyên truyền."),
        ({"directive": "999999"}, "Văn bản này không có trong danh sách."),
        ({"format": "exe"}, "Định dạng tệp không hỗ trợ"),
    ],
)
def test_bad_input_is_the_form_again(ward, editor, extra, message):
    response = client_for(editor).get(URL, query(ward, **extra))
    assert response.status_code == 400
    assert message in text_of(response.content.decode())


def test_a_period_past_the_calendar_is_refused_not_a_crash(ward):
    from directives.dissemination.report import ReportError, parse_day

    with pytest.raises(ReportError, match="ngoài khoảng báo cáo"):
        parse_day("31/12/9999")
    with pytest.raises(CommandError, match="ngoài khoảng báo cáo"):
        call_command(
            "dissemination_report",
            "--directive",
            "29-CT/TU",
            "--from",
            "01/01/2026",
            "--to",
            "31/12/9999",
            "--format",
            "xlsx",
            "--out",
            "/dev/null",
        )


def test_a_title_typed_as_a_formula_stays_text():
    from openpyxl import Workbook

    sheet = Workbook().active
    sheet.append(['=HYPERLINK("http://example.org")', "Bảng tin"])
    render.as_text(sheet[1])
    assert sheet["A1"].data_type == "s"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    reread = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert reread["A1"].data_type == "s"
