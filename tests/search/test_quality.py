"""Search quality on the shared evaluation corpus (skipped outside the workplace).

The rules are general (folding, tone placement, symbols, abbreviations); the
exact rankings below pin them down on real documents.
"""

import pytest

from search import evaluation
from tests.conftest import shared_file

pytestmark = pytest.mark.django_db

CUCHAY = "Thông báo kiểm tra an toàn phòng cháy, chữa cháy tại các hộ kinh doanh"
TW4 = "Thông báo tổ chức hội nghị quán triệt Nghị quyết Trung ương 4 khóa XII"


@pytest.fixture
def dev_queries():
    return evaluation.load_queries(shared_file("eval", "dev_queries.jsonl"))


def top(q, n):
    return evaluation.portal_names(q)[:n]


def test_dev_queries_mrr_at_least_095_and_no_miss(corpus, dev_queries):
    report = evaluation.evaluate("portal", dev_queries, evaluation.portal_names)
    assert report.misses == 0, evaluation.format_report(report)
    assert report.mrr >= 0.95, evaluation.format_report(report)


# (query, expected first results): every rule checked in one import.
RANKINGS = [
    # dev queries, exactly
    ("chỉ thị 16/CT-TTg", ["16/CT-TTg"]),
    ("chi thi 16 cach ly", ["16/CT-TTg"]),
    ("tam guong dao duc ho chi minh", ["03-CT/TW"]),
    ("nghị định 30/2020", ["30/2020/NĐ-CP"]),
    ("cháy nổ khu dân cư", ["29/CT-UBND"]),
    ("chay no khu dan cu", ["29/CT-UBND"]),
    ("uỷ ban nhân dân quận Đống Đa", ["17/CT-UBND"]),
    # symbols in any spelling, đ typed as d, a stray quote
    ("29 CT TU", ["29-CT/TU"]),
    ("29-ct/tu", ["29-CT/TU"]),
    ("90/2013/ND-CP", ["90/2013/NĐ-CP"]),
    ("90 2013 nd cp", ["90/2013/NĐ-CP"]),
    ('"16/ct-ttg', ["16/CT-TTg"]),
    # the other tone placement
    ("hoà cường nam", ["18/KH-UBND"]),
    ("hòa cường nam", ["18/KH-UBND"]),
    # abbreviations both ways
    ("UBND quận Đống Đa", ["17/CT-UBND"]),
    ("TTHC điện tử", ["08/CT-TTg"]),
    ("thu tuc hanh chinh dien tu", ["08/CT-TTg"]),
    ("PCCC", [CUCHAY, "29/CT-UBND"]),
    ("Nghị quyết TW4", ["04-NQ/TW", TW4]),
    ("nghi quyet tw4", ["04-NQ/TW", TW4]),
]


def test_rankings(corpus):
    got = {q: top(q, len(expected)) for q, expected in RANKINGS}
    assert got == dict(RANKINGS)


def test_a_slogan_finds_its_article_and_its_directive_first(corpus):
    """The issue's wording: "5 xay 3 chong" finds the campaign and Chỉ thị
    29-CT/TU first (which of the two leads is the ranking's choice)."""
    slogan = "5 xây, 3 chống: Biến khẩu hiệu thành việc làm cụ thể"
    for q in ("5 xay 3 chong", "5 xây 3 chống", "5 xây, 3 chống"):
        assert sorted(top(q, 2)) == sorted([slogan, "29-CT/TU"]), q


def test_document_type_and_number_with_or_without_leading_zero(corpus):
    assert sorted(top("chi thi 05", 2)) == ["05-CT/TW", "05/CT-UBND"]
    assert sorted(top("chỉ thị 5", 2)) == ["05-CT/TW", "05/CT-UBND"]
    assert sorted(top("chi thi 29", 2)) == ["29-CT/TU", "29/CT-UBND"]


def test_honest_queries_needs_found_no_answers_honest_no_false_marks(corpus):
    """`dev_honest_queries.jsonl`: every need answered ("all", in the top
    3), every query without an answer says "none" or "partial", and no
    snippet marks a word the query did not ask for."""
    queries = evaluation.load_queries(shared_file("eval", "dev_honest_queries.jsonl"))
    report = evaluation.evaluate_honest(queries)
    assert report.passed, evaluation.format_honest(report)
    assert report.wrong_marks == 0


# A resident's question, with the exact answer the corpus holds.
HONEST = [
    ("cấp sổ đỏ", "partial"),  # no land page: "sổ" is not "số", "đỏ" not "độ"
    ("5 xây 3 chống", "all"),
    ("hòm thư góp ý ở đâu", "all"),
    ("qwzx", "none"),
]


@pytest.mark.parametrize(("q", "match"), HONEST)
def test_match_levels_on_the_corpus(corpus, q, match):
    assert evaluation.run_portal(q)["match"] == match


def test_a_bare_digit_is_not_a_weekday_word(corpus):
    snippets = [
        hit["snippet"] for hit in evaluation.run_portal("5 xay 3 chong")["results"]
    ]
    assert not any("<mark>Ba</mark>" in s or "<mark>ba</mark>" in s for s in snippets)
    assert "29-CT/TU" in top("5 xay 3 chong", 2)
