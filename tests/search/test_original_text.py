"""The text read from a directive's or notice's original file (a scan, a
signed PDF) in search: found with and without diacritics, below a page that
holds the words itself, quoted with its page when only the original holds
them; never a reading that is not done or is of a replaced file, never a
page a resident may not see; the Elasticsearch request searches it too."""

import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from directives import originals
from directives.blocks import paragraphs_to_stream
from directives.extraction import Extraction, PageText
from directives.models import OriginalText
from search import indexing
from search.analysis import DEFAULT_SYNONYMS
from search.builder import SearchDocument, build_document
from search.documents import LAYOUT_VERSION, document_class
from search.engines.base import FIELD_BOOSTS, PHRASE_BOOSTS
from search.engines.elastic import ElasticEngine, build_query
from search.engines.embedded.schema import SCHEMA_VERSION
from search.plan import Params, QueryPlan
from search.query import search
from tests.factories import DirectivePageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db

PAGE_1 = "ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU. CHỈ THỊ về vệ sinh môi trường mùa mưa."
PAGE_2 = "Giao các tổ dân phố tổ chức nạo vét kênh thoát nước trước ngày 15 tháng 9."
FILLER = (
    "Công an phường kiểm tra an toàn phòng cháy tại các hộ kinh doanh, nhà trọ "
    "và chung cư; hướng dẫn người dân trang bị bình chữa cháy, lối thoát hiểm."
)
QUOTED = (
    "Trích từ bản gốc, trang 2: Giao các tổ dân phố tổ chức "
    "<mark>nạo vét kênh</mark> thoát nước trước ngày 15 tháng 9."
)


def scanned(pages=(PAGE_1, PAGE_2), status="done", file_hash=None):
    """A document (a small file) with a reading of `pages`, page 1 first."""
    document = get_document_model().objects.create(
        title="Bản gốc có chữ ký",
        file=ContentFile(b"%PDF-1.4 ban goc", name="ban-goc.pdf"),
    )
    OriginalText.objects.create(
        document=document,
        status=status,
        text="\n\n".join(pages),
        pages=[
            {"number": number, "text": text, "method": "ocr", "confidence": 0.93}
            for number, text in enumerate(pages, 1)
        ],
        file_hash=document.get_file_hash() if file_hash is None else file_hash,
    )
    return document


def directive(sections, title="Về vệ sinh môi trường mùa mưa", **kwargs):
    return DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], title=title, **kwargs
    )


def titles(q, **params):
    return [hit["title"] for hit in search(Params(q=q, **params)).hits]


def test_the_original_finds_the_page_with_and_without_diacritics(sections):
    page = directive(sections, original_file=scanned())
    assert "nạo vét" not in page.body_text + page.summary
    assert titles("nạo vét kênh") == [page.title]
    assert titles("nao vet kenh") == [page.title]
    assert titles("NẠO VÉT KÊNH thoát nước") == [page.title]
    assert search(Params(q="nao vet kenh")).match == "all"
    # Typed with marks, a word is its own syllable in the original too:
    # "kềnh" is not "kênh", so the page holds only some of the words.
    assert search(Params(q="nạo vét kềnh")).match == "partial"


def test_a_notice_is_found_by_its_original(sections):
    notice = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo lịch ra quân",
        original_file=scanned(),
    )
    assert titles("nao vet kenh") == [notice.title]


def test_a_page_that_holds_the_words_itself_ranks_above(sections):
    only_original = directive(sections, original_file=scanned())
    in_body = directive(
        sections,
        title="Về phòng chống ngập úng",
        body=paragraphs_to_stream(
            "Các tổ dân phố nạo vét kênh thoát nước trong khu dân cư."
        ),
    )
    in_summary = directive(
        sections,
        title="Về chuẩn bị mùa mưa bão",
        summary="Nạo vét kênh thoát nước trước mùa mưa.",
    )
    # A long original elsewhere: the one that holds the words is short for an
    # original, so only its lower weight keeps it below the body.
    directive(
        sections,
        title="Về phòng cháy chữa cháy",
        original_file=scanned(pages=[FILLER] * 4),
    )
    expected = [in_summary.title, in_body.title, only_original.title]
    assert titles("nạo vét kênh thoát nước") == expected
    assert titles("nao vet kenh") == expected


def test_the_snippet_quotes_the_page_of_the_original(sections, client):
    page = directive(sections, original_file=scanned())
    hit = search(Params(q="nạo vét kênh")).hits[0]
    assert (hit["snippet"], hit["original_page"]) == (QUOTED, 2)
    unmarked = search(Params(q="nao vet kenh")).hits[0]
    assert unmarked["snippet"] == QUOTED
    api = client.get("/api/search/", {"q": "nạo vét kênh"}).json()
    assert api["results"][0]["title"] == page.title
    assert api["results"][0]["snippet"] == QUOTED
    assert api["results"][0]["original_page"] == 2
    html = client.get("/tim-kiem/", {"q": "nạo vét kênh"}).content.decode()
    assert f"<p>{QUOTED}</p>" in html


def test_the_quoted_page_is_the_one_with_the_words_the_page_lacks(sections):
    directive(sections, original_file=scanned())
    # "chỉ thị" is the page's type, and on page 1 of the original; "phường"
    # is only on page 1: page 2 holds more of the words.
    for q in ("chỉ thị nạo vét kênh", "chi thi nao vet kenh", "phuong nao vet kenh"):
        hit = search(Params(q=q)).hits[0]
        assert (hit["snippet"], hit["original_page"]) == (QUOTED, 2), q
    hit = search(Params(q="chỉ thị phường hải châu")).hits[0]
    assert hit["original_page"] == 1
    assert hit["snippet"] == (
        "Trích từ bản gốc, trang 1: ỦY BAN NHÂN DÂN <mark>PHƯỜNG HẢI CHÂU</mark>. "
        "<mark>CHỈ THỊ</mark> về vệ sinh môi trường mùa mưa."
    )


def test_a_match_in_the_page_itself_keeps_its_own_snippet(sections):
    directive(sections, original_file=scanned())
    # "vệ sinh môi trường" is in the title and on page 1 of the original.
    hit = search(Params(q="vệ sinh môi trường")).hits[0]
    assert (
        hit["snippet"] == "Tóm tắt để người dân dễ hiểu. Đoạn thứ nhất. Đoạn thứ hai."
    )
    assert "original_page" not in hit


@pytest.mark.parametrize("status", ["running", "queued", "failed", "timeout"])
def test_a_reading_that_is_not_done_is_not_indexed(sections, status):
    directive(sections, original_file=scanned(status=status))
    assert titles("nao vet kenh") == []


def test_the_reading_of_another_file_is_not_indexed(sections):
    directive(sections, original_file=scanned(file_hash="0" * 40))
    assert titles("nao vet kenh") == []


def test_replacing_the_file_takes_the_old_text_out_at_once(sections):
    document = scanned()
    page = directive(sections, original_file=document)
    assert titles("nao vet kenh") == [page.title]
    document.file = ContentFile(b"%PDF-1.4 ban goc moi", name="ban-goc-moi.pdf")
    document._set_file_hash()
    document.save()
    # Read again at once here (the new file is no real PDF): the old text
    # is gone from the reading and from the index.
    assert OriginalText.objects.get(document=document).text == ""
    assert titles("nao vet kenh") == []


def test_a_finished_reading_makes_the_page_findable(sections, monkeypatch):
    document = scanned(status="queued")
    page = directive(sections, original_file=document)
    assert titles("nao vet kenh") == []
    read = Extraction(
        status="done",
        pages=(PageText(1, PAGE_1, "ocr", 0.9), PageText(2, PAGE_2, "ocr", 0.9)),
    )
    monkeypatch.setattr(originals, "extract", lambda path, **options: read)
    originals.run_reading(document.pk)
    assert titles("nao vet kenh") == [page.title]
    assert search(Params(q="nao vet kenh")).hits[0]["original_page"] == 2


def test_a_private_or_draft_page_never_shows_its_original(sections, client):
    draft = directive(sections, original_file=scanned(), live=False)
    private = directive(
        sections, title="Về khơi thông cống rãnh", original_file=scanned()
    )
    assert titles("nao vet kenh") == [private.title]
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert titles("nao vet kenh") == []
    body = client.get("/api/search/", {"q": "nao vet kenh"}).content.decode()
    assert "nạo vét" not in body and draft.title not in body


def test_a_ward_copy_shows_its_library_original_s_text(wards):
    shared = wards["shared"]
    shared.original_file = scanned()
    shared.save_revision().publish()  # Wagtail updates the ward's copy
    ward_b = wards["b"]["site"].pk
    hits = search(Params(q="nao vet kenh", site=ward_b)).hits
    assert [(hit["id"], hit["original_page"]) for hit in hits] == [
        (wards["alias"].pk, 2)
    ]
    assert titles("nao vet kenh", site=Site.objects.get(is_default_site=True).pk) == []


def test_a_body_that_is_the_original_s_text_is_indexed_once(sections):
    document = scanned()
    page = directive(
        sections,
        original_file=document,
        body=paragraphs_to_stream(document.original_text.text),
    )
    doc = build_document(page, Site.get_site_root_paths())
    assert (doc.original, doc.original_pages) == ("", [])
    assert titles("nao vet kenh") == [page.title]
    assert "original_page" not in search(Params(q="nao vet kenh")).hits[0]


def queries_to_build(count):
    with CaptureQueriesContext(connection) as captured:
        built = list(indexing.documents())
    assert len(built) == count
    return len(captured)


def test_building_documents_reads_originals_without_a_query_per_page(sections):
    directive(sections, original_file=scanned())
    directive(sections, title="Về khơi thông cống rãnh")
    one = queries_to_build(2)
    for number in range(3):
        directive(sections, title=f"Về nạo vét đợt {number}", original_file=scanned())
    assert queries_to_build(5) == one
    assert (
        sorted(d.original != "" for d in indexing.documents()) == [False] + [True] * 4
    )


def test_the_versions_say_the_layouts_changed():
    assert (SCHEMA_VERSION, LAYOUT_VERSION) == (7, 3)
    assert FIELD_BOOSTS["original"] < FIELD_BOOSTS["body"] < FIELD_BOOSTS["summary"]
    assert PHRASE_BOOSTS["original"] < PHRASE_BOOSTS["body"]


# -- Elasticsearch: the request bodies, without a cluster ----------------------

DOC = SearchDocument(
    id=7,
    kind="directive",
    title="Về vệ sinh môi trường mùa mưa",
    body="Đoạn thứ nhất.",
    display={"id": 7, "kind": "directive", "title": "Về vệ sinh môi trường mùa mưa"},
)
DOC.add_original(
    f"{PAGE_1}\n\n{PAGE_2}",
    [{"number": 1, "text": PAGE_1}, {"number": 2, "text": PAGE_2}],
)


def test_the_elastic_query_searches_the_original_below_the_body():
    plan = QueryPlan.parse("nạo vét kênh", table=DEFAULT_SYNONYMS)
    query = build_query(plan, Params(q="nạo vét kênh"), "all", now=0)
    inner = query["function_score"]["query"]["bool"]
    word = inner["must"][0]["bool"]["should"][0]["bool"]["must"][0]["multi_match"]
    assert word["fields"] == [
        "number^9.6",
        "title^4.8",
        "about^3.2",
        "summary^2.4",
        "body^1.6",
        "original^0.8",
    ]
    assert inner["should"][-1] == {
        "match_phrase": {
            "original": {"query": "nạo vét kênh", "slop": 0, "boost": 0.75}
        }
    }
    unmarked = QueryPlan.parse("nao vet kenh", table=DEFAULT_SYNONYMS)
    fields = build_query(unmarked, Params(q="nao vet kenh"), "all", now=0)[
        "function_score"
    ]["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["must"][0][
        "multi_match"
    ]["fields"]
    assert fields[-2:] == ["body^1", "original^0.5"]


def test_the_elastic_document_holds_the_original_and_its_pages():
    cls = document_class(DEFAULT_SYNONYMS, "pages-v3")
    mapping = cls._index.to_dict()["mappings"]
    assert mapping["_meta"] == {"layout_version": 3}
    assert mapping["properties"]["original"] == {
        "type": "text",
        "analyzer": "vi_index",
        "search_analyzer": "vi_search",
    }
    assert mapping["properties"]["snippet_original"] == {
        "type": "object",
        "enabled": False,
    }
    source = cls.from_search_document(DOC).to_dict()
    assert source["original"].endswith("nạo vét kênh thoát nước trước ngày 15 tháng 9")
    assert source["snippet_original"] == [
        {"number": 1, "text": PAGE_1},
        {"number": 2, "text": PAGE_2},
    ]
    assert source["snippet_heading"] == "Về vệ sinh môi trường mùa mưa"
    plain = SearchDocument(id=8, kind="notice", title="Thông báo")
    source = cls.from_search_document(plain).to_dict()
    assert "snippet_original" not in source and "snippet_heading" not in source


class FakeCluster:
    """Answers an ElasticEngine's requests with one stored document."""

    def __init__(self, document):
        self.source = (
            document_class(DEFAULT_SYNONYMS, "pages")
            .from_search_document(document)
            .to_dict()
        )
        self.indices = self

    def get_mapping(self, index):
        return {"pages": {"mappings": {"_meta": {"layout_version": LAYOUT_VERSION}}}}

    def count(self, index, query):
        return {"count": 1}

    def search(self, index, **body):
        # Through JSON, as the cluster answers.
        source = json.loads(json.dumps(self.source, ensure_ascii=False))
        buckets = {name: {"buckets": []} for name in body["aggregations"]}
        return {
            "hits": {"total": {"value": 1}, "hits": [{"_source": source}]},
            "aggregations": buckets,
        }


def test_the_elastic_engine_quotes_the_original_s_page():
    engine = ElasticEngine("http://127.0.0.1:1")
    engine.client = FakeCluster(DOC)
    plan = QueryPlan.parse("nao vet kenh", table=DEFAULT_SYNONYMS)
    hit = engine.search(Params(q="nao vet kenh"), plan).hits[0]
    assert (hit["snippet"], hit["original_page"]) == (QUOTED, 2)
