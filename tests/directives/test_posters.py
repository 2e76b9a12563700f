import io
import re
import threading
import time
import unicodedata

import pypdf
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from cms.models import WardSettings
from directives import posters
from directives.blocks import paragraphs_to_stream
from directives.models import CampaignPage, DirectivePage, NoticePage
from tests.conftest import import_weasyprint
from tests.factories import NoticePageFactory, UserFactory

# Every test here renders with WeasyPrint: without Pango the module skips.
HTML = import_weasyprint().HTML

SITE_URL = "https://phuonghaichau.example.vn"
PAPER = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55), "A5": (419.53, 595.28)}


@pytest.fixture(autouse=True)
def poster_settings(settings, tmp_path):
    # A fresh cache per test: ids are reused after each test's rollback.
    settings.DATA_DIR = tmp_path
    settings.SITE_URL = SITE_URL


@pytest.fixture
def directive(demo):
    return DirectivePage.objects.by_number("29-CT/TU").get()


@pytest.fixture
def notice(demo):
    return NoticePage.objects.get(title__startswith="Thông báo lịch tiếp công dân")


@pytest.fixture
def campaign(demo):
    return CampaignPage.objects.get(slug="5-xay-3-chong-2026")


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    fit_pdf = posters.fit_pdf

    def counting(page, *args):
        calls.append(page)
        return fit_pdf(page, *args)

    monkeypatch.setattr(posters, "fit_pdf", counting)
    return calls


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(pdf: bytes) -> list[str]:
    return [words(page.extract_text()) for page in read(pdf).pages]


def poster_url(page, query=""):
    return f"{page.url}poster.pdf{query}"


@pytest.mark.parametrize("size", ["A4", "A3", "A5"])
def test_poster_is_a_pdf_of_the_exact_paper_size(client, notice, size):
    response = client.get(poster_url(notice, f"?size={size}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = read(response.content)
    width, height = PAPER[size]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


def test_default_size_is_a4(client, directive):
    reader = read(client.get(poster_url(directive)).content)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.28, abs=1)


# The fixture is looked up at run time, so the db mark is spelled out: without
# it pytest-django would order this test after the transactional ones.
@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["directive", "notice", "campaign"])
def test_title_extracts_with_every_diacritic(client, request, fixture):
    page = request.getfixturevalue(fixture)
    text = " ".join(page_texts(client.get(poster_url(page)).content))
    assert words(page.title) in text


def test_directive_poster_content(directive):
    text = page_texts(posters.render_poster(directive))[0]
    for expected in [
        "ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN THƯỜNG VỤ THÀNH ỦY ĐÀ NẴNG",
        "CHỈ THỊ",
        "Số: 29-CT/TU, ngày 10/12/2013",
        "Còn hiệu lực",
        words(directive.summary),
        "Đường dây nóng: 0236 3822 115",
        "Địa chỉ: 270 Trần Phú, phường Hải Châu, thành phố Đà Nẵng",
        "Trang 1/1",
    ]:
        assert expected in text


def test_notice_poster_says_where_and_until_when(notice):
    text = page_texts(posters.render_poster(notice))[0]
    assert "Hải Châu, ngày 20 tháng 11 năm 2026" in text
    assert "Niêm yết tại: Bảng tin trụ sở UBND phường" in text
    assert "từ ngày 20/11/2026 đến hết ngày 31/12/2026" in text
    assert "Đối tượng: Toàn phường" in text
    for paragraph in notice.body_text.split("\n\n"):
        assert words(paragraph) in text


def test_campaign_poster_carries_its_slogans(client, campaign):
    text = page_texts(client.get(poster_url(campaign)).content)[0]
    assert "5 xây, 3 chống" in text
    assert "Nhanh hơn, hợp lý hơn, thân thiện hơn" in text
    assert "Từ ngày 01/09/2026 đến hết ngày 30/06/2027" in text
    assert "Chỉ thị 29-CT/TU ngày 10/12/2013 của Ban Thường vụ Thành ủy Đà Nẵng" in text


def font_descriptors(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            yield font["/BaseFont"], font["/FontDescriptor"].get_object()


def test_every_font_is_embedded(directive):
    fonts = list(font_descriptors(read(posters.render_poster(directive))))
    assert fonts
    for name, descriptor in fonts:
        # Only the bundled Noto faces (named by @font-face family): no fallback.
        assert re.fullmatch(r"/[A-Z]{6}\+Poster-(Sans|Serif)(-\w+)*", name), name
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def qr_codes(pdf: bytes) -> list[str]:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_qr_code_decodes_to_the_page_address(campaign):
    decoded = qr_codes(posters.render_poster(campaign))
    assert decoded == [f"{SITE_URL}/tuyen-truyen/5-xay-3-chong-2026/"]


def test_without_site_url_the_qr_code_follows_the_site_record(settings, campaign):
    """The ward administrator sets the real address under Cài đặt → Website;
    the next poster (a new cache key) points there."""
    from wagtail.models import Site

    settings.SITE_URL = ""
    site = Site.objects.get(is_default_site=True)
    assert qr_codes(posters.render_poster(campaign)) == [
        "http://127.0.0.1:8000/tuyen-truyen/5-xay-3-chong-2026/"
    ]
    site.hostname, site.port = "haichau.danang.gov.vn", 443
    site.save()
    campaign = CampaignPage.objects.get(pk=campaign.pk)  # as the next request
    assert qr_codes(posters.render_poster(campaign)) == [
        "https://haichau.danang.gov.vn/tuyen-truyen/5-xay-3-chong-2026/"
    ]


def long_notice(sections, word_count=3000):
    # Distinct, accented tokens: every one must come out of the PDF again.
    tokens = [f"việc{i:04d}" for i in range(word_count)]
    paragraphs = [" ".join(tokens[i : i + 60]) for i in range(0, word_count, 60)]
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo rất dài về lịch thu gom rác thải sinh hoạt",
        body=paragraphs_to_stream("\n\n".join(paragraphs)),
    )
    return page, tokens


def test_long_notice_flows_onto_pages_with_header_and_page_numbers(demo, sections):
    page, tokens = long_notice(sections)
    texts = page_texts(posters.render_poster(page))
    count = len(texts)
    assert count >= 3
    for number, text in enumerate(texts, start=1):
        assert "ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert f"Trang {number}/{count}" in text
    found = re.findall(r"việc\d{4}", " ".join(texts))
    assert found == tokens


def test_text_shrinks_with_length_before_it_flows(demo, sections):
    ward = WardSettings.objects.get()
    short = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Ngắn")
    long, _tokens = long_notice(sections, word_count=700)
    assert "font-size: 21.00pt" in posters.poster_html(short, ward)
    assert "font-size: 12.00pt" in posters.poster_html(long, ward)
    assert "font-size: 29.70pt" in posters.poster_html(short, ward, size="A3")


def test_text_too_big_for_one_sheet_shrinks_a_step_to_fit(demo, sections, monkeypatch):
    page, tokens = long_notice(sections, word_count=120)
    ward = WardSettings.objects.get()
    html = posters.poster_html(page, ward, body_step=0)
    assert "font-size: 21.00pt" in html
    assert len(read(HTML(string=html).write_pdf()).pages) == 2
    # The length alone would pick 21 pt; the poster fits one sheet at 12 pt.
    monkeypatch.setattr(posters, "BODY_STEPS", ((5000, 21.0), (None, 12.0)))
    texts = page_texts(posters.fit_pdf(page, ward))
    assert len(texts) == 1
    assert re.findall(r"việc\d{4}", texts[0]) == tokens


def test_cached_poster_is_not_rendered_again(notice, count_renders):
    first = posters.render_poster(notice)
    assert posters.render_poster(notice) == first
    assert len(count_renders) == 1
    posters.render_poster(notice, size="A3")
    assert len(count_renders) == 2


def test_new_revision_renders_afresh(client, notice, count_renders):
    client.get(poster_url(notice))
    notice.title = "Thông báo lịch tiếp công dân đã đổi giờ"
    notice.save_revision().publish()
    text = page_texts(client.get(poster_url(notice)).content)[0]
    assert "Thông báo lịch tiếp công dân đã đổi giờ" in text
    assert len(count_renders) == 2
    # The older rendition is dropped, not left to pile up.
    assert len(list((posters.cache_dir() / str(notice.pk)).glob("*.pdf"))) == 1


def test_site_settings_change_renders_afresh(notice, count_renders):
    posters.render_poster(notice)
    ward = WardSettings.objects.get()
    ward.hotline = "0236 1111 222"
    ward.save()
    text = page_texts(posters.render_poster(notice))[0]
    assert "Đường dây nóng: 0236 1111 222" in text
    assert len(count_renders) == 2


def test_poster_shows_the_live_revision_not_a_later_draft(client, notice):
    live_title = notice.title
    notice.title = "Bản nháp chưa duyệt"
    notice.save_revision()
    text = " ".join(page_texts(client.get(poster_url(notice)).content))
    assert words(live_title) in text
    assert "Bản nháp chưa duyệt" not in text


def test_concurrent_requests_render_once(tmp_path):
    calls = []

    def produce():
        calls.append(1)
        time.sleep(0.2)
        return b"%PDF-1.7 poster"

    path = tmp_path / "posters" / "7" / "A4-color-1-abc.pdf"
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(posters.cached(path, produce)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert results == [path] * 8
    assert path.read_bytes() == b"%PDF-1.7 poster"


def test_draft_and_private_posters_are_not_found(client, demo, sections):
    draft = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Nháp mật", live=False
    )
    private = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Riêng tư")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="mk"
    )
    assert client.get(f"/thong-bao/{draft.slug}/poster.pdf").status_code == 404
    assert client.get(poster_url(private)).status_code == 404


def test_articles_have_no_poster(client, demo):
    from directives.models import ArticlePage

    article = ArticlePage.objects.live().first()
    assert client.get(poster_url(article)).status_code == 404


@pytest.mark.parametrize(
    "query, message",
    [
        ("?size=A2", "Khổ giấy “A2” không hợp lệ: chọn A4, A3 hoặc A5."),
        ("?size=letter", "Khổ giấy “LETTER” không hợp lệ: chọn A4, A3 hoặc A5."),
        ("?mode=sepia", "Chế độ in “sepia” không hợp lệ"),
    ],
)
def test_bad_options_are_a_400_in_vietnamese(client, notice, query, message):
    response = client.get(poster_url(notice, query))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def fill_colours(pdf: bytes) -> set[tuple[str, ...]]:
    colours = set()
    for page in read(pdf).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        colours |= set(re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", stream))
    return colours


def test_bw_mode_uses_only_greys(campaign):
    colour = fill_colours(posters.render_poster(campaign))
    grey = fill_colours(posters.render_poster(campaign, mode="bw"))
    assert any(len(set(rgb)) > 1 for rgb in colour)
    assert grey and all(len(set(rgb)) == 1 for rgb in grey)


def test_page_lists_its_poster(client, directive, campaign):
    assert f'href="{poster_url(directive)}"' in client.get(directive.url).text
    assert ("Áp phích để in (PDF, A4)", poster_url(campaign)) in campaign.renditions()


def test_print_pack_command_pages(demo, notice, directive, campaign, tmp_path):
    out = tmp_path / "pack.pdf"
    ids = [str(p.pk) for p in (notice, directive, campaign)]
    call_command("print_pack", "--pages", *ids, "--size", "A5", "--out", out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 3
    assert float(reader.pages[0].mediabox.width) == pytest.approx(419.53, abs=1)
    assert words(campaign.title) in words(reader.pages[2].extract_text())


def test_print_pack_command_current_notices_and_campaign(demo, campaign, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command("print_pack", "--current-notices", "--out", out)
    assert len(pypdf.PdfReader(out).pages) == NoticePage.objects.current().count()
    call_command("print_pack", "--campaign", campaign.slug, "--out", out)
    material = posters.campaign_material(campaign)
    assert len(pypdf.PdfReader(out).pages) == len(material) > 2


def test_print_pack_command_refuses_drafts(demo, sections, tmp_path):
    draft = NoticePageFactory(parent=sections["NoticeIndexPage"], live=False)
    with pytest.raises(CommandError, match=str(draft.pk)):
        call_command("print_pack", "--pages", str(draft.pk), "--out", tmp_path / "x")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_poster_buttons_and_download(admin_client, notice):
    edit = admin_client.get(f"/admin/pages/{notice.pk}/edit/").text
    assert "Xem áp phích" in edit and "Tải áp phích" in edit
    response = admin_client.get(f"/admin/ap-phich/{notice.pk}/?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert read(response.content).pages


def test_admin_print_pack_view(admin_client, notice, directive):
    assert admin_client.get("/admin/ap-phich/in/").status_code == 200
    response = admin_client.post(
        "/admin/ap-phich/in/",
        {
            "source": "pages",
            "pages": [notice.pk, directive.pk],
            "size": "A3",
            "mode": "bw",
        },
    )
    assert response.status_code == 200
    reader = read(response.content)
    assert len(reader.pages) == 2
    assert float(reader.pages[0].mediabox.height) == pytest.approx(1190.55, abs=1)


def test_campaign_poster_leaves_out_private_directives(campaign):
    from wagtail.models import PageViewRestriction

    from directives.posters import live_object

    shown = live_object(campaign).poster_directives()
    assert [d.number for d in shown] == ["29-CT/TU", "26/CT-TTg", "86/KH-UBND"]
    PageViewRestriction.objects.create(
        page=shown[0], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    shown = live_object(campaign).poster_directives()
    assert [d.number for d in shown] == ["26/CT-TTg", "86/KH-UBND"]


def test_admin_poster_bad_size_is_a_400_in_vietnamese(admin_client, notice):
    response = admin_client.get(f"/admin/ap-phich/{notice.pk}/?size=A2")
    assert response.status_code == 400
    assert "Khổ giấy “A2” không hợp lệ" in response.content.decode()
