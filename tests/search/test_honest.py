"""Honest search: marks mean what they say, words of several syllables,
question words, match levels, highlights, editors' pinned answers."""

import datetime
import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from directives.blocks import paragraphs_to_stream
from search.plan import Params, QueryPlan
from search.query import search
from tests.factories import (
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)

pytestmark = pytest.mark.django_db


def titles(q, **filters):
    return [h.get("number") or h["title"] for h in search(Params(q=q, **filters)).hits]


def marked(q):
    """Every marked stretch of every snippet, lower case."""
    return [
        m.lower()
        for hit in search(Params(q=q)).hits
        for m in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])
    ]


@pytest.fixture
def docs(sections):
    tu = IssuingBodyFactory(name="Ban Thường vụ Thành ủy Đà Nẵng")
    parent = sections["DirectiveIndexPage"]
    notices = sections["NoticeIndexPage"]
    d = {}
    d["29tu"] = DirectivePageFactory(
        parent=parent,
        number="29-CT/TU",
        issuer=tu,
        signed_on=datetime.date(2013, 12, 10),
        title="Về tăng cường trách nhiệm, chống quan liêu (5 xây, 3 chống)",
        summary="Mỗi tổ dân phố đặt hòm thư góp ý; cán bộ thực hiện 5 xây, 3 chống.",
    )
    d["party"] = DirectivePageFactory(
        parent=parent,
        number="12-CT/TU",
        issuer=tu,
        signed_on=datetime.date(2021, 3, 1),
        title="Về số hóa hồ sơ của cấp ủy",
        summary="Các cấp ủy nâng cao trình độ số hóa; họp vào thứ Ba hằng tuần.",
    )
    d["land"] = NoticePageFactory(
        parent=notices,
        title="Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ)",
        body=paragraphs_to_stream("Hồ sơ cấp sổ đỏ nộp tại Bộ phận một cửa."),
    )
    d["poor"] = NoticePageFactory(
        parent=notices,
        title="Danh sách hỗ trợ hộ nghèo năm 2026",
        body=paragraphs_to_stream("Mức hỗ trợ cho mỗi hộ nghèo."),
    )
    d["birth"] = NoticePageFactory(
        parent=notices,
        title="Triển khai kế hoạch sinh hoạt hè cho thiếu nhi",
        body=paragraphs_to_stream("Đăng ký tham gia tại nhà văn hóa."),
    )
    return d


def test_a_word_typed_with_marks_is_that_syllable_only(docs):
    # "sổ đỏ" is not "số … độ", and "cấp" of "cấp ủy" alone is not enough.
    results = search(Params(q="cấp sổ đỏ"))
    assert results.match == "all"
    assert titles("cấp sổ đỏ") == [
        "Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ)"
    ]
    assert titles("số hóa") == ["12-CT/TU"]
    assert "sổ" not in titles("số hóa")
    # Typed without marks, every accented form.
    assert set(titles("so")) == {
        "12-CT/TU",
        "Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ)",
    }


def test_highlights_mark_only_what_matched(docs):
    # Adjacent marks merge: "<mark>cấp sổ đỏ</mark>".
    assert marked("cấp sổ đỏ") == ["cấp sổ đỏ"]
    words = {w for m in marked("so do") for w in m.split()}
    assert words == {"sổ", "đỏ", "sơ", "số", "độ"}  # typed plain: every form
    assert "hòm thư góp ý" in marked("hòm thư góp ý")


def test_a_word_of_several_syllables_must_stand_together(docs):
    # "khai sinh": "triển khai kế hoạch sinh hoạt" holds both syllables apart.
    results = search(Params(q="đăng ký khai sinh"))
    assert results.match in {"partial", "none"}
    assert results.match != "all"


def test_question_words_do_not_make_a_query_fail(docs):
    for q in ("thủ tục cấp sổ đỏ ở đâu", "cấp sổ đỏ như thế nào", "cấp sổ đỏ cần gì"):
        results = search(Params(q=q))
        assert results.match == "all", q
        assert titles(q)[0] == (
            "Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ)"
        ), q
    plan = QueryPlan.parse("thủ tục cấp sổ đỏ ở đâu")
    assert [w.text for w in plan.variants[0].required] == ["cấp", "sổ đỏ"]


def test_partial_matches_are_said_to_be_partial(docs):
    results = search(Params(q="cấp sổ đỏ xe máy"))
    assert results.match == "partial"
    assert results.count >= 1
    assert results.content_text == "“cấp”, “sổ đỏ”, “xe máy”"
    # Shown as typed, although "kí" is read as "ký".
    assert search(Params(q="đăng kí xe máy")).content_text == "“đăng kí”, “xe máy”"
    assert search(Params(q="qwzx vbnm")).match == "none"
    assert search(Params(q="qwzx vbnm")).as_json()["match"] == "none"


def test_a_query_typed_partly_with_marks_is_read_token_by_token(docs):
    # No page has the unmarked "ho tro": the second reading finds "hỗ trợ".
    results = search(Params(q="ho tro hộ nghèo"))
    assert results.match == "all"
    assert titles("ho tro hộ nghèo") == ["Danh sách hỗ trợ hộ nghèo năm 2026"]


def test_slogan_numbers_are_numbers_not_weekdays(docs):
    for q in ("5 xây 3 chống", "5 xay 3 chong", "năm xây ba chống"):
        assert titles(q)[0] == "29-CT/TU", q
    assert "ba" not in marked("5 xay 3 chong")
    assert "thứ ba" not in " ".join(marked("5 xay 3 chong"))
    # A bare digit is a number: "3" is not the "Ba" of "thứ Ba".
    assert "12-CT/TU" not in titles("3 chống")


def test_both_tone_mark_placements_are_one_spelling(docs):
    assert titles("hoá") == titles("hóa")
    assert "12-CT/TU" in titles("số hoá")


def pin(phrase, page=None, **fields):
    query = Query.get(phrase)
    return SearchPromotion.objects.create(
        query=query, page=page, sort_order=0, **fields
    )


def test_pinned_answers_come_first_and_are_marked(docs):
    pin("sổ đỏ", page=docs["land"], description="Cách làm sổ đỏ tại phường.")
    for q in ("sổ đỏ", "so do", "thủ tục cấp sổ đỏ ở đâu", "Sổ Đỏ"):
        data = search(Params(q=q)).as_json()
        first = data["results"][0]
        assert first["promoted"] is True, q
        assert first["title"].startswith("Hướng dẫn cấp giấy chứng nhận"), q
        assert first["snippet"] == "Cách làm sổ đỏ tại phường.", q
        # The pinned page is not listed twice.
        urls = [hit["url"] for hit in data["results"]]
        assert len(urls) == len(set(urls)), q
    # Marks mean what they say here too; page two and filtered lists keep
    # to the search itself.
    assert not search(Params(q="số đo")).promoted
    assert not search(Params(q="so do", page=2)).promoted
    assert not search(Params(q="so do", kind="directive")).promoted


def test_pinned_answers_never_show_a_draft_or_a_private_page(docs):
    pin("sổ đỏ", page=docs["land"])
    pin("sổ đỏ", page=docs["poor"])
    docs["land"].unpublish()
    PageViewRestriction.objects.create(
        page=docs["poor"], restriction_type="password", password="x"
    )
    assert search(Params(q="sổ đỏ")).promoted == []
    # Nor among the results: the two pages that hold "sổ đỏ" are hidden.
    assert search(Params(q="sổ đỏ")).hits == []


def test_an_outside_link_can_be_pinned(docs):
    pin(
        "dịch vụ công",
        external_link_url="https://dichvucong.gov.vn/",
        external_link_text="Cổng Dịch vụ công quốc gia",
    )
    first = search(Params(q="nộp hồ sơ dịch vụ công trực tuyến")).as_json()["results"][
        0
    ]
    assert first == {
        "kind": "link",
        "title": "Cổng Dịch vụ công quốc gia",
        "url": "https://dichvucong.gov.vn/",
        "snippet": "",
        "promoted": True,
    }


def test_a_changed_pin_is_seen_at_once(docs):
    promotion = pin("sổ đỏ", page=docs["land"])
    assert search(Params(q="sổ đỏ")).promoted
    promotion.delete()
    assert not search(Params(q="sổ đỏ")).promoted


@pytest.mark.parametrize("filler", [0, 150, 240, 600, 3000])
def test_an_excerpt_found_in_steps_is_the_excerpt_of_the_whole_text(
    monkeypatch, filler
):
    """Snippets look for the first match in growing steps (FIRST_SCAN): a
    match anywhere, even astride a step's end, gives what scanning the
    whole text gives."""
    from search import snippets

    text = (
        "Nhiệt độ cao, số hộ dùng điện tăng. " * filler
        + "Hướng dẫn cấp sổ đỏ cho hộ gia đình; hồ sơ cấp sổ đỏ nộp tại một cửa. "
        + "Số độ " * 50
    )
    words = QueryPlan.parse("cấp sổ đỏ").highlight_words
    stepped = snippets.highlight(text, words)
    monkeypatch.setattr(snippets, "FIRST_SCAN", snippets.SCAN_CHARS)
    whole = snippets.highlight(text, words)
    assert stepped == whole
    if 37 * filler < snippets.SCAN_CHARS - 80:
        assert stepped.count("<mark>cấp sổ đỏ</mark>") == 2, stepped
    else:  # beyond what is scanned: the start of the text, nothing marked
        assert "<mark>" not in stepped


def test_ki_and_ky_are_one_spelling_in_search_and_highlights(docs):
    """Residents type "đăng kí", "dang ki"; the ward writes "đăng ký"."""
    from search import snippets

    camp = "Triển khai kế hoạch sinh hoạt hè cho thiếu nhi"
    for q in ("đăng kí tham gia", "dang ki tham gia", "đăng ký tham gia"):
        assert titles(q) == [camp], q
        assert search(Params(q=q)).match == "all"
    assert "đăng ký tham gia" in marked("đăng kí tham gia")

    words = QueryPlan.parse("đăng kí tạm trú").highlight_words
    text = "Hướng dẫn đăng ký tạm trú; người đăng kí tạm trú nộp tờ khai."
    assert snippets.highlight(text, words).count("<mark>") == 2
    assert "<mark>đăng kí tạm trú</mark>" in snippets.highlight(text, words)
    plain = QueryPlan.parse("dang ki tam tru").highlight_words
    assert "<mark>đăng ký tạm trú</mark>" in snippets.highlight(text, plain)
