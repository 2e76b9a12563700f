"""The page cache (cms/page_cache.py): a resident's second visit is served
whole from the cache, and every change to what residents see (publish,
unpublish, move, deletion, a view restriction on the page or above it, the
ward's settings) shows at the next request; private pages, drafts and
signed-in editors' views never go into it; two wards never share an entry."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms import page_cache
from cms.models import WardSettings
from cms.wards import create_ward
from directives.caching import bump_content_version, content_version
from directives.models import NoticeIndexPage, NoticePage
from tests.factories import NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"
WARD_TWO = "phuong-hai.example.vn"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def notice(demo):
    section = NoticeIndexPage.objects.get(url_path__endswith="/thong-bao/")
    return NoticePageFactory(parent=section, title="Thông báo lịch cắt nước tổ 5")


def html(response) -> str:
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client, notice, django_assert_num_queries
):
    first = client.get("/thong-bao/")
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    assert notice.title in html(first)
    with django_assert_num_queries(0):
        second = client.get("/thong-bao/")
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    # The browser that has it gets a 304, from the cache too.
    again = client.get("/thong-bao/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_query_string_is_part_of_the_key(client, demo):
    assert client.get("/van-ban/")[HEADER] == "miss"
    assert client.get("/van-ban/?page=2")[HEADER] == "miss"
    assert client.get("/van-ban/?page=2")[HEADER] == "hit"


def test_publishing_a_change_shows_at_the_next_request(client, notice):
    assert client.get("/thong-bao/")[HEADER] == "miss"
    notice.title = "Thông báo lịch cắt nước tổ 7"
    notice.save_revision().publish()
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss"
    assert "Thông báo lịch cắt nước tổ 7" in html(response)
    assert "Thông báo lịch cắt nước tổ 5" not in html(response)


def test_a_saved_draft_does_not_show(client, notice):
    client.get("/thong-bao/")
    notice.title = "Bản nháp chưa duyệt"
    notice.save_revision()
    response = client.get("/thong-bao/")
    assert "Bản nháp chưa duyệt" not in html(response)
    assert notice.url and client.get(notice.url).status_code == 200
    assert "Bản nháp chưa duyệt" not in html(client.get(notice.url))


def test_saving_a_draft_or_locking_a_page_keeps_the_cache(client, notice, demo):
    """A draft's bookkeeping and a lock change nothing residents see: an
    editor saving drafts all day does not empty the cache at each save."""
    editor = UserFactory(is_superuser=True)
    assert client.get("/thong-bao/")[HEADER] == "miss"
    before = content_version()
    notice.title = "Bản nháp đang sửa"
    notice.save_revision(user=editor)
    notice.locked = True
    notice.save(update_fields=["locked", "locked_by", "locked_at"])
    assert content_version() == before
    response = client.get("/thong-bao/")
    assert response[HEADER] == "hit" and "Bản nháp đang sửa" not in html(response)
    # Any other column, and the publish, move it on.
    notice.save(update_fields=["locked", "search_description"])
    assert content_version() > before
    after = content_version()
    notice.get_latest_revision().publish()
    assert content_version() > after
    assert "Bản nháp đang sửa" in html(client.get("/thong-bao/"))


def test_unpublishing_and_deleting_take_the_page_off_the_list(client, notice, demo):
    other = NoticePageFactory(parent=notice.get_parent(), title="Thông báo tiêm chủng")
    client.get("/thong-bao/")
    assert client.get("/thong-bao/")[HEADER] == "hit"
    notice.unpublish()
    assert notice.title not in html(client.get("/thong-bao/"))
    assert client.get(notice.url).status_code == 404

    assert other.title in html(client.get("/thong-bao/"))
    other.delete()
    assert other.title not in html(client.get("/thong-bao/"))


def test_a_move_to_another_ward_shows_on_both_wards(client, notice):
    create_ward(WARD_TWO, "Phường Hải Thử")
    two = Site.objects.get(hostname=WARD_TWO)
    assert notice.title in html(client.get("/thong-bao/"))
    assert notice.title not in html(client.get("/thong-bao/", HTTP_HOST=WARD_TWO))
    assert client.get("/thong-bao/")[HEADER] == "hit"
    assert client.get("/thong-bao/", HTTP_HOST=WARD_TWO)[HEADER] == "hit"

    target = NoticeIndexPage.objects.descendant_of(two.root_page).get()
    Page.objects.get(pk=notice.pk).move(target, pos="last-child")
    assert notice.title not in html(client.get("/thong-bao/"))
    assert notice.title in html(client.get("/thong-bao/", HTTP_HOST=WARD_TWO))


def test_two_wards_never_share_an_entry(client, demo):
    create_ward(WARD_TWO, "Phường Hải Thử")
    one = client.get("/van-ban/")
    two = client.get("/van-ban/", HTTP_HOST=WARD_TWO)
    assert (one[HEADER], two[HEADER]) == ("miss", "miss")
    assert "Phường Hải Thử" in html(two) and "Phường Hải Thử" not in html(one)
    assert client.get("/van-ban/", HTTP_HOST=WARD_TWO).content == two.content
    assert client.get("/van-ban/").content == one.content


def test_the_ward_settings_show_at_the_next_request(client, demo):
    client.get("/van-ban/")
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    ward.ward_name = "Phường Đổi Tên Thử"
    ward.save()
    response = client.get("/van-ban/")
    assert response[HEADER] == "miss"
    assert "Phường Đổi Tên Thử" in html(response)


def test_a_restriction_on_a_listed_page_hides_it_at_once(client, notice):
    assert notice.title in html(client.get("/thong-bao/"))
    assert client.get("/thong-bao/")[HEADER] == "hit"
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss" and notice.title not in html(response)
    response = client.get(notice.url)
    assert "Cần mật khẩu" in html(response)
    assert notice.title not in html(response)


@pytest.mark.parametrize("on", ["the page", "a section above it"])
def test_a_restriction_on_a_kept_page_or_above_it_hides_it(client, notice, on):
    assert client.get("/thong-bao/")[HEADER] == "miss"
    assert client.get("/thong-bao/")[HEADER] == "hit"
    section = notice.get_parent()
    restricted = section if on == "the page" else section.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    for _ in range(2):
        response = client.get("/thong-bao/")
        assert response.status_code == 302 and HEADER not in response
    # Lifted: public again, at once.
    restriction.delete()
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss" and notice.title in html(response)


def test_a_private_page_is_never_kept_nor_served_from_the_cache(client, notice):
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    for _ in range(2):
        response = client.get(notice.url)
        assert "Cần mật khẩu" in html(response) and HEADER not in response
    # The resident who typed the password has a session: never the cache.
    form = html(client.get(notice.url))
    action = form.split('class="password-form" action="')[1].split('"')[0]
    client.post(action, {"password": "bimat", "return_url": notice.url})
    opened = client.get(notice.url)
    assert notice.title in html(opened) and HEADER not in opened
    # And what they saw is not kept for the next resident.
    stranger = client.__class__()
    assert notice.title not in html(stranger.get(notice.url))


@pytest.mark.parametrize("on", ["the page", "a section above it"])
def test_a_private_page_that_accepts_anyone_is_not_kept(
    client, notice, monkeypatch, on
):
    """Wagtail's `private, no-store` on a restricted page keeps it out, not
    only the form or the redirect a restriction answers with."""
    section = notice.get_parent()
    PageViewRestriction.objects.create(
        page=section if on == "the page" else section.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="bimat",
    )
    monkeypatch.setattr(PageViewRestriction, "accept_request", lambda self, r: True)
    for _ in range(2):
        response = client.get("/thong-bao/")
        assert response.status_code == 200 and HEADER not in response


def test_a_draft_is_never_served(client, demo):
    section = NoticeIndexPage.objects.get(url_path__endswith="/thong-bao/")
    draft = NoticePageFactory(parent=section, title="Nháp chưa đăng", live=False)
    client.get("/thong-bao/")
    for _ in range(2):
        assert client.get(f"{section.url}{draft.slug}/").status_code == 404
        assert "Nháp chưa đăng" not in html(client.get("/thong-bao/"))


def test_an_editor_never_fills_nor_reads_the_cache(client, notice):
    editor = UserFactory(is_superuser=True)
    client.force_login(editor)
    response = client.get("/thong-bao/")
    assert response.status_code == 200 and HEADER not in response
    assert client.get("/thong-bao/").get(HEADER) is None
    resident = client.__class__()
    assert resident.get("/thong-bao/")[HEADER] == "miss"
    # Filled by a resident, still never served to the editor.
    assert resident.get("/thong-bao/")[HEADER] == "hit"
    assert HEADER not in client.get("/thong-bao/")


def test_a_resident_with_a_csrf_cookie_is_served_what_is_kept(client, notice):
    """Every resident who opened a directive or a notice has the cookie (the
    feedback box set it): they are served from the cache too, and what their
    own requests render (which may hold their token) is never kept."""
    client.get(notice.url)  # the feedback box sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    for _ in range(2):
        response = client.get("/van-ban/")
        assert response.status_code == 200 and HEADER not in response
    stranger = client.__class__()
    assert stranger.get("/van-ban/")[HEADER] == "miss"
    served = client.get("/van-ban/")
    assert served[HEADER] == "hit" and "csrftoken" not in served.cookies
    assert client.cookies["csrftoken"].value == token
    # Their form still posts with their own token.
    form = html(client.get(notice.url))
    assert 'name="csrfmiddlewaretoken"' in form
    assert client.get(notice.url).get(HEADER) is None


def test_a_page_with_a_form_is_never_kept_with_a_residents_token(client, notice):
    client.get(notice.url)
    assert "csrftoken" in client.cookies
    for _ in range(2):
        response = client.get("/gop-y/")
        assert response.status_code == 200 and HEADER not in response
    stranger = client.__class__()
    response = stranger.get("/gop-y/")
    assert HEADER not in response and "csrftoken" in response.cookies


def test_pages_with_a_form_are_not_kept(client, demo):
    for _ in range(2):
        response = client.get("/gop-y/")
        assert response.status_code == 200 and HEADER not in response


def test_an_expiring_page_bounds_how_long_pages_are_kept(notice):
    assert page_cache.seconds_to_keep(content_version()) == 300
    notice.expire_at = timezone.now() + datetime.timedelta(seconds=90)
    notice.save_revision().publish()
    assert 80 <= page_cache.seconds_to_keep(content_version()) <= 90


def test_the_date_is_part_of_the_key(client, demo, monkeypatch):
    """Lists say "hôm nay": a page kept yesterday is made again today."""
    assert client.get("/van-ban/")[HEADER] == "miss"
    assert client.get("/van-ban/")[HEADER] == "hit"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda *a, **k: tomorrow)
    assert client.get("/van-ban/")[HEADER] == "miss"
    assert client.get("/van-ban/")[HEADER] == "hit"


def test_the_headers_pages_vary_on_are_part_of_the_key(client, demo):
    response = client.get("/van-ban/")
    assert {"accept-language", "cookie"} == {
        name.strip().lower() for name in response["Vary"].split(",")
    }
    assert client.get("/van-ban/")[HEADER] == "hit"
    # Of Accept-Language, the language served (Vietnamese, the only one):
    # every browser's list of preferences shares the entry.
    for header in ("en-US,en;q=0.9", "vi-VN,vi;q=0.9,en;q=0.8", "fr"):
        assert client.get("/van-ban/", HTTP_ACCEPT_LANGUAGE=header)[HEADER] == "hit"
    assert client.get("/van-ban/", HTTP_COOKIE="theme=dark")[HEADER] == "miss"
    assert client.get("/van-ban/", HTTP_COOKIE="theme=dark")[HEADER] == "hit"
    assert client.get("/van-ban/")[HEADER] == "hit"


def test_a_page_varying_on_another_header_is_not_kept(client, demo, monkeypatch):
    """The key holds the values of Accept-Language and Cookie only: a page
    that varies on anything else would be served to the wrong request."""
    from django.utils.cache import patch_vary_headers

    from cms.models import HomePage

    serve = HomePage.serve

    def serve_varying(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        patch_vary_headers(response, ["User-Agent"])
        return response

    monkeypatch.setattr(HomePage, "serve", serve_varying)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and HEADER not in response


def test_a_language_served_is_part_of_the_key(client, demo, settings):
    settings.LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
    assert client.get("/van-ban/")[HEADER] == "miss"
    english = client.get("/van-ban/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[HEADER] == "miss" and english["Content-Language"] == "en"
    assert client.get("/van-ban/", HTTP_ACCEPT_LANGUAGE="en-GB")[HEADER] == "hit"
    assert client.get("/van-ban/")["Content-Language"] == "vi"


def test_head_is_answered_from_the_get_entry_and_never_fills_it(client, demo):
    response = client.head("/van-ban/")
    assert response.status_code == 200 and HEADER not in response
    assert client.get("/van-ban/")[HEADER] == "miss"
    response = client.head("/van-ban/")
    assert response[HEADER] == "hit" and response.content == b""


def test_a_page_made_while_a_publish_committed_does_not_replace_it(
    client, notice, monkeypatch
):
    """Every version shares the key: a page that took long to render, while
    a change committed, is not kept over the newer version's page."""
    assert client.get("/thong-bao/")[HEADER] == "miss"
    serve = page_cache.PageCacheMiddleware.serve

    def publish_while_rendering(self, request, key, version):
        bump_content_version()
        return serve(self, request, key, version)

    bump_content_version()
    monkeypatch.setattr(
        page_cache.PageCacheMiddleware, "serve", publish_while_rendering
    )
    response = client.get("/thong-bao/")
    assert response.status_code == 200 and HEADER not in response
    monkeypatch.undo()
    assert client.get("/thong-bao/")[HEADER] == "miss"
    assert client.get("/thong-bao/")[HEADER] == "hit"


def test_a_page_kept_under_an_older_version_is_not_served(client, notice):
    """What a request rendered while a publish committed is filed under the
    version it read first, and never served after."""
    assert client.get("/thong-bao/")[HEADER] == "miss"
    bump_content_version()
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss"
    assert client.get("/thong-bao/")[HEADER] == "hit"


@pytest.mark.parametrize("one_store", [True, False])
def test_a_hit_reads_the_cache_once_or_twice(client, demo, settings, one_store):
    """One store for the version and the pages (Redis): one read a hit;
    two stores (files in two directories): two."""
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "one"},
        "pages": {"BACKEND": locmem, "LOCATION": "one" if one_store else "two"},
    }
    assert client.get("/thong-bao/")[HEADER] == "miss"
    reads, depth = [], []
    for alias in ("default", "pages"):
        store = caches[alias]
        for name in ("get", "get_many"):
            original = getattr(store, name)

            def counted(*args, _original=original, _name=name, **kwargs):
                if not depth:  # not the gets LocMemCache.get_many makes
                    reads.append(_name)
                depth.append(_name)
                try:
                    return _original(*args, **kwargs)
                finally:
                    depth.pop()

            setattr(store, name, counted)
    assert client.get("/thong-bao/")[HEADER] == "hit"
    assert reads == (["get_many"] if one_store else ["get", "get"])


def test_serving_pages_does_not_move_the_version(client, notice):
    client.get("/")
    client.get("/thong-bao/")
    before = content_version()
    for url in ("/", "/van-ban/", "/thong-bao/", notice.url, "/tim-kiem/?q=nuoc"):
        client.get(url)
    assert content_version() == before
    assert NoticePage.objects.filter(pk=notice.pk).exists()


def test_publish_scheduled_expiring_a_notice_takes_it_off_the_list(client, notice):
    assert notice.title in html(client.get("/thong-bao/"))
    # Past its expiry time, written without signals, as time passing would.
    past = timezone.now() - datetime.timedelta(minutes=1)
    NoticePage.objects.filter(pk=notice.pk).update(expire_at=past)
    assert client.get("/thong-bao/")[HEADER] == "hit"
    call_command("publish_scheduled")
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss" and notice.title not in html(response)


def test_a_test_cases_transaction_moves_the_version_on_at_once(notice):
    """A test case's transaction never commits: there, every change moves
    the version on at once (tests/cms/test_transactions.py: in real
    transactions, once at the commit)."""
    before = content_version()
    notice.save_revision().publish()
    assert content_version() > before
