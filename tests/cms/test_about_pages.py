"""The ward's own pages (Nghị định 42/2022/NĐ-CP Art. 4.1 and 7, Nghị định
13/2018/NĐ-CP Art. 11): in the demo, in the menu, searchable, structured,
in the API, and private when an editor restricts them."""

import json
import re
from html import unescape

import pytest
from wagtail.models import Page, PageViewRestriction

from cms.models import (
    AboutIndexPage,
    ContactsPage,
    DocumentListPage,
    EnglishPage,
    InformationPage,
    OfficialContact,
    OneStopPage,
    OrganisationPage,
    PublicDocumentPage,
)
from directives.models import ArticlePage, NoticePage
from search import indexing
from search.plan import Params
from search.query import search
from tests.search.conftest import search_index  # noqa: F401 -- a fresh index per test

pytestmark = pytest.mark.django_db

ABOUT = "/gioi-thieu/"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def json_ld(html):
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(found) == 1, "one JSON-LD block per page"
    return json.loads(found[0])


def visible_text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_category_decree_42_names_has_a_page_in_the_demo(client, demo):
    """Introduction, functions and tasks, structure, contacts, one-stop
    office, budget disclosures, plans and results, access to information,
    English: each is a live page a resident reaches from "Giới thiệu"."""
    about = get(client, ABOUT)
    wanted = {
        "Giới thiệu chung về phường": InformationPage,
        "Chức năng, nhiệm vụ của Ủy ban nhân dân phường": InformationPage,
        "Cơ cấu tổ chức": OrganisationPage,
        "Lãnh đạo và cán bộ đầu mối liên hệ": ContactsPage,
        "Trung tâm Phục vụ hành chính công (một cửa)": OneStopPage,
        "Công khai ngân sách": DocumentListPage,
        "Kế hoạch, chương trình và kết quả thực hiện": DocumentListPage,
        "Tiếp cận thông tin": InformationPage,
        "In English: structure and contacts": EnglishPage,
    }
    for title, model in wanted.items():
        page = model.objects.live().public().get(title=title)
        assert f'href="{page.url}"' in about, title
        get(client, page.url)
    budget = DocumentListPage.objects.get(slug="cong-khai-ngan-sach")
    assert PublicDocumentPage.objects.child_of(budget).live().count() >= 3


def untick(page):
    page = page.specific
    page.show_in_menus = False
    page.save_revision().publish()


def test_the_menu_and_footer_come_from_the_page_tree(client, demo):
    home = get(client, "/")
    nav = home.split('aria-label="Chuyên mục chính"')[1].split("</nav>")[0]
    assert f'href="{ABOUT}"' in nav and ">Giới thiệu<" in nav
    footer = home.split('class="site-footer"')[1]
    for slug in ("tiep-can-thong-tin", "cong-khai-ngan-sach", "english"):
        assert f'href="{ABOUT}{slug}/"' in footer, slug
    assert 'hreflang="en"' in footer  # the English link says it is English
    # An editor unticks "Hiện trong trình đơn" and publishes: the link goes,
    # nothing else (the menus are cached until content changes).
    untick(Page.objects.get(slug="tiep-can-thong-tin"))
    footer = get(client, "/").split('class="site-footer"')[1]
    assert "tiep-can-thong-tin" not in footer
    assert "cong-khai-ngan-sach" in footer
    untick(AboutIndexPage.objects.get())
    home = get(client, "/")
    assert f'href="{ABOUT}"' not in home.split("</nav>")[0]
    assert "cong-khai-ngan-sach" not in home.split('class="site-footer"')[1]


def test_contacts_page_names_the_officials_with_structured_data(client, demo):
    page = ContactsPage.objects.get()
    html = get(client, page.url)
    people = list(page.officials.all())
    assert len(people) >= 4
    for person in people:
        assert person.name in html and person.position in html
        assert f'href="tel:{person.phone.replace(" ", "")}"' in html
    assert "đầu mối liên hệ" in visible_text(html)
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Ủy ban nhân dân phường Hải Châu"
    assert data["url"].startswith("http") and data["telephone"]
    assert [p["name"] for p in data["employee"]] == [p.name for p in people]
    assert all(p["@type"] == "Person" and p["jobTitle"] for p in data["employee"])
    points = [p.name for p in people if p.is_contact_point]
    assert points and [p["name"] for p in data["contactPoint"]] == points
    assert all(p.get("telephone") or p.get("email") for p in data["contactPoint"])


def test_structure_page_lists_units_and_their_english_names(client, demo):
    page = OrganisationPage.objects.get()
    html = get(client, page.url)
    units = list(page.units.all())
    assert [u.name for u in units] == [
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa – Xã hội",
        "Trung tâm Phục vụ hành chính công",
    ]
    for unit in units:
        assert unit.name in html
    data = json_ld(html)
    assert [u["name"] for u in data["subOrganization"]] == [u.name for u in units]
    assert data["subOrganization"][0]["alternateName"].startswith("Office")


def test_one_stop_page_shows_the_settings_and_links_the_procedures(client, demo):
    page = OneStopPage.objects.get()
    text = visible_text(get(client, page.url))
    assert "Tầng 1, trụ sở Ủy ban nhân dân phường, 270 Trần Phú" in text
    assert "Sáng 7h30–11h30, chiều 13h30–17h00" in text
    assert 'href="/thu-tuc/"' in get(client, page.url)
    # The one-stop address lives in one place: change it, the page follows.
    from cms.models import WardSettings

    ward = WardSettings.objects.get()
    ward.one_stop_hours = "Sáng 7h00–11h00, thứ Hai đến thứ Bảy"
    ward.save()
    assert "Sáng 7h00–11h00, thứ Hai đến thứ Bảy" in get(client, page.url)


def test_public_documents_are_grouped_and_filtered_by_year(client, demo):
    budget = DocumentListPage.objects.get(slug="cong-khai-ngan-sach")
    html = get(client, budget.url)
    headings = re.findall(r'<h2 id="nam-(\d+)">', html)
    assert headings == sorted(headings, reverse=True) and "2026" in headings
    only_2025 = get(client, f"{budget.url}?nam=2025")
    assert re.findall(r'<h2 id="nam-(\d+)">', only_2025) == ["2025"]
    assert "Công khai quyết toán ngân sách phường năm 2025" in only_2025
    assert "dự toán ngân sách phường năm 2026" not in only_2025
    for bad in ("abc", "1800", "2026' OR 1=1", "9" * 40):
        shown = get(client, f"{budget.url}?nam={bad}")
        assert re.findall(r'<h2 id="nam-(\d+)">', shown) == headings, bad
    document = PublicDocumentPage.objects.get(slug="du-toan-ngan-sach-2026")
    text = visible_text(get(client, document.url))
    assert "Dự toán ngân sách" in text and "05/QĐ-UBND" in text
    assert "08/01/2026" in text


@pytest.mark.parametrize(
    "asked, message",
    [
        ("1999", "Không có tài liệu năm 1999; đang hiện mọi năm."),
        ("abc", "Năm không hợp lệ; đang hiện mọi năm."),
        ("-1", "Năm không hợp lệ; đang hiện mọi năm."),
        ("9" * 40, "Năm không hợp lệ; đang hiện mọi năm."),
    ],
)
def test_a_year_without_documents_says_so(client, demo, asked, message):
    budget = DocumentListPage.objects.get(slug="cong-khai-ngan-sach")
    every_year = re.findall(r'<h2 id="nam-(\d+)">', get(client, budget.url))
    html = get(client, f"{budget.url}?nam={asked}")
    assert f'<p class="date-notice" role="status">{message}</p>' in html
    assert re.findall(r'<h2 id="nam-(\d+)">', html) == every_year
    assert "date-notice" not in get(client, f"{budget.url}?nam=2025")
    assert "date-notice" not in get(client, budget.url)


def test_the_chosen_year_looks_chosen_and_prints_its_address(client, demo):
    from django.contrib.staticfiles import finders

    budget = DocumentListPage.objects.get(slug="cong-khai-ngan-sach")
    html = get(client, f"{budget.url}?nam=2025")
    assert '<a href="?nam=2025" aria-current="true">Năm 2025</a>' in html
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    assert (
        ".year-filter a[aria-current] { background: var(--red); color: #fff; }" in css
    )
    line = re.search(r'<p class="print-only print-meta">(.*?)</p>', html).group(1)
    assert line.startswith(f"In từ {budget.get_full_url()}?nam=2025, ngày ")


def test_english_page_is_in_english_with_the_vietnamese_pages_data(client, demo):
    page = EnglishPage.objects.get()
    html = get(client, page.url)
    assert '<html lang="en">' in html
    # The portal's own chrome stays Vietnamese and says so.
    assert '<header class="site-header" lang="vi">' in html
    assert '<footer class="site-footer" lang="vi">' in html
    text = visible_text(html)
    assert (
        "Organisational structure" in text and "Leaders and contact officials" in text
    )
    assert "Division of Culture and Social Affairs" in text
    officials = list(ContactsPage.objects.get().officials.all())
    assert len(officials) == 5
    for person in officials:
        assert person.name in text and person.position_en in text
    assert "Printed from http" in text and "In từ" not in text
    # A renamed official shows on the English page too: one source.
    OfficialContact.objects.filter(name="Võ Văn Tâm").update(name="Võ Thị Tâm")
    assert "Võ Thị Tâm" in get(client, page.url)


def test_english_page_links_phones_and_says_it_is_english(client, demo):
    page = EnglishPage.objects.get()
    html = get(client, page.url)
    units = list(OrganisationPage.objects.get().units.all())
    phoned = [unit for unit in units if unit.phone]
    assert phoned
    for unit in phoned:
        number = unit.phone.replace(" ", "")
        assert f'Phone: <a href="tel:{number}">{unit.phone}</a>' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:locale" content="vi_VN">' in get(
        client, OrganisationPage.objects.get().url
    )

    data = json_ld(html)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Ủy ban nhân dân phường Hải Châu"
    assert data["alternateName"] == f"People's Committee of {page.ward_name_en}"
    assert [u["name"] for u in data["subOrganization"]] == [
        unit.name_en or unit.name for unit in units
    ]
    assert data["subOrganization"][0]["alternateName"] == (
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
    )
    assert "description" not in data["subOrganization"][0]  # tasks are Vietnamese
    people = list(ContactsPage.objects.get().officials.all())
    assert [p["jobTitle"] for p in data["employee"]] == [p.position_en for p in people]
    assert [p["name"] for p in data["contactPoint"]] == [
        p.name for p in people if p.is_contact_point
    ]


def test_access_to_information_shows_where_to_send_a_request(client, demo):
    from cms.models import WardSettings

    page = InformationPage.objects.get(slug="tiep-can-thong-tin")
    html = get(client, page.url)
    contact = html[html.index('<section aria-labelledby="tru-so">') :]
    assert (
        '<th scope="row">Thư điện tử</th><td><a href="mailto:'
        'ubnd.haichau@danang.gov.vn">ubnd.haichau@danang.gov.vn</a></td>' in contact
    )
    assert "270 Trần Phú, phường Hải Châu, thành phố Đà Nẵng" in contact
    # From the settings: a new address, the page follows.
    ward = WardSettings.objects.get()
    ward.email = "tiepcan@haichau.example.vn"
    ward.save()
    assert 'href="mailto:tiepcan@haichau.example.vn"' in get(client, page.url)


def test_demo_dates_are_written_dd_mm_yyyy(client, demo):
    from cms.demo import about

    page = InformationPage.objects.get(slug="gioi-thieu-chung")
    assert "Từ ngày 01/07/2025, phường" in visible_text(get(client, page.url))
    text = json.dumps(about.PAGES, default=str, ensure_ascii=False)
    dates = re.findall(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}", text)
    assert dates == ["01/07/2025"]


def test_pages_print_with_their_address_and_date(client, demo):
    for model in (InformationPage, ContactsPage, PublicDocumentPage):
        page = model.objects.first()
        html = get(client, page.url)
        line = re.search(r'<p class="print-only print-meta">(.*?)</p>', html).group(1)
        assert line.startswith(f"In từ {page.get_full_url()}, ngày ")
        assert re.search(r"ngày \d\d/\d\d/\d{4}\.$", line)


def test_ward_pages_are_searched_as_kind_page(demo, search_index):  # noqa: F811
    search_index.rebuild(indexing.documents())
    results = search(Params(q="công khai ngân sách"))
    assert results.hits[0]["kind"] == "page"
    assert "ngân sách" in results.hits[0]["title"]
    for q in ("chanh van phong", "Phạm Thị Hoa", "tiếp cận thông tin"):
        results = search(Params(q=q, kind="page"))
        assert results.hits, q
        assert {h["kind"] for h in results.hits} == {"page"}
    assert search(Params(q="Phạm Thị Hoa")).hits[0]["title"] == (
        "Lãnh đạo và cán bộ đầu mối liên hệ"
    )
    facets = search(Params(q="phường")).facets["kind"]
    assert facets.get("page", 0) >= 5
    # The English page is not indexed by a Vietnamese analyser.
    assert not any(
        h["title"].startswith("In English")
        for h in search(Params(q="structure contacts")).hits
    )


def test_a_restricted_ward_page_is_nowhere_public(client, demo, search_index):  # noqa: F811
    page = InformationPage.objects.get(slug="tiep-can-thong-tin")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    search_index.rebuild(indexing.documents())
    assert search(Params(q="cơ cấu tổ chức", kind="page")).hits  # others stay
    for q in ("tiếp cận thông tin", "phiếu yêu cầu cung cấp thông tin"):
        assert all(h["url"] != page.url for h in search(Params(q=q)).hits), q
    assert page.url not in get(client, ABOUT)
    assert page.url not in get(client, "/")  # the footer link goes
    assert page.url not in get(client, "/sitemap.xml")
    listing = client.get("/api/v2/pages/", {"limit": 100}).json()
    assert page.pk not in {item["id"] for item in listing["items"]}
    response = client.get(page.url)
    assert response.status_code == 302  # Wagtail asks for a login


def test_api_exposes_the_public_contact_fields(client, demo):
    page = ContactsPage.objects.get()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["meta"]["type"] == "cms.ContactsPage"
    first = data["officials"][0]
    assert {"name", "position", "phone", "email"} <= first.keys()
    assert first["name"] == page.officials.first().name
    structure = OrganisationPage.objects.get()
    data = client.get(f"/api/v2/pages/{structure.pk}/").json()
    assert data["units"][0]["name_en"]


def test_notice_json_ld_is_a_special_announcement(client, demo):
    notice = NoticePage.objects.filter(valid_until__isnull=False).first()
    data = json_ld(get(client, notice.url))
    assert data["@type"] == "SpecialAnnouncement"
    assert data["name"] == notice.title and data["url"] == notice.get_full_url()
    assert data["datePosted"] == notice.published_on.isoformat()
    assert data["expires"] == notice.valid_until.isoformat()
    assert data["announcementLocation"]["name"].startswith("Phường Hải Châu")
    assert data["author"]["@type"] == "GovernmentOrganization"
    assert data["text"] and "<" not in data["text"]


def test_article_json_ld_is_a_news_article(client, demo):
    article = ArticlePage.objects.live().first()
    data = json_ld(get(client, article.url))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title[:110]
    assert data["datePublished"] == article.published_on.isoformat()
    assert data["publisher"]["name"] == "Ủy ban nhân dân phường Hải Châu"
    assert data["author"]["name"]
    assert data["image"][0].endswith("/anh-chia-se.png")
    assert client.get(data["image"][0].split("8000", 1)[1]).status_code == 200


def test_editor_creates_a_ward_page_in_the_admin_on_the_first_try(client, demo):
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        streamfield,
    )

    client.force_login(get_user_model().objects.get(username="bientap"))
    about = AboutIndexPage.objects.get()
    url = f"/admin/pages/add/cms/contactspage/{about.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Cán bộ phụ trách tổ dân phố",
            "slug": "",
            "summary": "Ai phụ trách tổ dân phố nào.",
            "body": streamfield([]),
            "officials": inline_formset(
                [
                    {
                        "name": "Đỗ Thị Thủy",
                        "position": "Công chức Văn hóa – Xã hội",
                        "position_en": "",
                        "responsibilities": "Tổ dân phố 1 đến 10",
                        "phone": "0905 123 456",
                        "email": "",
                        "is_contact_point": "on",
                        "photo": "",
                    }
                ]
            ),
        }
    )
    data["action-submit"] = "Gửi duyệt"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ContactsPage.objects.get(title="Cán bộ phụ trách tổ dân phố")
    assert page.slug == "can-bo-phu-trach-to-dan-pho"
    revision = page.latest_revision.as_object()
    assert [o.name for o in revision.officials.all()] == ["Đỗ Thị Thủy"]
