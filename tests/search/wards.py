"""Three wards and the city library, for the tests of search across wards.

Ward A is the default site (the sections of `ensure_site_structure`), wards B
and C are Sites of their own on other host names; the city library is a page
under Wagtail's root that is no site's root, holding a shared directive that
ward B shows as an alias (`Page.create_alias`). The `wards` fixture
(tests/search/conftest.py) returns `make_wards(sections)`.
"""

import datetime

from wagtail.models import Page, Site

from cms.models import HomePage
from directives.models import DirectiveIndexPage, NoticeIndexPage
from tests.factories import DirectivePageFactory, NoticePageFactory

HOST_B, HOST_C = "phuong-b.example", "phuong-c.example"


def add_ward(hostname: str, name: str, slug: str) -> dict:
    """A ward of its own: home page under Wagtail's root, two sections, a Site."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=slug))
    home.save_revision().publish()
    directives = home.add_child(
        instance=DirectiveIndexPage(title="Văn bản chỉ đạo", slug="van-ban")
    )
    directives.save_revision().publish()
    notices = home.add_child(
        instance=NoticeIndexPage(title="Thông báo", slug="thong-bao")
    )
    notices.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=name
    )
    return {"site": site, "DirectiveIndexPage": directives, "NoticeIndexPage": notices}


def make_wards(sections) -> dict:
    site_a = Site.objects.get(is_default_site=True)
    site_a.site_name = "Phường Hải Châu"
    site_a.save()
    ward_a = {"site": site_a, **sections}
    ward_b = add_ward(HOST_B, "Phường Thanh Khê", "thanh-khe")
    ward_c = add_ward(HOST_C, "Phường Sơn Trà", "son-tra")
    library = Page.get_first_root_node().add_child(
        instance=Page(title="Thư viện văn bản thành phố", slug="thu-vien")
    )
    notice_a = NoticePageFactory(
        parent=ward_a["NoticeIndexPage"],
        title="Thông báo cắt nước khu dân cư Hải Châu",
        slug="cat-nuoc",
    )
    shared = DirectivePageFactory(
        parent=library,
        title="Về tăng cường phòng chống cháy nổ",
        number="12-CT/UBND",
        slug="chi-thi-12",
        signed_on=datetime.date(2025, 4, 2),
    )
    alias = shared.create_alias(parent=ward_b["DirectiveIndexPage"])
    return {
        "a": ward_a,
        "b": ward_b,
        "c": ward_c,
        "notice_a": notice_a,
        "shared": shared,
        "alias": alias,
    }
