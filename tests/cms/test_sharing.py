"""A shared link previews on Zalo and Facebook: tags, the card image,
robots.txt and the web manifest."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from PIL import Image
from wagtail.models import Page, PageViewRestriction

from cms import sharing
from directives.models import DirectivePage, NoticePage, ProcedurePage

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links[attrs.get("rel")] = attrs.get("href", "")


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def pages():
    return [
        Page.objects.get(depth=2).specific,
        DirectivePage.objects.get(number="29-CT/TU"),
        ProcedurePage.objects.get(title="Đăng ký tạm trú"),
        NoticePage.objects.first(),
    ]


def test_every_page_has_a_title_description_and_image(client, demo):
    for page in pages():
        tags = head(client, page.url)
        meta = tags.meta
        assert meta["og:title"] == page.share_title
        assert meta["og:description"] == meta["description"] != ""
        assert len(meta["description"]) <= sharing.DESCRIPTION_CHARS + 1
        assert meta["og:url"] == page.get_full_url() == tags.links["canonical"]
        assert meta["og:image"] == page.get_full_url() + "anh-chia-se.png"
        assert meta["og:locale"] == "vi_VN"
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:image"] == meta["og:image"]
        assert meta["theme-color"] == "#a3160f"
    directive = DirectivePage.objects.get(number="29-CT/TU")
    assert head(client, directive.url).meta["og:type"] == "article"
    assert (
        head(client, directive.url)
        .meta["description"]
        .startswith(directive.summary[:60])
    )


def test_the_card_is_a_1200_by_630_png_and_private_pages_have_none(client, demo):
    procedure = ProcedurePage.objects.get(title="Đăng ký tạm trú")
    response = client.get(procedure.url + "anh-chia-se.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    assert client.get("/anh-chia-se.png").status_code == 200  # the home page
    PageViewRestriction.objects.create(
        page=procedure, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get(procedure.url + "anh-chia-se.png").status_code == 404
    notice = NoticePage.objects.first()
    notice.unpublish()
    assert client.get(notice.url + "anh-chia-se.png").status_code == 404
    assert client.get("/khong-co-trang-nay/anh-chia-se.png").status_code == 404


def test_a_new_version_of_a_page_gets_a_new_card(demo, settings, tmp_path):
    from cms.models import WardSettings

    settings.DATA_DIR = tmp_path
    page = ProcedurePage.objects.get(title="Đăng ký tạm trú")
    ward = WardSettings.objects.first()
    first = sharing.card(page, ward)
    assert sharing.card(page, ward) == first  # from the disk cache
    page.title = "Đăng ký tạm trú cho người thuê nhà"
    page.save_revision().publish()
    page.refresh_from_db()
    assert sharing.card(page, ward) != first
    assert len(list((tmp_path / "share-cards").glob("*.png"))) == 1


def test_a_long_description_is_cut_at_a_word():
    class Page:
        search_description = ""
        summary = "Người dân " + "đăng ký tạm trú " * 30

    text = sharing.description(Page())
    assert text.endswith("…") and len(text) <= sharing.DESCRIPTION_CHARS + 1
    assert not text[:-1].endswith(" ")
    assert "đăng ký tạm tr…" not in text


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, demo):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /tim-kiem/" in lines
    sitemap = [line for line in lines if line.startswith("Sitemap: ")]
    assert sitemap == [
        f"Sitemap: {Page.objects.get(depth=2).get_full_url()}sitemap.xml"
    ]


def test_the_web_manifest_names_the_ward(client, demo):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Cổng thông tin Phường Hải Châu"
    assert data["lang"] == "vi" and data["icons"]
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def static_image(url: str):
    from django.contrib.staticfiles import finders

    return Image.open(finders.find(url.removeprefix("/static/")))


def test_the_manifest_and_apple_devices_get_png_icons(client, demo):
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    pngs = [icon for icon in icons if icon["type"] == "image/png"]
    assert [icon["sizes"] for icon in pngs] == ["192x192", "512x512"]
    for icon in pngs:
        image = static_image(icon["src"])
        assert (
            image.format == "PNG" and f"{image.width}x{image.height}" == (icon["sizes"])
        )
    html = client.get("/").content.decode()
    link = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
    image = static_image(link.group(1))
    assert (image.format, image.size) == ("PNG", (180, 180))


def test_favicon_ico_leads_to_the_portal_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    assert static_image(response["Location"]).format == "ICO"


def test_every_document_page_offers_its_link_and_a_short_text_for_zalo(client, demo):
    notice = NoticePage.objects.filter(valid_until__isnull=False).first()
    for page in [*pages()[1:], notice]:
        html = client.get(page.url).content.decode()
        assert f'value="{page.get_full_url()}" readonly' in html, page
        assert "Chia sẻ lên Facebook" in html
        assert "Bản tin ngắn để dán vào nhóm Zalo" in html
    text = sharing.plain_text(notice)
    lines = text.splitlines()
    assert lines[0] == f"[Thông báo] {notice.title}"
    assert f"Hiệu lực đến ngày {notice.valid_until:%d/%m/%Y}" in lines
    assert lines[-1] == notice.get_full_url()
    directive = DirectivePage.objects.get(number="29-CT/TU")
    assert sharing.plain_text(directive).splitlines()[1] == "Chỉ thị 29-CT/TU"


def test_a_printed_page_says_where_it_came_from_and_when(client, demo):
    from django.utils import timezone

    page = ProcedurePage.objects.get(title="Đăng ký tạm trú")
    html = client.get(page.url).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert (
        f'<p class="print-only print-meta">In từ {page.get_full_url()}, ngày {today}.'
        in html
    )


def test_a_shared_link_to_the_portal_names_the_ward(client, demo):
    """Not "Trang chủ": the home page previews as the ward's portal."""
    meta = head(client, "/").meta
    assert meta["og:title"] == meta["twitter:title"] == "Cổng thông tin phường Hải Châu"
    assert meta["og:type"] == "website"
    home = Page.objects.get(depth=2).specific
    assert home.share_title == "Cổng thông tin phường Hải Châu"
    home.seo_title = "Phường Hải Châu trực tuyến"
    assert home.share_title == "Phường Hải Châu trực tuyến"
