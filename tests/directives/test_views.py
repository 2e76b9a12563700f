import builtins
import datetime
import json
import re

import pytest
from wagtail.models import PageViewRestriction

from directives.models import DirectivePage, NoticePage
from tests.factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)

DRAFT = "Bản nháp tuyệt mật không được lộ"
PRIVATE = "Văn bản riêng tư chỉ cán bộ xem"


@pytest.fixture
def hidden_pages(demo):
    """A draft and a private page in each section, sharing a distinctive word."""
    from cms.site_structure import ensure_site_structure

    sections = ensure_site_structure()
    draft = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        title=DRAFT,
        number="999/CT-UBND",
        summary=DRAFT,
        live=False,
    )
    private = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        title=PRIVATE,
        number="998/CT-UBND",
        summary=PRIVATE,
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="matkhau"
    )
    NoticePageFactory(parent=sections["NoticeIndexPage"], title=DRAFT, live=False)
    private_notice = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title=PRIVATE
    )
    PageViewRestriction.objects.create(
        page=private_notice,
        restriction_type=PageViewRestriction.PASSWORD,
        password="matkhau",
    )
    ArticlePageFactory(parent=sections["ArticleIndexPage"], title=DRAFT, live=False)
    return {"draft": draft, "private": private}


PUBLIC_URLS = [
    "/",
    "/van-ban/",
    "/thong-bao/",
    "/tin-tuc/",
    "/tuyen-truyen/",
    "/sitemap.xml",
    "/feed/van-ban/rss/",
    "/feed/van-ban/atom/",
    "/feed/thong-bao/rss/",
    "/feed/thong-bao/atom/",
    "/feed/phat-thanh/",
    "/api/search/?q=",
    "/api/search/?q=b%E1%BA%A3n+nh%C3%A1p+ri%C3%AAng+t%C6%B0",
    "/api/search/?q=999/CT-UBND",
    "/tim-kiem/?q=tuy%E1%BB%87t+m%E1%BA%ADt",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_drafts_and_private_pages_never_leak(client, hidden_pages, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT not in body
    assert PRIVATE not in body
    assert hidden_pages["draft"].slug not in body
    assert hidden_pages["private"].slug not in body


@pytest.mark.django_db
def test_private_page_asks_for_the_password(client, hidden_pages):
    response = client.get(hidden_pages["private"].url)
    assert response.status_code == 200
    assert PRIVATE not in response.content.decode().split("<form")[0].split("</h1>")[-1]
    assert "password" in response.content.decode()


@pytest.mark.django_db
def test_directive_list_filters(client, demo):
    html = client.get("/van-ban/", {"doc_type": "Nghị quyết"}).content.decode()
    assert "04-NQ/TW" in html
    assert "29-CT/TU" not in html
    html = client.get("/van-ban/", {"status": "expired"}).content.decode()
    assert "16/CT-TTg" in html and "26/CT-TTg" not in html
    html = client.get("/van-ban/", {"year": "2013"}).content.decode()
    assert "29-CT/TU" in html and "05-CT/TW" not in html
    issuer = DirectivePage.objects.get(number="26/CT-TTg").issuer
    html = client.get("/van-ban/", {"issuer": issuer.pk}).content.decode()
    assert "26/CT-TTg" in html and "16/CT-TTg" in html and "29-CT/TU" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"issuer": "999999"},
        {"doc_type": "<script>"},
        {"page": "-3"},
        {"page": "99999"},
        {"status": "x" * 5000},
    ],
)
def test_directive_list_survives_bad_filters(client, demo, query):
    response = client.get("/van-ban/", query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_directive_list_paginates_without_n_plus_one(
    client, sections, django_assert_max_num_queries
):
    parent = sections["DirectiveIndexPage"]
    issuers = [IssuingBodyFactory() for _ in range(5)]
    for i in range(45):
        DirectivePageFactory(
            parent=parent, issuer=issuers[i % 5], number=f"{i + 1}/KH-UBND"
        )
    client.get("/van-ban/")  # makes the ward's settings: a new content version
    client.get("/van-ban/")  # warm caches (site root, settings, the count)
    # The page of 20 and the issuers of the filter (the Site, the routing,
    # the restrictions, the settings, the menu and the count are kept per
    # content version: cms/sites.py, cms/visibility.py).
    with django_assert_max_num_queries(3):
        response = client.get("/van-ban/", {"page": 2})
    assert response.status_code == 200
    assert "Trang 2/3" in response.content.decode()


@pytest.mark.django_db
def test_home_and_notice_lists_without_n_plus_one(
    client, demo, django_assert_max_num_queries
):
    for url in ("/", "/thong-bao/", "/tin-tuc/", "/tuyen-truyen/"):
        client.get(url)
        # The home page: three lists and the campaigns' slogans.
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_notice_list_puts_expired_notices_apart(client, sections):
    parent = sections["NoticeIndexPage"]
    NoticePageFactory(parent=parent, title="Thông báo còn hạn", valid_until=None)
    NoticePageFactory(
        parent=parent,
        title="Thông báo đã hết hạn",
        valid_until=datetime.date(2020, 1, 1),
        published_on=datetime.date(2019, 12, 1),
    )
    html = client.get(parent.url).content.decode()
    current, expired = html.split('id="het-han"')
    assert "Thông báo còn hạn" in current and "Thông báo đã hết hạn" not in current
    assert "Thông báo đã hết hạn" in expired
    page = NoticePage.objects.get(title="Thông báo đã hết hạn")
    html = client.get(page.url).content.decode()
    assert "Thông báo này đã hết hạn" in html and "01/01/2020" in html


@pytest.mark.django_db
def test_directive_page_shows_summary_first_and_json_ld(client, demo):
    page = DirectivePage.objects.get(number="29-CT/TU")
    html = client.get(page.url).content.decode()
    main = html.split('id="noi-dung"')[1]
    assert (
        main.index("Tóm tắt dễ hiểu")
        < main.index("Số, ký hiệu")
        < main.index("Toàn văn")
    )
    assert "10/12/2013" in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "29-CT/TU"
    assert data["legislationType"] == "Chỉ thị"
    assert data["legislationDate"] == "2013-12-10"
    assert data["legislationPassedBy"]["name"] == "Ban Thường vụ Thành ủy Đà Nẵng"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["url"] == page.get_full_url()
    assert data["legislationJurisdiction"] == "VN"
    # notices and articles that carry it out are listed
    assert "Thông báo công khai số điện thoại đường dây nóng" in html
    assert "48 công chức đăng ký" in html


@pytest.mark.django_db
def test_directive_json_ld_links_related_legislation_a_resident_may_see(client, demo):
    plan = DirectivePage.objects.get(number="86/KH-UBND")

    def json_ld():
        html = client.get(plan.url).content.decode()
        found = re.search(r'application/ld\+json">(.*?)</script>', html, re.S)
        return json.loads(found[1])

    implemented = json_ld()["legislationEnsuresImplementationOf"]
    assert {d["legislationIdentifier"] for d in implemented} == {
        "29-CT/TU",
        "26/CT-TTg",
    }
    target = DirectivePage.objects.get(number="29-CT/TU")
    assert {
        "@type": "Legislation",
        "name": target.title,
        "legislationIdentifier": "29-CT/TU",
        "url": target.get_full_url(),
    } in implemented
    target.unpublish()
    implemented = json_ld()["legislationEnsuresImplementationOf"]
    assert [d["legislationIdentifier"] for d in implemented] == ["26/CT-TTg"]


@pytest.mark.django_db
def test_related_directives_both_ways(client, demo):
    plan = DirectivePage.objects.get(number="86/KH-UBND")
    html = client.get(plan.url).content.decode()
    assert "Thực hiện" in html and "29-CT/TU" in html
    target = DirectivePage.objects.get(number="29-CT/TU")
    html = client.get(target.url).content.decode()
    assert "Được thực hiện bởi" in html and "86/KH-UBND" in html


@pytest.mark.django_db
def test_feeds_are_valid_and_list_directives(client, demo):
    from xml.etree import ElementTree

    atom = client.get("/feed/van-ban/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(atom.content)
    titles = [e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")]
    links = [e.get("href") for e in tree.iter("{http://www.w3.org/2005/Atom}link")]
    assert "http://127.0.0.1:8000/van-ban/chi-thi-29-ct-tu-2013/" in links
    assert any(t and t.startswith("Chỉ thị 29-CT/TU: ") for t in titles)
    rss = client.get("/feed/thong-bao/rss/")
    assert b"<rss" in rss.content and "Thông báo".encode() in rss.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feed/van-ban/atom/", "/feed/thong-bao/atom/"])
def test_atom_feeds_follow_rfc_4287_on_one_host(client, demo, url):
    """An author (the ward's, for the feed and so every entry), an id, a
    title and an update time on every entry; every address on the Site's
    host even when the request came by another name."""
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(client.get(url, HTTP_HOST="127.0.0.1").content)
    assert feed.find(f"{atom}author/{atom}name").text == (
        "Ủy ban nhân dân phường Hải Châu"
    )
    assert feed.find(f"{atom}id").text and feed.find(f"{atom}updated").text
    entries = feed.findall(f"{atom}entry")
    assert entries
    for entry in entries:
        for child in ("id", "title", "updated"):
            assert entry.find(f"{atom}{child}").text, child
    hrefs = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert all(h.startswith("http://127.0.0.1:8000/") for h in hrefs), hrefs
    assert f"http://127.0.0.1:8000{url}" in hrefs  # rel="self"


@pytest.mark.django_db
def test_sitemap_lists_live_pages(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    # absolute URLs on SITE_URL's host, not Wagtail's "localhost" placeholder
    assert "<loc>http://127.0.0.1:8000/van-ban/chi-thi-29-ct-tu-2013/</loc>" in xml
    assert xml.count("<url>") >= 20


@pytest.mark.django_db
def test_page_type_constraints():
    from cms.models import HomePage
    from directives.models import (
        ArticleIndexPage,
        ArticlePage,
        DirectiveIndexPage,
        NoticeIndexPage,
    )

    assert NoticePage.allowed_parent_page_models() == [NoticeIndexPage]
    assert DirectivePage.allowed_subpage_models() == []
    assert ArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert DirectiveIndexPage.allowed_parent_page_models() == [HomePage]
    assert NoticePage not in DirectivePage.allowed_subpage_models()


@pytest.mark.django_db
def test_filter_choices_follow_publishing(client, sections):
    parent = sections["DirectiveIndexPage"]
    DirectivePageFactory(parent=parent, doc_type="Chỉ thị", number="1/CT-UBND")
    html = client.get(parent.url).content.decode()
    assert '<option value="Chỉ thị">' in html
    assert '<option value="Hướng dẫn">' not in html
    page = DirectivePageFactory(parent=parent, doc_type="Hướng dẫn", number="2/HD-UBND")
    html = client.get(parent.url).content.decode()
    assert '<option value="Hướng dẫn">' in html  # cached choices were refreshed
    page.unpublish()
    html = client.get(parent.url).content.decode()
    assert '<option value="Hướng dẫn">' not in html


@pytest.mark.django_db
def test_poster_without_pango_is_a_503_that_says_what_to_install(
    client, demo, monkeypatch
):
    # Here, not in test_posters.py: that module skips where Pango is missing.
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    page = NoticePage.objects.live().first()
    response = client.get(f"{page.url}poster.pdf")
    assert response.status_code == 503
    assert "apt-get install libpango-1.0-0" in response.content.decode()


@pytest.mark.django_db
def test_list_cards_made_in_python_are_the_templates_cards(rf, sections):
    """The long lists make their cards in Python (cms/cards.py): to the
    character what includes/cards/directive.html and notice.html give, which
    other pages still include; titles with characters to escape, every kind
    of notice (open-ended, valid, expired)."""
    from django.template.loader import render_to_string

    from cms.cards import directive_cards, notice_cards

    directives = [
        DirectivePageFactory(
            parent=sections["DirectiveIndexPage"],
            title='Về "an toàn" & <trật tự>',
            number=f"{i}/KH-UBND",
        )
        for i in (1, 2)
    ]
    notices = [
        NoticePageFactory(
            parent=sections["NoticeIndexPage"],
            title=f"Thông báo <{i}> & “lịch”",
            published_on=datetime.date(2019, 12, 1),
            valid_until=valid_until,
        )
        for i, valid_until in enumerate(
            [None, datetime.date(2099, 1, 1), datetime.date(2020, 1, 1)]
        )
    ]
    request = rf.get("/van-ban/", HTTP_HOST="localhost")

    def included(template, name, pages):
        return "".join(
            render_to_string(template, {name: page, "request": request})
            for page in pages
        )

    directives = list(DirectivePage.objects.filter(pk__in=[d.pk for d in directives]))
    notices = list(NoticePage.objects.filter(pk__in=[n.pk for n in notices]))
    expected = included("includes/cards/directive.html", "directive", directives)
    assert directive_cards(directives, request) == expected
    assert "/van-ban/" in expected and "&lt;trật tự&gt;" in expected
    expected = included("includes/cards/notice.html", "notice", notices)
    assert notice_cards(notices, request) == expected
    assert "Đã hết hạn" in expected and "hiệu lực đến 01/01/2099" in expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"page": "3"},
        {"status": "in_force", "year": "2013", "doc_type": "Chỉ thị"},
        {"issuer": "999999", "year": "abc", "status": '"><script>'},
    ],
)
def test_the_filters_select_is_djangos_select(demo, data):
    """The directive filters write their <select>s in Python
    (directives.forms.QuickSelect): the HTML of Django's templates."""
    from django import forms

    from directives.forms import DirectiveFilterForm

    directives = DirectivePage.objects.all()
    if data and "issuer" not in data:
        data = {**data, "issuer": str(directives.first().issuer_id)}
    form = DirectiveFilterForm(data, directives=directives)
    form.filter(directives)
    for field in form:
        django_select = forms.Select(choices=field.field.widget.choices)
        assert field.as_widget() == field.as_widget(widget=django_select)
        assert "<option" in field.as_widget()
