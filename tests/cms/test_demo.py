import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from cms import wards
from cms.models import CityLibraryPage, HomePage, WardSettings
from directives.models import (
    ArticlePage,
    CampaignPage,
    DirectivePage,
    IssuingBody,
    NoticePage,
)

MISSION = ["29-CT/TU", "12-CT/TU", "26/CT-TTg", "05-CT/TW", "04-NQ/TW"]
# A day inside the demo campaign (01/09/2026 to 30/06/2027).
CAMPAIGN_DAY = datetime.date(2026, 11, 21)


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "issuers": IssuingBody.objects.count(),
    }


@pytest.mark.django_db
def test_demo_ward_has_the_mission_content(demo):
    numbers = set(DirectivePage.objects.live().values_list("number", flat=True))
    assert set(MISSION) <= numbers
    assert NoticePage.objects.current().count() >= 2
    assert NoticePage.objects.expired().count() >= 2
    campaign = CampaignPage.objects.running(today=CAMPAIGN_DAY).get()
    assert "5 xây, 3 chống" in [s.text for s in campaign.slogans.all()]
    assert ArticlePage.objects.live().filter(campaign=campaign).count() >= 2
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    assert ward.ward_name == "Phường Hải Châu"
    assert ward.committee_name == "Ủy ban nhân dân phường Hải Châu"


@pytest.mark.django_db
def test_demo_city_loader_is_idempotent(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)  # the two other wards of the city
    assert "hoacuong / hoacuong" in out.getvalue()
    sites = list(wards.ward_sites())
    assert [s.root_page.title for s in sites] == [
        "Trang chủ",
        "Phường An Hải Bắc",
        "Phường Hòa Cường",
    ]
    assert {f"{s.hostname}:{s.port}" for s in sites} == {
        "127.0.0.1:8000",
        "localhost:8000",
        "127.0.0.2:8000",
    }
    library = CityLibraryPage.objects.get()
    shared = set(
        DirectivePage.objects.child_of(library).values_list("number", flat=True)
    )
    assert shared == {"29-CT/TU", "12-CT/TU", "26/CT-TTg", "05-CT/TW", "04-NQ/TW"}
    for site in sites:
        copies = DirectivePage.objects.live().descendant_of(site.root_page)
        assert shared <= set(copies.values_list("number", flat=True))
        assert NoticePage.objects.live().descendant_of(site.root_page).exists()
    ahb = WardSettings.for_site(wards.site_for_host("127.0.0.2"))
    assert ahb.district == "Quận Sơn Trà"
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_every_page_of_the_demo_renders(demo, client):
    pages = Page.objects.live().public().specific().exclude(depth=1)
    assert pages.count() >= 20
    # The library, where there is one, has no address: residents read its
    # directives on a ward.
    for library in CityLibraryPage.objects.all():
        assert library.url is None
        pages = pages.exclude(path__startswith=library.path)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response["Content-Language"] == "vi" or b'lang="vi"' in response.content


@pytest.mark.django_db
def test_home_page_shows_the_ward_and_its_lists(demo, client, monkeypatch):
    # On the campaign's day, whatever day the suite runs: the campaign must show.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: CAMPAIGN_DAY)
    assert CampaignPage.objects.running().count() == 1
    home = HomePage.objects.get()
    html = client.get(home.url).content.decode()
    assert "Phường Hải Châu" in html
    assert 'name="q"' in html  # the search box
    assert "Thông báo công khai số điện thoại đường dây nóng" in html
    assert "Tuyên truyền “5 xây, 3 chống”" in html
    # an expired notice is not among the current ones
    assert "tạm dừng tiếp nhận hồ sơ trực tiếp" not in html


@pytest.mark.django_db
def test_every_demo_public_document_has_its_pdf(demo, client, pango):
    import io

    from pypdf import PdfReader

    from cms.models import PublicDocumentPage

    documents = PublicDocumentPage.objects.live()
    assert documents.count() == 5
    for page in documents:
        assert page.document is not None, page.slug
        # (Storage adds a suffix when an earlier load left the same name.)
        assert re.fullmatch(
            rf"documents/{page.slug}(_\w+)?\.pdf", page.document.file.name
        )
        response = client.get(page.document.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
        assert "Tài liệu mẫu của cổng thông tin phường" in text
        assert page.title in text
    budget = documents.get(slug="du-toan-ngan-sach-2026")
    html = client.get(budget.url).content.decode()
    assert f'<a href="{budget.document.url}">Tải {budget.title} (PDF, ' in html


@pytest.mark.django_db
def test_without_pango_the_demo_loads_without_files(demo, monkeypatch):
    import sys

    from cms.demo.loader import attach_public_document_files
    from cms.models import PublicDocumentPage

    class NoPango:
        def __getattr__(self, name):
            raise OSError("cannot load library 'libpango-1.0-0'")

    PublicDocumentPage.objects.update(document=None)
    monkeypatch.setitem(sys.modules, "weasyprint", NoPango())
    attach_public_document_files()
    assert not PublicDocumentPage.objects.filter(document__isnull=False).exists()
