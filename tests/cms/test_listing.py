"""The listing column (`listed_in`, cms/visibility.py): the section whose
list shows a page, kept exact as pages are published, unpublished, moved and
restricted, and the lists that read it."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.visibility import refresh_listing
from directives.models import DirectiveIndexPage, DirectivePage, NoticePage
from tests.factories import DirectivePageFactory, NoticePageFactory


def listed_in(page):
    return type(page).objects.filter(pk=page.pk).values_list("listed_in", flat=True)[0]


@pytest.fixture
def private_section(sections):
    section = sections["home"].add_child(
        instance=DirectiveIndexPage(title="Văn bản nội bộ", slug="noi-bo")
    )
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    return section


def test_a_published_page_is_listed_in_its_section_and_a_draft_nowhere(sections):
    index = sections["DirectiveIndexPage"]
    public = DirectivePageFactory(parent=index, number="1/CT-UBND")
    draft = DirectivePageFactory(parent=index, number="2/CT-UBND", live=False)
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])

    assert listed_in(public) == index.pk
    assert listed_in(draft) is None
    assert listed_in(notice) == sections["NoticeIndexPage"].pk
    assert list(DirectivePage.objects.listed_in(index)) == [public]


def test_unpublish_and_publish_again(sections):
    index = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=index, number="3/CT-UBND")

    page.unpublish()
    assert listed_in(page) is None
    page.save_revision().publish()
    assert listed_in(page) == index.pk


def test_restriction_on_an_ancestor_added_and_removed(sections, client):
    index = sections["NoticeIndexPage"]
    notice = NoticePageFactory(parent=index, title="Thông báo lịch tiêm chủng")
    assert "Thông báo lịch tiêm chủng" in client.get("/thong-bao/").text

    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="mk"
    )
    assert listed_in(notice) is None
    assert not NoticePage.objects.listed(index).exists()

    restriction.delete()
    assert listed_in(notice) == index.pk
    assert "Thông báo lịch tiêm chủng" in client.get("/thong-bao/").text


def test_restriction_on_the_page_itself(sections, client):
    index = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(
        parent=index, number="4/CT-UBND", title="Chỉ thị về kho lưu trữ"
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert listed_in(page) is None
    assert "Chỉ thị về kho lưu trữ" not in client.get("/van-ban/").text
    assert "Chỉ thị về kho lưu trữ" not in client.get("/").text


def test_a_save_under_a_restricted_section_stays_unlisted(private_section):
    page = DirectivePageFactory(parent=private_section, number="5/CT-UBND")
    assert listed_in(page) is None
    page.title = "Trích yếu đã sửa"
    page.save_revision().publish()
    assert listed_in(page) is None


def test_moving_into_and_out_of_a_private_section(sections, private_section, client):
    index = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(
        parent=index, number="6/CT-UBND", title="Chỉ thị về phòng cháy"
    )

    page.move(private_section, pos="last-child")
    assert listed_in(page) is None
    assert "Chỉ thị về phòng cháy" not in client.get("/van-ban/").text

    index.refresh_from_db()  # treebeard reads the target's numchild
    DirectivePage.objects.get(pk=page.pk).move(index, pos="last-child")
    assert listed_in(page) == index.pk
    assert "Chỉ thị về phòng cháy" in client.get("/van-ban/").text


def test_moving_a_section_moves_its_pages_lists(sections, private_section):
    """A whole section moved under a restricted page: every page in it
    leaves the lists; moved out again, each is listed in its own section."""
    home = sections["home"]
    section = home.add_child(
        instance=DirectiveIndexPage(title="Văn bản năm cũ", slug="nam-cu")
    )
    page = DirectivePageFactory(parent=section, number="7/CT-UBND")
    assert listed_in(page) == section.pk

    private_section.refresh_from_db()
    section.move(private_section, pos="last-child")
    assert listed_in(page) is None
    home.refresh_from_db()
    DirectiveIndexPage.objects.get(pk=section.pk).move(home, pos="last-child")
    assert listed_in(page) == section.pk


def test_a_copy_follows_restrictions_on_its_original(sections, private_section):
    """A copy (alias) of a page listed elsewhere is hidden by a restriction on
    the original's section, and listed again when it goes."""
    original = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], number="8/CT-UBND"
    )
    open_section = sections["home"].add_child(
        instance=DirectiveIndexPage(title="Văn bản dùng chung", slug="dung-chung")
    )
    copy = original.create_alias(parent=open_section, update_slug="ban-sao-8")
    assert listed_in(copy) == open_section.pk

    restriction = PageViewRestriction.objects.create(
        page=sections["DirectiveIndexPage"],
        restriction_type=PageViewRestriction.LOGIN,
    )
    assert listed_in(copy) is None
    assert listed_in(original) is None
    restriction.delete()
    assert listed_in(copy) == open_section.pk


def test_refresh_repairs_a_stale_column(sections):
    """`refresh_listing` recomputes from the tree, whatever the column says."""
    index = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=index, number="9/CT-UBND")
    DirectivePage.objects.filter(pk=page.pk).update(listed_in=None)

    assert refresh_listing(index.path) == 1
    assert listed_in(page) == index.pk
    assert refresh_listing(index.path) == 0


def test_an_expired_page_leaves_the_list_at_once(sections):
    """Expiry is a matter of time, not of the column: asked at query time."""
    index = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=index, number="10/CT-UBND")
    DirectivePage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert listed_in(page) == index.pk
    assert not DirectivePage.objects.listed_in(index).filter(pk=page.pk).exists()


def nav(client) -> str:
    html = client.get("/").text
    return html.split('aria-label="Chuyên mục chính"')[1].split("</nav>")[0]


def test_the_cached_menu_drops_a_section_restricted_or_moved_at_once(sections, client):
    """The menu is cached per content version: a restriction or a move, which
    publish nothing, still move the version on."""
    index = sections["NoticeIndexPage"]
    assert 'href="/thong-bao/"' in nav(client)
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    assert 'href="/thong-bao/"' not in nav(client)
    restriction.delete()
    assert 'href="/thong-bao/"' in nav(client)
    directives = sections["DirectiveIndexPage"]
    directives.refresh_from_db()
    index.refresh_from_db()
    index.move(directives, pos="last-child")
    assert 'href="/thong-bao/"' not in nav(client)


def listed_count(client, **query) -> int:
    html = client.get("/van-ban/", query).text
    return int(re.search(r'<p class="meta">(\d+) văn bản</p>', html)[1])


def test_the_count_of_a_list_follows_a_publish_and_an_expiry_at_once(
    sections, client, monkeypatch
):
    """The count is kept per content version and until the next live page
    expires (cms.visibility.listed_count): a publish, an unpublish and an
    expiry each show on the next request, filtered or not."""
    index = sections["DirectiveIndexPage"]
    DirectivePageFactory(parent=index, number="1/CT-UBND")
    assert listed_count(client) == 1
    assert listed_count(client, status="in_force") == 1
    page = DirectivePageFactory(parent=index, number="2/CT-UBND")
    assert listed_count(client) == 2
    assert listed_count(client, status="in_force") == 2
    page.unpublish()
    assert listed_count(client) == 1
    page.save_revision().publish()
    assert listed_count(client, status="in_force") == 2
    now = timezone.now()
    page.refresh_from_db()
    page.expire_at = now + datetime.timedelta(hours=1)
    page.save_revision().publish()
    assert listed_count(client) == 2
    assert listed_count(client, status="in_force") == 2
    later = now + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert listed_count(client) == 1
    assert listed_count(client, status="in_force") == 1
    assert "2/CT-UBND" not in client.get("/van-ban/").text
