"""Answers in search: `kind=answer` in /api/search/ and /tim-kiem/, the
facet, the hit's office and date, pinned answers, and the Elasticsearch
document built from the same builder. Never a hidden answer, never who
asked."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site

from search.builder import KINDS, build_document
from search.documents import document_class
from search.engines.elastic import build_query
from search.plan import Params, QueryPlan
from search.views import kind_labels
from tests.feedback.answers import (
    ANSWER_WORD,
    ANSWER_WORD_FOLDED,
    assert_no_personal_data,
    qa_fixture,  # noqa: F401
)
from tests.search.conftest import search_index  # noqa: F401 (a fresh index)

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    assert_no_personal_data(response.content.decode(), f"/api/search/ {params}")
    return response.json()


def test_answer_is_a_kind_with_its_label():
    assert "answer" in KINDS
    assert kind_labels()["answer"] == "Hỏi đáp"


@pytest.mark.parametrize("q", [ANSWER_WORD, ANSWER_WORD_FOLDED, "BƠM CHÌM"])
def test_a_word_only_in_the_answer_finds_it(client, qa, q):
    data = api(client, q=q, kind="answer")
    assert data["count"] == 1
    hit = data["results"][0]
    assert hit["kind"] == "answer"
    assert hit["title"] == qa["live"].title
    assert hit["url"] == qa["live"].url
    assert "<mark>" in hit["snippet"]
    assert hit["office"] == "Công an phường"
    assert hit["answered_on"] == "2026-11-03"
    assert data["facets"]["kind"] == {"answer": 1}


def test_hidden_answers_are_never_found(client, qa):
    data = api(client, q="máy bơm chìm")
    assert [hit["url"] for hit in data["results"]] == [qa["live"].url]
    hidden = {page.url for page in qa["hidden"]}
    for page in qa["hidden"]:
        for q in (page.title, page.answer):
            found = {hit["url"] for hit in api(client, q=q)["results"]}
            assert not found & hidden, q


def test_the_facet_counts_answers_beside_other_kinds(client, qa):
    data = api(client, q="lịch thu gom")
    # The notice by its title; no answer's title says it, the live answer
    # does not hold "lịch thu gom".
    assert data["facets"]["kind"].get("notice") == 1
    data = api(client, q="kiệt")
    assert data["facets"]["kind"] == {"answer": 1}
    assert api(client, q="kiệt", kind="notice")["count"] == 0


def test_an_unknown_kind_is_no_filter(client, qa):
    assert api(client, q=ANSWER_WORD, kind="feedback")["count"] == 1


def test_the_search_page_shows_the_facet_and_the_office_and_date(client, qa):
    html = client.get("/tim-kiem/", {"q": ANSWER_WORD_FOLDED}).content.decode()
    assert "Hỏi đáp (1)" in html
    assert "Hỏi đáp · Công an phường · ngày 03/11/2026" in html
    assert_no_personal_data(html, "/tim-kiem/")
    filtered = client.get(
        "/tim-kiem/", {"q": ANSWER_WORD_FOLDED, "kind": "answer"}
    ).content.decode()
    assert 'aria-current="true">Hỏi đáp (1)</a>' in filtered
    assert qa["live"].title in filtered


def test_a_pinned_answer_comes_first(client, qa):
    query = Query.get("ngập nước")
    SearchPromotion.objects.create(query=query, page=qa["live"], sort_order=0)
    SearchPromotion.objects.create(query=query, page=qa["private"], sort_order=1)
    data = api(client, q="kiệt ngập nước")
    pinned = [hit for hit in data["results"] if hit.get("promoted")]
    assert [hit["url"] for hit in pinned] == [qa["live"].url]
    assert pinned[0]["kind"] == "answer"
    assert pinned[0]["office"] == "Công an phường"


def test_the_elasticsearch_document_of_an_answer(qa):
    """Same builder, so the same text: the answer in the body, the question
    in the summary, the office in `about`, the hit without the sender."""
    doc = build_document(qa["live"].specific, Site.get_site_root_paths())
    es = document_class([], "pages-test").from_search_document(doc).to_dict()
    assert es["kind"] == "answer"
    assert "bơm chìm" in es["body"]
    assert "mưa lớn" in es["summary"]
    assert "công an phường" in es["about"]
    assert es["hit"] == {
        "id": qa["live"].pk,
        "site": qa["live"].get_site().pk,
        "kind": "answer",
        "title": qa["live"].title,
        "url": qa["live"].url,
        "office": "Công an phường",
        "answered_on": "2026-11-03",
        "topic": "Hỏi đáp",
    }
    assert es["year"] == 2026
    assert_no_personal_data(str(es), "the Elasticsearch document")


def test_the_elasticsearch_query_filters_on_the_answer_kind():
    query = build_query(
        QueryPlan.parse("bom chim"), Params(q="bom chim", kind="answer"), "all", now=5
    )
    filters = query["function_score"]["query"]["bool"]["filter"]
    assert {"term": {"kind": {"value": "answer"}}} in filters
