import unicodedata

import pytest

from search.plan import Params
from search.query import search
from tests.factories import NoticePageFactory
from tests.search.wards import make_wards

# Words of every shape analysis meets, for the tests of search.analysis.
WORDS = [
    "Hòa",
    "hoà",
    "Thuỷ",
    "khoá",
    "Uỷ ban nhân dân",
    "Đà Nẵng",
    "Nguyễn",
    "người",
    "khuỷu",
    "ngoài",
    "giữa",
    "quý",
    "thuở",
    "rượu",
    "THUỶ LỢI",
    "Chỉ thị số 29-CT/TU",
    "90/2013/NĐ-CP",
    "café",
    "COVID-19",
    "  tổ\u00a0dân   phố ",
]


def nfd(text):
    """`text` decomposed, as some keyboards and pasted PDFs give it."""
    return unicodedata.normalize("NFD", text)


@pytest.fixture(autouse=True)
def search_index(private_index):
    """A fresh, empty embedded index for every test of search."""
    return private_index


@pytest.fixture
def corpus(db, corpus_path):
    """The shared evaluation corpus, imported (and so indexed)."""
    from django.core.management import call_command

    call_command("import_documents", str(corpus_path), stdout=open("/dev/null", "w"))


# A word found on no page but the ones a test of index faults makes.
WORD = "thủylôi"


def found(q=WORD) -> list[str]:
    """The titles search finds for `q`, sorted."""
    return sorted(h["title"] for h in search(Params(q=q)).hits)


@pytest.fixture
def notice(sections):
    """A live notice that holds WORD."""
    return NoticePageFactory(
        parent=sections["NoticeIndexPage"], title=f"Thông báo {WORD} công khai"
    )


@pytest.fixture
def wards(sections):
    """Three ward sites, the city library and a shared directive's alias in
    ward B (tests/search/wards.py)."""
    return make_wards(sections)
