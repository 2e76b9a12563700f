"""search.analysis cuts text into tokens: exact and folded, slugs, the
admin database's words and the keys that keep diacritics in ASCII."""

import re
import unicodedata

import pytest

from search import analysis
from search.analysis import analyze, fold, tokenize
from tests.search.conftest import WORDS

# --- tokens ----------------------------------------------------------------


def test_tokenize_splits_words_and_keeps_symbols_and_numbers_whole():
    text = "Thực hiện Chỉ thị số 29-CT/TU, ngày 10/12/2013! Phạt 2.000.000 đồng."
    assert tokenize(text) == [
        "thực",
        "hiện",
        "chỉ",
        "thị",
        "số",
        "29-ct-tu",
        "ngày",
        "10",
        "12",
        "2013",
        "phạt",
        "2.000.000",
        "đồng",
    ]


def test_tokenize_abbreviations_and_codes():
    assert tokenize("Nghị quyết TW4 về COVID-19") == [
        "nghị",
        "quyết",
        "tw4",
        "về",
        "covid",
        "19",
    ]


def test_spaced_symbol_is_one_token_only_in_queries():
    assert tokenize("chi thi 29 ct tu", query=True) == ["chi", "thi", "29-ct-tu"]
    assert tokenize("chi thi 29 ct tu") == ["chi", "thi", "29", "ct", "tu"]


def test_analyze_gives_parallel_exact_and_folded_tokens():
    analyzed = analyze("Hoà bình, 90/2013/NĐ-CP")
    assert analyzed.exact == ["hòa", "bình", "90-2013-nđ-cp"]
    assert analyzed.folded == ["hoa", "binh", "90-2013-nd-cp"]
    assert analyzed.exact_text == "hòa bình 90-2013-nđ-cp"
    assert analyzed.folded_text == "hoa binh 90-2013-nd-cp"


@pytest.mark.parametrize("text", WORDS)
def test_analyze_lists_have_equal_length_and_fold_alike(text):
    analyzed = analyze(text)
    assert len(analyzed.exact) == len(analyzed.folded)
    assert analyze(fold(text)).folded == analyzed.folded


def test_all_symbol_spellings_give_the_same_folded_token():
    folded = {
        analyze(spelling, query=True).folded_text
        for spelling in ("29-CT/TU", "29 CT TU", "29-ct/tu", "29\u2013CT/TU")
    }
    assert folded == {"29-ct-tu"}


def test_slugify_folds_vietnamese_and_keeps_number_parts_apart():
    assert analysis.slugify("Thông báo tổng vệ sinh") == "thong-bao-tong-ve-sinh"
    assert analysis.slugify("Đường Đống Đa") == "duong-dong-da"
    assert analysis.slugify("Kế hoạch 12/KH-UBND, năm 2026.") == (
        "ke-hoach-12-kh-ubnd-nam-2026"
    )
    assert analysis.slugify("???") == ""


def test_slug_transliterations_mirror_slugify_in_the_browser():
    """What Wagtail's slug widget does with the formatters, then its urlify."""

    def browser(text):
        for pattern, replacement in analysis.slug_transliterations():
            text = re.sub(pattern, replacement, unicodedata.normalize("NFC", text))
        text = re.sub(r"[^-\w\s]", "", text.lower())
        return re.sub(r"[-\s]+", "-", text).strip("-")

    for title in ("Thông báo tổng vệ sinh", "Kế hoạch 12/KH-UBND", "Đường Đống Đa"):
        assert browser(title) == analysis.slugify(title)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("29-CT/TU", "29cttu"),
        ("29 CT TU", "29cttu"),
        ("Chỉ thị số 29-CT/TU", "29cttu"),
        ("chi thi 29", "chi thi 29"),
        ("chỉ thị 29", "chi3 thi5 29"),
        ("thực hiện 86/KH-UBND ở phường", "thu75c hie65n 86khubnd o73 phu7o72ng"),
        ("thuc hien 86 KH UBND o phuong", "thuc hien 86khubnd o phuong"),
        ("???", ""),
    ],
)
def test_database_query_turns_symbols_into_one_word(query, expected):
    assert analysis.database_query(query) == expected


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("sổ", "so63"),
        ("số", "so61"),
        ("so", None),
        ("đỏ", "d9o3"),
        ("độ", "d9o65"),
        ("cấp", "ca61p"),
        ("cáp", "ca1p"),
        ("hòa", "hoa2"),
        ("hoà", "hoa2"),  # both tone placements: one key
        ("hoàng", "hoa2ng"),  # "hoà" typed so far is a prefix of it
        ("thủy", "thuy3"),
        ("thuỷ", "thuy3"),
        ("người", "ngu7o7i2"),
        ("năm", "na8m"),
        ("café", "cafe1"),
    ],
)
def test_marked_key_tells_diacritics_apart_in_ascii(word, key):
    assert analysis.marked_key(word) == key


def test_marked_words_keep_only_the_accented_words_in_order():
    text = "Ủy ban phường Hoà Cường, 29-CT/TU, tổ 5 Mỹ An"
    assert analysis.marked_words(text) == [
        "uy3",
        "phu7o72ng",
        "hoa2",
        "cu7o72ng",
        "to63",
        "my4",
        "mi4",  # Mỹ is also written Mĩ
    ]
