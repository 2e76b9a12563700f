"""The embedded backend through `search(params)`: ranking, filters, facets."""

import datetime

import pytest
from wagtail.models import Site

from directives.blocks import paragraphs_to_stream
from search.plan import Params, QueryPlan
from search.query import search
from tests.factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)

pytestmark = pytest.mark.django_db


def names(q, **filters):
    return [h.get("number") or h["title"] for h in search(Params(q=q, **filters)).hits]


@pytest.fixture
def docs(sections):
    tu = IssuingBodyFactory(name="Ban Thường vụ Thành ủy Đà Nẵng", short_name="BTV")
    ubnd = IssuingBodyFactory(name="Ủy ban nhân dân thành phố Đà Nẵng")
    ttg = IssuingBodyFactory(name="Thủ tướng Chính phủ", level="central")
    cp = IssuingBodyFactory(name="Chính phủ", level="central")
    parent = sections["DirectiveIndexPage"]
    d = {}
    d["29tu"] = DirectivePageFactory(
        parent=parent,
        number="29-CT/TU",
        issuer=tu,
        signed_on=datetime.date(2013, 12, 10),
        title="Về tăng cường trách nhiệm, chống quan liêu (5 xây, 3 chống)",
        summary="Cán bộ đăng ký thực hiện 5 xây, 3 chống.",
    )
    d["29ubnd"] = DirectivePageFactory(
        parent=parent,
        number="29/CT-UBND",
        issuer=ubnd,
        signed_on=datetime.date(2019, 8, 20),
        title="Về phòng, chống cháy nổ tại khu dân cư",
        summary="Kiểm tra an toàn phòng cháy tại nhà ở.",
    )
    d["16ttg"] = DirectivePageFactory(
        parent=parent,
        number="16/CT-TTg",
        issuer=ttg,
        signed_on=datetime.date(2020, 3, 31),
        status="expired",
        title="Về thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19",
        summary="Cách ly toàn xã hội trong 15 ngày.",
    )
    d["90cp"] = DirectivePageFactory(
        parent=parent,
        doc_type="Nghị định",
        number="90/2013/NĐ-CP",
        issuer=cp,
        signed_on=datetime.date(2013, 8, 8),
        title="Quy định trách nhiệm giải trình của cơ quan nhà nước",
        summary="Cơ quan nhà nước giải trình khi người dân yêu cầu.",
    )
    d["hoa_new"] = DirectivePageFactory(
        parent=parent,
        number="7/CT-UBND",
        issuer=ubnd,
        signed_on=datetime.date(2024, 1, 5),
        title="Về bảo đảm hòa giải ở cơ sở",
        summary="Tổ hòa giải ở tổ dân phố hoạt động thường xuyên.",
    )
    d["hoa_old"] = DirectivePageFactory(
        parent=parent,
        number="8/CT-UBND",
        issuer=ubnd,
        signed_on=datetime.date(2015, 1, 5),
        status="expired",
        title="Về bảo đảm hòa giải ở cơ sở",
        summary="Tổ hòa giải ở tổ dân phố hoạt động thường xuyên.",
    )
    d["hoa_flower"] = ArticlePageFactory(
        parent=sections["ArticleIndexPage"],
        title="Hội hoa xuân của phường",
        body=paragraphs_to_stream("Ngắm hoa và hóa trang."),
    )
    d["notice"] = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo họp tổ dân phố về Chỉ thị 29-CT/TU",
        body=paragraphs_to_stream("Quán triệt Chỉ thị 29-CT/TU & <5 xây>."),
        directives=[d["29tu"]],
    )
    return d


def test_without_diacritics_finds_the_directive(docs):
    # Both Chỉ thị numbered 29 (which one first is a matter of text length).
    assert sorted(names("chi thi 29")) == ["29-CT/TU", "29/CT-UBND"]
    assert names("chay no khu dan cu") == ["29/CT-UBND"]


@pytest.mark.parametrize(
    "q", ["29 CT TU", "29-ct/tu", "29–CT/TU", "chỉ thị số 29-CT/TU", "29/CT-TU"]
)
def test_a_symbol_in_any_spelling_jumps_to_its_document(docs, q):
    found = names(q)
    assert found[0] == "29-CT/TU"
    # The notice that cites it comes after it, never before.
    assert "Thông báo họp tổ dân phố về Chỉ thị 29-CT/TU" in found[1:]


def test_symbol_with_year_and_folded_d(docs):
    assert names("90/2013/ND-CP")[0] == "90/2013/NĐ-CP"
    assert names("nghi dinh 90 2013")[0] == "90/2013/NĐ-CP"


def test_number_alone_with_type_reaches_the_symbol(docs):
    assert names("chi thi 16 cach ly") == ["16/CT-TTg"]


def test_abbreviation_and_synonym(docs):
    assert names("5 xay 3 chong")[0] == "29-CT/TU"
    assert names("nam xay ba chong")[0] == "29-CT/TU"
    assert names("UBND Đà Nẵng phòng cháy")[0] == "29/CT-UBND"
    assert names("covid")[0] == "16/CT-TTg"


def test_other_tone_placement_and_exact_diacritics_first(docs):
    # "hoà" is "hòa" (either tone-mark placement); the directive in force
    # comes before the expired twin. Typed with its mark it never finds the
    # flowers ("hoa"); typed without, it finds both, the plain spelling first.
    assert names("hoà giải") == ["7/CT-UBND", "8/CT-UBND"]
    assert names("hòa giải") == ["7/CT-UBND", "8/CT-UBND"]
    assert names("hoà") == ["7/CT-UBND", "8/CT-UBND"]
    assert names("hoa")[0] == "Hội hoa xuân của phường"
    assert set(names("hoa")) == {"7/CT-UBND", "8/CT-UBND", "Hội hoa xuân của phường"}


def test_in_force_ranks_above_expired_for_the_same_text(docs):
    assert names("hoa giai o co so") == ["7/CT-UBND", "8/CT-UBND"]


def test_all_words_first_then_most_words(docs):
    # No document has every word: the best partial matches are returned.
    assert names("phòng cháy chữa cháy xe đạp")[0] == "29/CT-UBND"


def test_filters_and_facets(docs):
    results = search(Params(q="chi thi"))
    assert results.facets["kind"] == {"directive": 5, "notice": 1}
    assert results.facets["status"] == {"in_force": 3, "expired": 2}
    assert results.facets["year"] == {
        "2024": 1,
        "2020": 1,
        "2019": 1,
        "2015": 1,
        "2013": 1,
    }
    assert results.facets["issuer"]["Ủy ban nhân dân thành phố Đà Nẵng"] == 3
    assert set(names("chi thi", status="expired")) == {"16/CT-TTg", "8/CT-UBND"}
    assert names("chi thi", year=2013) == ["29-CT/TU"]
    assert names("chi thi", kind="notice") == [
        "Thông báo họp tổ dân phố về Chỉ thị 29-CT/TU"
    ]
    assert names("", doc_type="Nghị định") == ["90/2013/NĐ-CP"]
    filtered = search(Params(q="chi thi", issuer="Thủ tướng Chính phủ"))
    assert filtered.count == 1
    assert filtered.facets["issuer"] == {"Thủ tướng Chính phủ": 1}


def test_empty_query_lists_newest_first(docs):
    assert names("", kind="directive")[:3] == ["7/CT-UBND", "16/CT-TTg", "29/CT-UBND"]


def test_pagination(sections):
    for n in range(13):
        NoticePageFactory(
            parent=sections["NoticeIndexPage"],
            title=f"Thông báo lịch trực số {n}",
            published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
    first = search(Params(q="lich truc"))
    second = search(Params(q="lich truc", page=2))
    assert (first.count, len(first.hits), len(second.hits)) == (13, 10, 3)
    assert first.num_pages == 2
    titles = {h["title"] for h in first.hits} | {h["title"] for h in second.hits}
    assert len(titles) == 13


def test_hit_shape(docs):
    hit = search(Params(q="29-CT/TU")).hits[0]
    assert hit == {
        "id": docs["29tu"].pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "kind": "directive",
        "title": "Về tăng cường trách nhiệm, chống quan liêu (5 xây, 3 chống)",
        "url": docs["29tu"].url,
        "number": "29-CT/TU",
        "doc_type": "Chỉ thị",
        "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
        "signed_on": "2013-12-10",
        "status": "in_force",
        "snippet": "Cán bộ đăng ký thực hiện 5 xây, 3 chống. Đoạn thứ nhất. "
        "Đoạn thứ hai.",
    }
    notice = search(Params(q="29-CT/TU", kind="notice")).hits[0]
    assert notice["published_on"] == "2026-11-01"
    assert notice["valid_until"] is None


def test_snippet_is_escaped_and_marks_the_original_text(docs):
    hit = search(Params(q="quan triet chi thi 29 ct tu", kind="notice")).hits[0]
    assert hit["snippet"] == (
        "<mark>Quán triệt Chỉ thị 29-CT/TU</mark> &amp; &lt;5 xây&gt;."
    )


def test_query_plan_variants_and_symbol():
    plan = QueryPlan.parse("Nghị quyết TW4", table=None)
    assert [v.text for v in plan.variants][:3] == [
        "nghị quyết tw4",
        "nghị quyết tw 4",
        "nghị quyết trung ương 4",
    ]
    assert QueryPlan.parse("29 CT TU").symbol == "29-ct-tu"
    assert QueryPlan.parse("chi thi 29").symbol is None


NOTICE_29 = "Thông báo họp tổ dân phố về Chỉ thị 29-CT/TU"
# Every page of `docs` that holds "chỉ thị": five directives and the notice.
CHI_THI = {"29-CT/TU", "29/CT-UBND", "16/CT-TTg", "7/CT-UBND", "8/CT-UBND", NOTICE_29}
EVERY_PAGE = CHI_THI | {"90/2013/NĐ-CP", "Hội hoa xuân của phường"}


@pytest.mark.parametrize(
    "q, count, match, found",
    [
        ('"', 0, "none", set()),
        ('"chi thi', 6, "all", CHI_THI),
        ("(((", 0, "none", set()),
        ("*", 0, "none", set()),
        # Operators are words like any other: no page holds "and", "or", "near".
        ("chi AND thi OR NEAR(29)", 6, "partial", CHI_THI),
        ("-29", 2, "all", {"29-CT/TU", "29/CT-UBND"}),
        ("'; DROP TABLE wagtailcore_page; --", 0, "none", set()),
        ("a" * 10_000, 0, "none", set()),
        ("\x00\x1b[31m", 0, "none", set()),
        ("🔥📜", 0, "none", set()),
        ("chi\u0309 thi\u0323", 6, "all", CHI_THI),  # NFD
        ("title:29", 2, "partial", {"29-CT/TU", "29/CT-UBND"}),
        ("", 8, "all", EVERY_PAGE),
    ],
)
def test_hostile_queries_never_error(docs, q, count, match, found):
    results = search(Params.from_query_dict({"q": q}))
    data = results.as_json()
    assert (results.count, data["match"]) == (count, match)
    assert {h.get("number") or h["title"] for h in data["results"]} == found


def test_nfd_query_is_the_same_as_nfc(docs):
    assert names("chi\u0309 thi\u0323 29") == names("chỉ thị 29")


def test_superscript_digits_are_not_numbers(docs):
    # "¹".isdigit() is true, but it is no number of a document: it is a word
    # no page holds, so every page with "chỉ thị" is a near answer.
    results = search(Params(q="chỉ thị ¹"))
    assert (results.count, results.as_json()["match"]) == (6, "partial")
    assert set(names("chỉ thị ¹")) == CHI_THI
