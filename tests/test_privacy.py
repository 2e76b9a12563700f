"""Leak scan: pages a resident may not see are never named on a public surface.

Hidden pages of every kind (a draft, an unpublished page, one past its expiry
time, one under a password, a login and a group restriction, and one inside
a restricted section) are linked from public pages in every way the content
model allows (relations both ways, "replaced by", "carries out", the
campaign, today's loudspeaker programme). Then every public surface is
fetched as an anonymous resident (HTML pages, posters as text, scripts,
feeds, sitemap, search, suggestions, the programme) and none may contain
any hidden page's title, number or address.
"""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from directives.blocks import paragraphs_to_stream
from directives.models import (
    BroadcastSlot,
    CampaignPage,
    DirectiveIndexPage,
    DirectiveRelation,
    NoticeIndexPage,
)
from tests.factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)

HIDDEN_WAYS = [
    "draft",
    "unpublished",
    "expired",
    "password",
    "login",
    "groups",
    "private section",
]
SECRET = re.compile(r"bimat|BM-\d|/bi-mat", re.IGNORECASE)


def _hide(page, way: str, private_sections: dict) -> None:
    if way == "unpublished":
        page.unpublish()
    elif way == "expired":
        page.expire_at = timezone.now() - datetime.timedelta(minutes=5)
        page.save_revision().publish()
        page.expire_at = timezone.now() - datetime.timedelta(minutes=5)
        type(page).objects.filter(pk=page.pk).update(
            expire_at=page.expire_at, expired=False, live=True
        )
    elif way in ("password", "login", "groups"):
        restriction = PageViewRestriction.objects.create(
            page=page,
            restriction_type={
                "password": PageViewRestriction.PASSWORD,
                "login": PageViewRestriction.LOGIN,
                "groups": PageViewRestriction.GROUPS,
            }[way],
            password="matkhau" if way == "password" else "",
        )
        if way == "groups":
            restriction.groups.add(Group.objects.get_or_create(name="Nội bộ")[0])
    elif way == "private section":
        page.move(private_sections[type(page).__name__], pos="last-child")


@pytest.fixture
def world(sections):
    home = sections["home"]
    private_sections = {
        "DirectivePage": home.add_child(
            instance=DirectiveIndexPage(title="Văn bản bí mật", slug="bi-mat")
        ),
        "NoticePage": home.add_child(
            instance=NoticeIndexPage(title="Thông báo bí mật", slug="bi-mat-tb")
        ),
    }
    for section in private_sections.values():
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.LOGIN
        )
    secret_issuer = IssuingBodyFactory(name="Ban bimat chuyên trách")
    hidden_directives, hidden_notices = [], []
    for n, way in enumerate(HIDDEN_WAYS, 1):
        directive = DirectivePageFactory(
            parent=sections["DirectiveIndexPage"],
            title=f"Chỉ thị bimat {way}",
            number=f"{n}/CT-BM",
            summary=f"Tóm tắt bimat {way}.",
            issuer=secret_issuer,
            live=way != "draft",
        )
        notice = NoticePageFactory(
            parent=sections["NoticeIndexPage"],
            title=f"Thông báo bimat {way}",
            body=paragraphs_to_stream(f"Nội dung bimat {way}."),
            live=way != "draft",
        )
        for page in (directive, notice):
            if way != "draft":
                _hide(page, way, private_sections)
        hidden_directives.append(directive)
        hidden_notices.append(notice)

    campaign_index = sections["CampaignIndexPage"]
    hidden_campaign = campaign_index.add_child(
        instance=CampaignPage(title="Đợt bimat", slug="dot-bi-mat")
    )
    hidden_campaign.save_revision().publish()
    PageViewRestriction.objects.create(
        page=hidden_campaign, restriction_type=PageViewRestriction.LOGIN
    )

    public = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        title="Chỉ thị công khai về trật tự",
        number="77/CT-UBND",
    )
    for hidden in hidden_directives:
        DirectiveRelation.objects.create(page=public, target=hidden, kind="based_on")
        DirectiveRelation.objects.create(page=hidden, target=public, kind="implements")
    public.replaced_by = hidden_directives[3]
    public.status = "replaced"
    public.save_revision().publish()

    campaign = campaign_index.add_child(
        instance=CampaignPage(
            title="Đợt tuyên truyền công khai",
            slug="dot-cong-khai",
            starts_on=timezone.localdate() - datetime.timedelta(days=3),
        )
    )
    campaign.directives.set([public, *hidden_directives])
    campaign.save_revision().publish()

    notice = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Thông báo công khai lịch tiếp dân"
    )
    article = ArticlePageFactory(
        parent=sections["ArticleIndexPage"], title="Tin tức công khai"
    )
    for page in (notice, article):
        page.directives.set([public, *hidden_directives])
        page.campaign = hidden_campaign
        page.save_revision().publish()

    today = timezone.localdate()
    for n, page in enumerate([public, notice, *hidden_directives, *hidden_notices]):
        BroadcastSlot.objects.create(
            day=today, time=datetime.time(7, 0), page=page, sort_order=n
        )
    return {"public": [public, notice, article, campaign]}


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages
    )


def _surfaces(public_pages) -> list[str]:
    urls = [
        "/",
        "/van-ban/",
        "/thong-bao/",
        "/tin-tuc/",
        "/tuyen-truyen/",
        "/feed/van-ban/rss/",
        "/feed/van-ban/atom/",
        "/feed/thong-bao/rss/",
        "/feed/thong-bao/atom/",
        "/feed/phat-thanh/",
        "/sitemap.xml",
        "/phat-thanh/",
        "/phat-thanh/hom-nay/",
        "/phat-thanh/lich-in/",
        f"/api/phat-thanh/?date={timezone.localdate():%Y-%m-%d}",
        f"/api/phat-thanh/?date={timezone.localdate():%Y-%m-%d}&format=m3u",
        "/api/search/?q=bimat",
        "/api/search/?q=CT-BM",
        "/api/search/?q=chuy%C3%AAn+tr%C3%A1ch",
        "/api/search/",
        "/api/search/?issuer=Ban+bimat+chuy%C3%AAn+tr%C3%A1ch",
        "/api/search/suggest/?q=bimat",
        "/api/search/suggest/?q=ch%E1%BB%89+th%E1%BB%8B",
        "/tim-kiem/?q=chuy%C3%AAn+tr%C3%A1ch",
        "/tim-kiem/?q=CT-BM",
        "/tim-kiem/?q=ch%E1%BB%89+th%E1%BB%8B",
    ]
    for page in public_pages:
        urls.append(page.url)
        if page.specific_class.__name__ in ("DirectivePage", "NoticePage"):
            urls += [f"{page.url}loa.txt", f"{page.url}loa.html"]
        if page.specific_class.__name__ != "ArticlePage":
            urls.append(f"{page.url}poster.pdf")
    return urls


@pytest.mark.django_db
def test_no_public_surface_names_a_hidden_page(world, client):
    checked = []
    for url in _surfaces(world["public"]):
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/pdf"):
            text = _pdf_text(response.content)
        elif response["Content-Type"].startswith("application/json"):
            data = response.json()
            data.pop("query", None)  # the question asked, echoed
            text = json.dumps(data, ensure_ascii=False)
        else:
            text = response.content.decode()
        leaks = sorted(set(SECRET.findall(text)))
        assert not leaks, (url, leaks)
        checked.append(url)
    # The scan saw the public pages it names, and their links.
    assert len(checked) >= 30
    directive_page = client.get(world["public"][0].url).content.decode()
    assert "Chỉ thị công khai về trật tự" in directive_page


@pytest.mark.django_db
def test_hidden_pages_are_not_found_at_their_renditions(world, client):
    from directives.models import DirectivePage, NoticePage

    for model in (DirectivePage, NoticePage):
        for page in model.objects.filter(title__contains="bimat"):
            for suffix in ("loa.txt", "loa.html", "loa.mp3", "poster.pdf"):
                url = f"{page.url or '/x/'}{suffix}"
                status = client.get(url).status_code
                assert status in (404, 302), (url, status)
