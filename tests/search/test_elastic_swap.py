"""Rebuilding behind the alias, bulk writes and their failures.

Each test runs twice: on the in-memory `FakeCluster` behind the real client
(always), and on the cluster at ELASTICSEARCH_URL (skipped without one, by
`live_cluster_or_skip`). Two engines stand for two app servers: one
rebuilds while the other keeps searching.
"""

import os
import threading
from unittest import mock

import pytest

from search import synonyms
from search.analysis import DEFAULT_SYNONYMS
from search.builder import SearchDocument
from search.engines.elastic import BULK_CHUNK, BulkRefused, ElasticEngine
from search.plan import Params, QueryPlan

from .fake_elastic import FakeCluster
from .test_elastic import LIVE_ALIAS, drop_live_indices, live_cluster_or_skip

TABLE = DEFAULT_SYNONYMS
QUERY = "chay no"
# Past the range of a `long`: the cluster refuses the document (a 400 for
# that item alone), as it would any document its mapping cannot hold.
OUT_OF_RANGE = 2**70


@pytest.fixture(autouse=True)
def no_database_synonyms():
    with mock.patch.object(synonyms, "table", lambda: TABLE):
        yield


@pytest.fixture(params=["fake", "live"])
def servers(request):
    """Two engines on one cluster (two app servers), with the alias free."""
    if request.param == "fake":
        cluster = FakeCluster()
        engines = []
        for _ in range(2):
            engine = ElasticEngine("http://fake-cluster:9200", alias=LIVE_ALIAS)
            engine.client = cluster.client()
            engines.append(engine)
        yield engines
        return
    url = os.environ.get("ELASTICSEARCH_URL")
    first = live_cluster_or_skip(url, os.environ.get("CI") == "true")
    drop_live_indices(first.client)
    yield first, ElasticEngine(url, alias=LIVE_ALIAS)
    drop_live_indices(first.client)


def docs(count: int, bad: tuple[int, ...] = ()) -> list[SearchDocument]:
    return [
        SearchDocument(
            id=pk,
            kind="directive",
            title=f"Về phòng, chống cháy nổ tại khu dân cư số {pk}",
            doc_type="Chỉ thị",
            status="in_force",
            year=2019,
            stamp=pk,
            expires=OUT_OF_RANGE if pk in bad else SearchDocument.expires,
            display={"kind": "directive", "title": f"Văn bản {pk}", "url": f"/{pk}/"},
        )
        for pk in range(1, count + 1)
    ]


def found(engine) -> int:
    plan = QueryPlan.parse(QUERY, table=TABLE)
    return engine.search(Params(q=QUERY), plan).count


def indices(engine) -> set[str]:
    return set(engine.client.indices.get(index=f"{LIVE_ALIAS}-*"))


def test_searches_answer_in_full_before_during_and_after_the_swap(servers):
    builder, reader = servers
    count = 2 * BULK_CHUNK + 100  # several chunks: the rebuild takes a while
    builder.rebuild(docs(count))
    (old,) = indices(builder)
    answers, errors = [], []
    rebuilding = threading.Thread(target=builder.rebuild, args=(docs(count),))

    def search_until_done():
        while True:
            done = not rebuilding.is_alive()
            try:
                answers.append(found(reader))
            except Exception as exc:  # noqa: BLE001 - every error is the failure
                errors.append(repr(exc))
            if done:
                return

    searching = threading.Thread(target=search_until_done)
    rebuilding.start()
    searching.start()
    rebuilding.join(timeout=120)
    searching.join(timeout=120)
    assert errors == []
    assert len(answers) >= 3  # before, during and after
    assert set(answers) == {count}  # never 0, never a part
    (new,) = indices(builder)  # the old index is gone
    assert new != old
    assert builder.stats()["indices"] == [new]
    assert found(reader) == count


def test_a_rebuild_that_fails_midway_leaves_the_alias_on_the_old_index(servers):
    builder, reader = servers
    builder.rebuild(docs(20))
    before = indices(builder)

    def pages_then_a_failure():
        yield from docs(BULK_CHUNK + 50)  # one chunk written already
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="the database went away"):
        builder.rebuild(pages_then_a_failure())
    assert indices(builder) == before  # the half-built index deleted
    assert reader.stats()["indices"] == sorted(before)
    assert found(reader) == 20


def test_a_bulk_of_thousands_in_chunks_reports_each_refused_document(servers):
    builder, reader = servers
    builder.rebuild(docs(3000))  # six chunks
    assert reader.stats()["documents"] == 3000
    before = indices(builder)
    with pytest.raises(BulkRefused) as refused:
        builder.rebuild(docs(3000, bad=(700, 2500)))
    # Both refusals, from chunks two and five, each with the cluster's reason.
    assert [(pk, status) for pk, status, _ in refused.value.refused] == [
        ("700", 400),
        ("2500", 400),
    ]
    assert refused.value.written == 2998
    assert str(refused.value).startswith(
        "Elasticsearch refused 2 document(s) (2998 written): page 700: 400 "
    )
    assert indices(builder) == before  # nothing swapped, the new index gone
    assert found(reader) == 3000


def test_an_update_reports_a_refused_document_and_ignores_a_missing_one(servers):
    builder, reader = servers
    builder.rebuild(docs(3))
    with pytest.raises(BulkRefused, match=r"^Elasticsearch refused 1 document\(s\)"):
        builder.update(docs(3, bad=(2,))[1:2])
    builder.update(docs(1), delete_ids=[3, 99])  # 99 was never there: no error
    assert found(reader) == 2


def test_the_refusal_message_names_a_few_and_counts_the_rest():
    refused = [(str(pk), 400, "document_parsing_exception: bad") for pk in range(8)]
    message = str(BulkRefused(refused, written=10))
    assert message == (
        "Elasticsearch refused 8 document(s) (10 written): "
        + "; ".join(
            f"page {pk}: 400 document_parsing_exception: bad" for pk in range(5)
        )
        + "; and 3 more"
    )
