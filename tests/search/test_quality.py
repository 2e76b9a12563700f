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
    ("5 xay 3 chong", ["29-CT/TU"]),
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


def test_document_type_and_number_with_or_without_leading_zero(corpus):
    assert sorted(top("chi thi 05", 2)) == ["05-CT/TW", "05/CT-UBND"]
    assert sorted(top("chỉ thị 5", 2)) == ["05-CT/TW", "05/CT-UBND"]
    assert sorted(top("chi thi 29", 2)) == ["29-CT/TU", "29/CT-UBND"]
