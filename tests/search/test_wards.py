"""One index for every ward: each ward searches its own pages and its copies
of the shared directives, never another ward's (the `wards` fixture:
tests/search/wards.py); moves and new Sites re-index what they change."""

import json

import pytest
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from cms.models import HomePage
from directives.models import NoticeIndexPage
from search import health, indexing
from search.builder import place
from search.engines import get_engine
from search.plan import Params
from search.query import search
from tests.factories import NoticePageFactory
from tests.search.wards import HOST_B, HOST_C

pytestmark = pytest.mark.django_db


def api(client, host, q, path="/api/search/", **extra):
    response = client.get(path, {"q": q, **extra}, HTTP_HOST=host)
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


def test_a_page_belongs_to_the_site_with_the_longest_root():
    class Root:
        def __init__(self, site_id, root_path):
            self.site_id, self.root_path = site_id, root_path

    roots = [Root(1, "/a/"), Root(2, "/a/b/"), Root(3, "/ab/")]
    assert place("/a/b/van-ban/x/", roots) == (2, "/van-ban/x/")
    assert place("/a/van-ban/x/", roots) == (1, "/van-ban/x/")
    assert place("/ab/", roots) == (3, "/")
    assert place("/thu-vien/x/", roots) == (0, "")


def test_index_documents_carry_their_site(wards):
    engine = get_engine()
    sites = engine.doc_sites()
    assert sites[wards["notice_a"].pk] == wards["a"]["site"].pk
    assert sites[wards["alias"].pk] == wards["b"]["site"].pk
    assert sites[wards["shared"].pk] == 0  # the library: no site
    found = search(Params(q="chay no", site=wards["b"]["site"].pk)).hits
    assert [(h["id"], h["url"], h["site"]) for h in found] == [
        (wards["alias"].pk, "/van-ban/chi-thi-12/", wards["b"]["site"].pk)
    ]


def test_a_notice_of_one_ward_is_never_found_from_another(client, wards):
    title = "Thông báo cắt nước khu dân cư Hải Châu"
    from_a = api(client, "localhost", "cat nuoc")
    assert [(r["title"], r["url"]) for r in from_a["results"]] == [
        (title, "/thong-bao/cat-nuoc/")
    ]
    assert from_a["facets"]["kind"] == {"notice": 1}
    for host in (HOST_B, HOST_C):
        data = api(client, host, "cat nuoc")
        assert (data["count"], data["match"], data["results"]) == (0, "none", [])
        assert data["facets"]["kind"] == {}
        # Browsing without a query: the ward's own pages only.
        browsed = api(client, host, "", kind="notice")
        assert browsed["count"] == 0
        suggestions = api(client, host, "thong bao cat", path="/api/search/suggest/")
        assert suggestions["suggestions"] == []
        page = client.get("/tim-kiem/", {"q": "cắt nước"}, HTTP_HOST=host)
        assert page.status_code == 200
        assert title not in page.content.decode("utf-8")
    suggested = api(client, "localhost", "thong bao cat", path="/api/search/suggest/")
    assert [s["title"] for s in suggested["suggestions"]] == [title]
    page = client.get("/tim-kiem/", {"q": "cắt nước"}, HTTP_HOST="localhost")
    assert title in page.content.decode("utf-8")


def test_a_site_parameter_typed_by_a_resident_changes_nothing(client, wards):
    site_a = str(wards["a"]["site"].pk)
    data = api(client, HOST_B, "cat nuoc", site=site_a)
    assert data["count"] == 0


def test_a_shared_directive_is_found_on_the_ward_that_shows_it(client, wards):
    data = api(client, HOST_B, "chi thi 12")
    assert [(r["title"], r["url"], r["number"]) for r in data["results"]] == [
        ("Về tăng cường phòng chống cháy nổ", "/van-ban/chi-thi-12/", "12-CT/UBND")
    ]
    assert data["facets"]["kind"] == {"directive": 1}
    suggested = api(client, HOST_B, "ve tang cuong", path="/api/search/suggest/")
    assert [s["url"] for s in suggested["suggestions"]] == ["/van-ban/chi-thi-12/"]
    # Ward C has no copy, and the library original is no ward's page.
    assert api(client, HOST_C, "chi thi 12")["count"] == 0
    assert api(client, "localhost", "chi thi 12")["count"] == 0


def test_city_wide_search_finds_each_page_once_with_its_ward(wards):
    hits = search(Params(q="chay no")).hits
    assert [(h["id"], h["site"], h["url"]) for h in hits] == [
        (wards["shared"].pk, 0, "")
    ]
    hits = search(Params(q="cat nuoc")).hits
    assert [h["site"] for h in hits] == [wards["a"]["site"].pk]


def test_a_ward_pins_only_its_own_pages(client, wards):
    query = Query.get("cắt nước")
    SearchPromotion.objects.create(query=query, page=wards["notice_a"], sort_order=0)
    pinned = [
        r for r in api(client, "localhost", "cắt nước")["results"] if r.get("promoted")
    ]
    assert [r["url"] for r in pinned] == ["/thong-bao/cat-nuoc/"]
    assert api(client, HOST_B, "cắt nước")["results"] == []


def test_a_page_moved_to_another_ward_is_found_there(client, wards):
    notice = wards["notice_a"]
    notice.move(wards["b"]["NoticeIndexPage"], pos="last-child")
    assert api(client, "localhost", "cat nuoc")["count"] == 0
    data = api(client, HOST_B, "cat nuoc")
    assert [r["url"] for r in data["results"]] == ["/thong-bao/cat-nuoc/"]
    assert get_engine().doc_sites()[notice.pk] == wards["b"]["site"].pk
    assert health.check()["ok"] is True


def test_a_new_ward_site_takes_its_pages_out_of_the_library(client, wards):
    """Pages made under a home page before its Site record exists are no
    ward's; the new Site makes them the ward's (signals reindex its tree)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Phường Mới", slug="phuong-moi"))
    notices = home.add_child(
        instance=NoticeIndexPage(title="Thông báo", slug="thong-bao")
    )
    notice = NoticePageFactory(parent=notices, title="Thông báo tiêm chủng mở rộng")
    assert get_engine().doc_sites()[notice.pk] == 0
    Site.objects.create(hostname="phuong-moi.example", port=80, root_page=home)
    data = api(client, "phuong-moi.example", "tiem chung")
    assert [r["title"] for r in data["results"]] == ["Thông báo tiêm chủng mở rộng"]


def test_health_finds_a_page_indexed_under_the_wrong_ward(wards):
    engine = get_engine()
    notice = wards["notice_a"]
    (document,) = indexing.documents([notice.pk])
    document.site = wards["c"]["site"].pk
    engine.update([document])
    report = health.check()
    assert (report["ok"], report["stale"], report["stale_sample"]) == (
        False,
        1,
        [notice.pk],
    )
    assert health.check(repair=True)["ok"] is True
    assert engine.doc_sites()[notice.pk] == wards["a"]["site"].pk


def test_a_copy_made_a_page_of_its_ward_is_no_alias_now(wards):
    """Wagtail's "convert alias" sends no publish signal: the copy becomes
    the ward's own page and the city-wide search finds it beside the
    original."""
    ConvertAliasPageAction(wards["alias"]).execute(skip_permission_checks=True)
    hits = search(Params(q="chay no")).hits
    assert sorted((h["id"], h["site"]) for h in hits) == [
        (wards["shared"].pk, 0),
        (wards["alias"].pk, wards["b"]["site"].pk),
    ]


def test_deleting_the_original_takes_its_copies_off_every_ward(client, wards):
    """Wagtail unpublishes the copies of a deleted page: no ward finds them."""
    wards["shared"].delete()
    assert api(client, HOST_B, "chi thi 12")["count"] == 0
    assert search(Params(q="chay no")).hits == []
