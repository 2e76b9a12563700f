"""The search page, the JSON API and suggestions, through HTTP."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directives.blocks import paragraphs_to_stream
from tests.factories import DirectivePageFactory, IssuingBodyFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(sections):
    DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        number="29-CT/TU",
        issuer=IssuingBodyFactory(name="Ban Thường vụ Thành ủy Đà Nẵng"),
        signed_on=datetime.date(2013, 12, 10),
        title="Về 5 xây, 3 chống",
        summary="Cán bộ đăng ký thực hiện 5 xây, 3 chống.",
    )
    NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo lịch tiếp công dân",
        body=paragraphs_to_stream("Lãnh đạo phường tiếp công dân thứ Năm."),
    )


def test_api_json(client, site):
    response = client.get("/api/search/", {"q": "chi thi 29"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content.decode("utf-8"))
    assert "Thường vụ" in response.content.decode("utf-8")  # UTF-8, not \u escapes
    assert (data["query"], data["count"], data["page"]) == ("chi thi 29", 1, 1)
    assert data["results"][0]["number"] == "29-CT/TU"
    assert (
        data["results"][0]["url"]
        == "/van-ban/" + data["results"][0]["url"].split("/")[2] + "/"
    )
    assert data["facets"] == {
        "kind": {"directive": 1},
        "doc_type": {"Chỉ thị": 1},
        "issuer": {"Ban Thường vụ Thành ủy Đà Nẵng": 1},
        "year": {"2013": 1},
        "status": {"in_force": 1},
    }


def test_api_rejects_post(client, site):
    assert client.post("/api/search/", {"q": "x"}).status_code == 405


def test_suggest(client, site):
    response = client.get("/api/search/suggest/", {"q": "thong bao lich ti"})
    assert response.status_code == 200
    data = response.json()
    assert data["suggestions"] == [
        {
            "title": "Thông báo lịch tiếp công dân",
            "url": data["suggestions"][0]["url"],
            "kind": "notice",
        }
    ]
    assert (
        client.get("/api/search/suggest/", {"q": "29-c"}).json()["suggestions"][0][
            "number"
        ]
        == "29-CT/TU"
    )
    assert client.get("/api/search/suggest/", {"q": '"'}).json()["suggestions"] == []


def test_page_shows_marked_results(client, site):
    html = client.get("/tim-kiem/", {"q": "tiep cong dan"}).content.decode()
    assert "<mark>tiếp công dân</mark>" in html
    assert "1 kết quả cho “tiep cong dan”" in html


def test_no_results_page_suggests_the_folded_spelling_and_removing_filters(
    client, site
):
    html = client.get("/tim-kiem/", {"q": "Đồng Nai", "kind": "article"}).content
    html = html.decode()
    assert "Không tìm thấy kết quả nào cho “Đồng Nai”" in html
    assert '<a href="?q=dong%20nai">dong nai</a>' in html
    assert '<a href="?q=%C4%90%E1%BB%93ng%20Nai">Bỏ các bộ lọc</a>' in html


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="\"'()[]{}*-+:^~!?\\/|&<>AND OR NEAR NOT", max_size=60),
    st.sampled_from(
        ["'; DROP TABLE x; --", "chi\u0309 thi\u0323", "\x00", "🔥" * 50, "a" * 10_000]
    ),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=HOSTILE, page=st.one_of(st.none(), st.text(max_size=5)), year=st.text(max_size=6)
)
def test_any_query_is_a_valid_query(client, site, q, page, year):
    params = {"q": q, "year": year}
    if page is not None:
        params["page"] = page
    for url in ("/api/search/", "/api/search/suggest/"):
        response = client.get(url, params)
        assert response.status_code == 200
        assert isinstance(json.loads(response.content), dict)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/search/?q=chi", "/tim-kiem/?q=chi", "/api/search/suggest/?q=chi"]
)
def test_index_awaiting_rebuild_is_a_503_not_a_500(client, monkeypatch, url):
    from search import views
    from search.engines.base import SchemaMismatch

    def refuse(*args, **kwargs):
        raise SchemaMismatch("run python manage.py rebuild_search_index")

    monkeypatch.setattr(views, "search", refuse)
    monkeypatch.setattr(views, "suggest", refuse)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Tìm kiếm tạm thời chưa sẵn sàng" in response.content.decode()


@pytest.fixture
def ward(site):
    from wagtail.models import Site

    from cms.models import WardSettings

    settings = WardSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "0236 3822 115"
    settings.email = "ubnd@example.vn"
    settings.one_stop_address = "Tầng 1, 270 Trần Phú"
    settings.one_stop_hours = "Sáng 7h30–11h30"
    settings.save()
    return settings


def test_partial_results_say_so_and_offer_the_ward(client, ward):
    html = client.get("/tim-kiem/", {"q": "tiếp công dân xe máy"}).content.decode()
    assert "1 kết quả gần đúng cho “tiếp công dân xe máy”" in html
    assert (
        "Không có văn bản nào chứa đủ các từ “tiếp”, “công dân”, “xe máy”. "
        "Kết quả gần đúng:"
    ) in html
    assert '<a href="tel:02363822115">0236 3822 115</a>' in html
    assert "Tầng 1, 270 Trần Phú; Sáng 7h30–11h30" in html
    # A question goes through the feedback form, the query already in it.
    assert (
        'href="/gop-y/?loai=hoi-dap&amp;noi-dung='
        "ti%E1%BA%BFp%20c%C3%B4ng%20d%C3%A2n%20xe%20m%C3%A1y"
    ) in html
    assert "mailto:ubnd@example.vn?subject=" not in html
    data = client.get("/api/search/", {"q": "tiếp công dân xe máy"}).json()
    assert data["match"] == "partial"


def test_no_results_offer_the_hotline_and_the_one_stop_office(client, ward):
    html = client.get("/tim-kiem/", {"q": "qwzx"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “qwzx”" in html
    assert "Gọi đường dây nóng của phường" in html
    assert "Bộ phận tiếp nhận và trả kết quả (một cửa): Tầng 1, 270 Trần Phú" in html
    assert "Không có văn bản nào chứa đủ" not in html
    assert client.get("/api/search/", {"q": "qwzx"}).json()["match"] == "none"


def test_full_matches_show_no_dead_end(client, ward):
    html = client.get("/tim-kiem/", {"q": "tiep cong dan"}).content.decode()
    assert "Không có văn bản nào chứa đủ" not in html
    assert "Gọi đường dây nóng của phường" not in html
    assert client.get("/api/search/", {"q": "tiep cong dan"}).json()["match"] == "all"


def test_a_pinned_answer_is_shown_first_and_labelled(client, site):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Page

    page = Page.objects.get(title="Thông báo lịch tiếp công dân")
    SearchPromotion.objects.create(
        query=Query.get("gặp lãnh đạo"), page=page, sort_order=0
    )
    html = client.get("/tim-kiem/", {"q": "muốn gặp lãnh đạo phường"}).content.decode()
    first = html.index('<li class="card promoted">')
    assert html.index("Phường giới thiệu", first) < html.index(
        "Thông báo lịch tiếp công dân", first
    )


def test_suggest_reads_ki_as_ky_but_a_last_ti_as_the_start_of_a_word(client, site):
    """ "ti" completes to "tiếp"; a whole "kí" is the "ký" of the titles."""
    data = client.get("/api/search/suggest/", {"q": "lich ti"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Thông báo lịch tiếp công dân"]


def test_kinds_are_named_by_their_page_types():
    from search.views import kind_labels

    assert kind_labels() == {
        "directive": "Văn bản chỉ đạo",
        "procedure": "Thủ tục hành chính",
        "notice": "Thông báo",
        "article": "Tin tức",
        "answer": "Hỏi đáp",
        "campaign": "Tuyên truyền",
        "page": "Thông tin phường",
    }
