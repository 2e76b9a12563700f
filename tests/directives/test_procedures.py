"""Administrative procedures (thủ tục hành chính): import, page, list, search."""

import re

import pytest
from wagtail.models import PageViewRestriction

from directives.models import ProcedureField, ProcedurePage
from search.plan import Params
from search.query import search
from tests.directives.test_import import GOOD, run_import, snapshot, write_lines
from tests.search.conftest import search_index  # noqa: F401 -- a fresh index per test

pytestmark = pytest.mark.django_db

TAM_TRU = {
    "kind": "procedure",
    "code": "1.004194",
    "title": "Đăng ký tạm trú",
    "field": "cư trú",
    "summary": "Ở thuê từ 30 ngày trở lên phải đăng ký tạm trú.",
    "required_documents": "Tờ khai CT01\nHợp đồng thuê nhà",
    "processing_time": "03 ngày làm việc",
    "fee": "Theo mức HĐND thành phố",
    "online_url": "https://dichvucong.bocongan.gov.vn/",
    "filed_at": "Công an phường",
    "steps": ["Nộp tờ khai.", "Nhận kết quả trên VNeID."],
    "directives": ["29 CT TU"],
    "body": "Không còn sổ tạm trú giấy.",
}
KHAI_SINH = {
    "kind": "procedure",
    "title": "Đăng ký khai sinh",
    "field": "Hộ tịch",
    "required_documents": ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
    "processing_time": "Ngay trong ngày",
    "fee": "Miễn lệ phí",
    "last_checked": "2026-11-20",
    "reference_only": True,
}


def test_procedures_import_with_their_fields_and_links(tmp_path, sections):
    code, out, err = run_import(write_lines(tmp_path, GOOD, TAM_TRU, KHAI_SINH))
    assert (code, err) == (0, "")
    assert "3 mới" in out
    page = ProcedurePage.objects.get(code="1.004194")
    assert page.get_parent().specific_class.__name__ == "ProcedureIndexPage"
    assert page.field == ProcedureField.RESIDENCE
    assert page.document_list == ["Tờ khai CT01", "Hợp đồng thuê nhà"]
    assert page.step_list == ["Nộp tờ khai.", "Nhận kết quả trên VNeID."]
    assert page.filed_at == "Công an phường"
    assert [d.number for d in page.linked_directives()] == ["29-CT/TU"]
    assert page.live and page.body_text == "Không còn sổ tạm trú giấy."
    birth = ProcedurePage.objects.get(title="Đăng ký khai sinh")
    assert birth.code == "" and birth.reference_only
    assert birth.last_checked.isoformat() == "2026-11-20"


def test_a_procedure_is_the_same_page_by_code_or_else_by_title(tmp_path, sections):
    run_import(write_lines(tmp_path, TAM_TRU, KHAI_SINH))
    renamed = dict(TAM_TRU, title="Đăng ký tạm trú (cập nhật)", fee="Miễn phí")
    retitled = dict(KHAI_SINH, title="ĐĂNG KÝ KHAI SINH", fee="Miễn")
    code, out, _ = run_import(write_lines(tmp_path, renamed, retitled))
    assert code == 0 and "0 mới, 2 cập nhật" in out
    assert ProcedurePage.objects.count() == 2
    assert ProcedurePage.objects.get(code="1.004194").fee == "Miễn phí"
    code, out, _ = run_import(write_lines(tmp_path, renamed, retitled))
    assert "2 không đổi" in out


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (dict(TAM_TRU, field="Thiên văn"), "lĩnh vực “Thiên văn” không rõ"),
        (dict(TAM_TRU, fee=""), "thiếu trường “fee”"),
        (
            {k: v for k, v in TAM_TRU.items() if k != "processing_time"},
            "thiếu trường “processing_time”",
        ),
        (dict(TAM_TRU, online_url="dichvucong.gov.vn"), "phải là địa chỉ web"),
        (
            dict(TAM_TRU, required_documents=["a", 3]),
            "“required_documents” phải là chuỗi",
        ),
        (
            dict(TAM_TRU, reference_only="có"),
            "“reference_only” phải là true hoặc false",
        ),
        (dict(TAM_TRU, code="x" * 41), "trường “code” dài 41 ký tự, tối đa 40"),
    ],
)
def test_a_bad_procedure_line_stops_the_import(tmp_path, sections, bad, reason):
    before = snapshot()
    path = write_lines(tmp_path, GOOD, bad)
    code, _, err = run_import(path)
    assert code == 1
    assert err.startswith(f"{path}:2: ") and reason in err, err
    assert snapshot() == before


def test_two_lines_with_one_code_are_a_duplicate(tmp_path, sections):
    path = write_lines(tmp_path, TAM_TRU, dict(TAM_TRU, title="Khác"))
    code, _, err = run_import(path)
    assert code == 1 and "trùng với dòng 1" in err


def test_the_procedure_page_says_where_what_and_how_long(client, tmp_path, sections):
    from wagtail.models import Site

    from cms.models import WardSettings

    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    ward.one_stop_address = "Tầng 1, 270 Trần Phú"
    ward.one_stop_hours = "Sáng 7h30–11h30"
    ward.save()
    run_import(write_lines(tmp_path, GOOD, TAM_TRU, KHAI_SINH))
    birth = ProcedurePage.objects.get(title="Đăng ký khai sinh")
    html = client.get(birth.url).content.decode()
    for text in (
        "Thông tin tham khảo",
        "kiểm tra lần cuối ngày 20/11/2026",
        "Cần mang theo",
        "<li>Giấy chứng sinh</li>",
        "Ngay trong ngày",
        "Miễn lệ phí",
        "Bộ phận tiếp nhận và trả kết quả (một cửa): Tầng 1, 270 Trần Phú",
        "Sáng 7h30–11h30",
        "Chưa nộp được trực tuyến",
    ):
        assert text in html, text
    html = client.get(ProcedurePage.objects.get(code="1.004194").url).content.decode()
    assert "Công an phường" in html and "Tầng 1, 270 Trần Phú" not in html
    assert 'href="https://dichvucong.bocongan.gov.vn/"' in html
    assert "Nộp trên Cổng dịch vụ công Bộ Công an" in html
    assert "<li>Nhận kết quả trên VNeID.</li>" in html
    assert "Chỉ thị 29-CT/TU" in html
    assert "Thông tin tham khảo" not in html


def test_the_list_groups_by_field_and_filters(client, tmp_path, sections):
    run_import(write_lines(tmp_path, TAM_TRU, KHAI_SINH))
    index = sections["ProcedureIndexPage"]
    html = client.get(index.url).content.decode()
    assert html.index(">Hộ tịch</h2>") < html.index(">Cư trú</h2>")
    assert "Đăng ký tạm trú" in html and "Đăng ký khai sinh" in html
    filtered = client.get(index.url, {"linh-vuc": "cu-tru"}).content.decode()
    assert "Đăng ký tạm trú" in filtered and "Đăng ký khai sinh" not in filtered
    # An unknown field is no filter, never an error.
    assert client.get(index.url, {"linh-vuc": "<x>"}).status_code == 200


def test_search_finds_the_procedure_first_and_filters_by_kind(tmp_path, sections):
    run_import(write_lines(tmp_path, GOOD, TAM_TRU, KHAI_SINH))
    for q in ("đăng ký tạm trú", "dang ky tam tru", "đăng kí tạm trú", "1.004194"):
        results = search(Params(q=q))
        assert results.hits[0]["title"] == "Đăng ký tạm trú", q
        assert results.hits[0]["kind"] == "procedure"
    results = search(Params(q="đăng ký", kind="procedure"))
    assert {h["title"] for h in results.hits} == {
        "Đăng ký tạm trú",
        "Đăng ký khai sinh",
    }
    assert results.facets["kind"] == {"procedure": 2}
    assert results.hits[0]["field"] in ("Cư trú", "Hộ tịch")


def test_a_private_or_draft_procedure_is_nowhere(client, tmp_path, sections):
    run_import(write_lines(tmp_path, TAM_TRU, KHAI_SINH))
    page = ProcedurePage.objects.get(code="1.004194")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    draft = ProcedurePage.objects.get(title="Đăng ký khai sinh")
    draft.unpublish()
    assert search(Params(q="đăng ký")).count == 0
    assert search(Params(q="đăng ký")).hits == []
    html = client.get(sections["ProcedureIndexPage"].url).content.decode()
    assert "Đăng ký tạm trú" not in html and "Đăng ký khai sinh" not in html
    assert "Chưa có thủ tục nào" in html


def test_the_menu_is_the_home_page_sections(client, sections):
    html = client.get("/").content.decode()
    nav = html[html.index('aria-label="Chuyên mục chính"') :]
    nav = nav[: nav.index("</nav>")]
    for label in ("Văn bản", "Thủ tục", "Thông báo", "Tin tức", "Tuyên truyền"):
        assert f">{label}</a>" in nav, label
    procedures = sections["ProcedureIndexPage"]
    procedures.title = "Dịch vụ công"  # renamed: its own title
    procedures.save_revision().publish()
    assert ">Dịch vụ công</a>" in client.get("/").content.decode()
    procedures.show_in_menus = False
    procedures.save_revision().publish()
    html = client.get("/").content.decode()
    assert ">Dịch vụ công</a>" not in html.split("</nav>")[0]
    here = client.get(sections["NoticeIndexPage"].url).content.decode()
    assert 'aria-current="page">Thông báo</a>' in here


def test_the_procedure_page_describes_itself_as_a_government_service(
    client, tmp_path, sections
):
    import json
    import re

    run_import(write_lines(tmp_path, TAM_TRU, KHAI_SINH))
    page = ProcedurePage.objects.get(code="1.004194")
    html = client.get(page.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Đăng ký tạm trú" and data["identifier"] == "1.004194"
    assert data["url"] == page.get_full_url()
    assert data["serviceType"] == "Cư trú"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert [c["name"] for c in data["availableChannel"]] == [
        "Công an phường",
        "Cổng dịch vụ công Bộ Công an",
    ]
    assert data["availableChannel"][1]["serviceUrl"] == TAM_TRU["online_url"]


def test_a_code_given_later_finds_the_page_and_a_line_without_one_keeps_it(
    tmp_path, sections
):
    run_import(write_lines(tmp_path, KHAI_SINH))
    coded = dict(KHAI_SINH, code="1.001193", fee="Miễn")
    code, out, _ = run_import(write_lines(tmp_path, coded))
    assert code == 0 and "1 cập nhật" in out
    assert ProcedurePage.objects.get().code == "1.001193"
    code, out, _ = run_import(write_lines(tmp_path, dict(KHAI_SINH, fee="Miễn")))
    assert code == 0 and "1 không đổi" in out
    assert ProcedurePage.objects.get().code == "1.001193"
    # Another code under the same name is another procedure.
    run_import(write_lines(tmp_path, dict(coded, code="2.000001")))
    assert ProcedurePage.objects.count() == 2


def test_an_expired_section_leaves_the_menu(client, sections):
    import datetime

    from django.utils import timezone

    section = sections["ProcedureIndexPage"]
    section.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    section.save(update_fields=["expire_at"])
    nav = client.get("/").content.decode().split("</nav>")[0]
    assert ">Thủ tục</a>" not in nav and ">Thông báo</a>" in nav


@pytest.mark.django_db
def test_every_demo_procedure_says_where_to_go_and_when(client, demo):
    """Where to file is an address with opening hours: the one-stop office's
    from the ward's settings, or the other office's written on the page."""
    for page in ProcedurePage.objects.live():
        html = client.get(page.url).content.decode()
        cell = re.search(r"Nộp hồ sơ tại</th><td>(.*?)</td>", html, re.S).group(1)
        assert re.search(r"\d+ Trần Phú", cell), (page.title, cell)
        assert re.search(r"\d+h\d\d", cell), (page.title, cell)
