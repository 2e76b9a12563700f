"""The Elasticsearch adapter: generated mappings and queries, and a live run
when ELASTICSEARCH_URL points at a cluster (skipped otherwise; on CI an
unreachable cluster fails the run: `live_cluster_or_skip`)."""

import datetime
import os

import pytest

from search.analysis import DEFAULT_SYNONYMS
from search.builder import SearchDocument
from search.documents import LAYOUT_VERSION, document_class, synonym_rules
from search.engines.base import SchemaMismatch
from search.engines.elastic import (
    ElasticEngine,
    build_query,
    filter_clauses,
    match_query,
)
from search.plan import Params, QueryPlan

TABLE = DEFAULT_SYNONYMS
LIVE_ALIAS = "ward-portal-test-pages"


def test_mapping_mirrors_analysis():
    mapping = document_class(TABLE, "pages-v1")._index.to_dict()
    analysis = mapping["settings"]["analysis"]
    assert analysis["analyzer"]["vi_index"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase", "vi_fold"],
    }
    assert analysis["analyzer"]["vi_search"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase", "vi_synonyms", "vi_fold"],
    }
    assert analysis["filter"]["vi_fold"] == {
        "type": "asciifolding",
        "preserve_original": True,
    }
    assert analysis["filter"]["vi_synonyms"]["type"] == "synonym_graph"
    props = mapping["mappings"]["properties"]
    assert props["title"] == {
        "type": "text",
        "analyzer": "vi_index",
        "search_analyzer": "vi_search",
    }
    assert props["kind"] == {"type": "keyword"}
    assert props["year"] == {"type": "integer"}
    assert props["hit"] == {"type": "object", "enabled": False}


def test_the_mapping_carries_the_site_and_its_layout_version():
    mapping = document_class(TABLE, "pages-v1")._index.to_dict()["mappings"]
    assert mapping["_meta"] == {"layout_version": LAYOUT_VERSION}
    assert mapping["properties"]["site"] == {"type": "integer"}
    assert mapping["properties"]["alias"] == {"type": "integer"}


def test_a_ward_searches_its_own_site_with_its_alias_copies():
    assert filter_clauses(Params(site=7), now=1) == [
        {"range": {"expires": {"gt": 1}}},
        {"term": {"site": {"value": 7}}},
    ]


class FakeIndices:
    def __init__(self, version):
        self.version = version
        self.asked = 0

    def get_mapping(self, index):
        self.asked += 1
        meta = {} if self.version is None else {"layout_version": self.version}
        return {"ward-portal-pages-1": {"mappings": {"_meta": meta}}}


def test_an_index_of_an_older_layout_is_refused_until_rebuilt():
    engine = ElasticEngine(UNREACHABLE)
    engine.client = type("Client", (), {"indices": FakeIndices(None)})()
    with pytest.raises(SchemaMismatch, match="rebuild_search_index"):
        engine.search(Params(q="chay no"), QueryPlan.parse("chay no", table=TABLE))
    with pytest.raises(SchemaMismatch):
        engine.doc_sites()
    engine.client.indices = FakeIndices(LAYOUT_VERSION)
    engine._ensure_layout()
    engine._ensure_layout()  # checked once: no request after that
    assert engine.client.indices.asked == 1


def test_synonym_rules_come_from_the_same_table():
    rules = synonym_rules(TABLE)
    assert "ubnd, ủy ban nhân dân, uy ban nhan dan" in rules
    assert (
        "tw4, tw 4, trung ương 4, trung uong 4, hội nghị trung ương 4, "
        "hoi nghi trung uong 4" in rules
    )
    assert not any("#" in rule for rule in rules)
    assert synonym_rules(TABLE + (("KP", "khu phố"),))[-1] == "kp, khu phố, khu pho"


def test_document_is_built_from_the_search_document():
    doc = SearchDocument(
        id=7,
        kind="directive",
        title="Về phòng, chống cháy nổ",
        about="Chỉ thị Ủy ban nhân dân",
        number_tokens=["29-ct-ubnd", "29", "ct", "ubnd"],
        doc_type="Chỉ thị",
        status="in_force",
        year=2019,
        date=datetime.date(2019, 8, 20).toordinal(),
        weight=0.6,
        display={"title": "Về phòng, chống cháy nổ"},
    )
    data = (
        document_class(TABLE, "pages-v1")
        .from_search_document(doc)
        .to_dict(include_meta=True)
    )
    assert data["_id"] == 7
    assert data["_index"] == "pages-v1"
    source = data["_source"]
    assert source["title"] == "về phòng chống cháy nổ"
    assert source["about"] == "chỉ thị ủy ban nhân dân"
    assert source["number"] == "29-ct-ubnd 29 ct ubnd"
    assert (source["kind"], source["year"], source["weight"]) == (
        "directive",
        2019,
        0.6,
    )


def test_query_for_a_symbol_with_filters():
    plan = QueryPlan.parse("29 CT TU", table=TABLE)
    query = build_query(plan, Params(q="29 CT TU", status="in_force"), "all", now=100)
    inner = query["function_score"]["query"]["bool"]
    assert inner["filter"] == [
        {"range": {"expires": {"gt": 100}}},
        {"term": {"alias": {"value": 0}}},  # city-wide (no site): each page once
        {"term": {"kind": {"value": "directive"}}},
        {"term": {"status": {"value": "in_force"}}},
    ]
    assert inner["must"] == [
        {
            "bool": {
                "should": [
                    {
                        "bool": {
                            "must": [
                                {
                                    "multi_match": {
                                        "query": "29-ct-tu",
                                        "type": "best_fields",
                                        "fields": [
                                            "number^6",
                                            "title^3",
                                            "about^2",
                                            "summary^1.5",
                                            "body^1",
                                            "original^0.5",
                                        ],
                                        "tie_breaker": 0.3,
                                    }
                                }
                            ]
                        }
                    }
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    assert inner["should"][-1] == {
        "constant_score": {
            "filter": {"term": {"number": {"value": "29-ct-tu"}}},
            "boost": 1000.0,
        }
    }
    (weight,) = query["function_score"]["functions"]
    assert weight["field_value_factor"]["modifier"] == "log2p"


def test_words_with_diacritics_weigh_exact_fields_more():
    plan = QueryPlan.parse("hoà giải", table=TABLE)
    words = build_query(plan, Params(q="hoà giải"), "most", now=0)["function_score"][
        "query"
    ]["bool"]["must"][0]["bool"]["should"][0]["bool"]
    assert words["minimum_should_match"] == 2
    first = words["should"][0]["multi_match"]
    assert first["query"] == "hòa"
    assert first["fields"][1] == "title^4.8"


def test_no_query_lists_by_filters_only():
    query = build_query(
        QueryPlan.parse("", table=TABLE), Params(kind="notice"), "all", now=5
    )
    assert query == {
        "bool": {
            "filter": filter_clauses(Params(kind="notice"), now=5),
            "must": [{"match_all": {}}],
        }
    }


def live_cluster_or_skip(url: str | None, on_ci: bool):
    """The rule for live tests, in one place: no URL, or a URL that does not
    answer, skips them locally; on CI a URL that was set must answer, or the
    run fails, so that a cluster that did not start is never a green skip."""
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no live Elasticsearch to test")
    try:
        backend = ElasticEngine(url, alias=LIVE_ALIAS)
        # A short timeout without retries: the check, not the tests, may not wait.
        answers = backend.client.options(request_timeout=3, max_retries=0).ping()
    except ValueError as exc:  # not a URL the client accepts
        answers, url = False, f"{url} ({exc})"
    if answers:
        return backend
    if on_ci:
        pytest.fail(
            f"ELASTICSEARCH_URL={url} does not answer, and CI=true: CI sets the URL "
            "only where it starts a cluster, so the cluster must be up",
            pytrace=False,
        )
    pytest.skip(
        f"ELASTICSEARCH_URL={url} does not answer: start Elasticsearch there, or "
        "unset ELASTICSEARCH_URL (on CI, with CI=true, this fails instead)"
    )


@pytest.fixture
def live_backend():
    backend = live_cluster_or_skip(
        os.environ.get("ELASTICSEARCH_URL"), os.environ.get("CI") == "true"
    )
    yield backend
    drop_live_indices(backend.client)


def drop_live_indices(client) -> None:
    """Delete the tests' indices by name: a cluster refuses to delete by a
    wildcard (action.destructive_requires_name, true since 8.0)."""
    names = list(client.indices.get(index=f"{LIVE_ALIAS}-*"))
    if names:
        client.indices.delete(index=",".join(names))


# Nothing listens on port 1: the connection is refused at once.
UNREACHABLE = "http://127.0.0.1:1"


def test_live_tests_skip_without_a_url_even_on_ci():
    with pytest.raises(pytest.skip.Exception, match="^ELASTICSEARCH_URL is not set"):
        live_cluster_or_skip(None, on_ci=True)


def test_an_unreachable_cluster_skips_live_tests_locally():
    with pytest.raises(pytest.skip.Exception) as skipped:
        live_cluster_or_skip(UNREACHABLE, on_ci=False)
    assert str(skipped.value) == (
        "ELASTICSEARCH_URL=http://127.0.0.1:1 does not answer: start Elasticsearch "
        "there, or unset ELASTICSEARCH_URL (on CI, with CI=true, this fails instead)"
    )


def test_an_unreachable_cluster_fails_live_tests_on_ci():
    with pytest.raises(pytest.fail.Exception) as failed:
        live_cluster_or_skip(UNREACHABLE, on_ci=True)
    assert str(failed.value) == (
        "ELASTICSEARCH_URL=http://127.0.0.1:1 does not answer, and CI=true: CI sets "
        "the URL only where it starts a cluster, so the cluster must be up"
    )


def test_live_rebuild_update_and_search(live_backend):
    doc = SearchDocument(
        id=1,
        kind="directive",
        title="Về phòng, chống cháy nổ tại khu dân cư",
        number_tokens=["29-ct-ubnd", "29", "ct", "ubnd", "chi", "thi"],
        doc_type="Chỉ thị",
        status="in_force",
        year=2019,
        display={"kind": "directive", "title": "Về phòng, chống cháy nổ", "url": "/"},
    )
    assert live_backend.rebuild([doc]) == 1
    first_indices = live_backend.stats()["indices"]
    live_backend.rebuild([doc])
    assert live_backend.stats()["indices"] != first_indices  # alias swapped
    plan = QueryPlan.parse("chay no khu dan cu", table=TABLE)
    results = live_backend.search(Params(q="chay no khu dan cu"), plan)
    assert [h["title"] for h in results.hits] == ["Về phòng, chống cháy nổ"]
    live_backend.update([], delete_ids=[1])
    assert live_backend.search(Params(q="chay no"), plan).count == 0


def test_marks_mean_what_they_say_in_the_cluster_query():
    """Typed with marks, a word is analysed without folding ("sổ" never
    finds "số"); a word of several syllables is a phrase; question words
    only rank."""
    plan = QueryPlan.parse("cấp sổ đỏ ở đâu", table=TABLE)
    clause = match_query(plan, "all")["bool"]["should"][0]["bool"]
    must = [item["multi_match"] for item in clause["must"]]
    assert [(m["query"], m["type"], m.get("analyzer")) for m in must] == [
        ("cấp", "best_fields", "vi_exact"),
        ("sổ đỏ", "phrase", "vi_exact"),
    ]
    assert "should" not in clause  # "ở", "đâu": on every page, they only cost
    ranked = match_query(QueryPlan.parse("thủ tục cấp sổ đỏ", table=TABLE), "all")
    should = ranked["bool"]["should"][0]["bool"]["should"]
    assert [item["multi_match"]["query"] for item in should] == ["thủ tục"]
    unmarked = match_query(QueryPlan.parse("so do", table=TABLE), "all")
    first = unmarked["bool"]["should"][0]["bool"]["must"][0]["multi_match"]
    assert "analyzer" not in first  # folded: every accented form


def test_the_exact_analyzer_is_registered_with_the_index():
    cls = document_class(TABLE, "ward-portal-test")
    analysis = cls._index.to_dict()["settings"]["analysis"]["analyzer"]
    assert analysis["vi_exact"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }
