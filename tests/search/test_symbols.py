"""search.analysis reads document symbols (số, ký hiệu): found in text,
keyed whatever the spelling, cleaned for the editor."""

import json
from pathlib import Path

import pytest

from search.analysis import (
    QUERY_SYMBOL_RE,
    SYMBOL_RE,
    Symbol,
    clean_number,
    find_symbols,
    looks_like_symbol,
    symbol_key,
)
from tests.search.conftest import nfd

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "corpus.jsonl"


# --- symbols in text -------------------------------------------------------

PARAGRAPH = (
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 và Kế hoạch 169/KH-UBND "
    "ngày 12/10/2016 của UBND thành phố; Nghị định 90/2013/NĐ-CP, Nghị quyết "
    "04-NQ/TW, Hướng dẫn 36-HD/VPTW, Thông tư 35/2021/TT-BTC, Quyết định "
    "01/2024/QĐ-UBND và 45/QĐ-UBND, Luật 45/2019/QH14."
)


def test_symbol_re_finds_every_symbol_but_no_date():
    assert [m.group() for m in SYMBOL_RE.finditer(PARAGRAPH)] == [
        "26/CT-TTg",
        "169/KH-UBND",
        "90/2013/NĐ-CP",
        "04-NQ/TW",
        "36-HD/VPTW",
        "35/2021/TT-BTC",
        "01/2024/QĐ-UBND",
        "45/QĐ-UBND",
        "45/2019/QH14",
    ]


def test_symbol_re_ignores_dates_numbers_and_paths():
    text = (
        "ngày 05/9/2016, năm 2013-12-10, phạt 2.000.000 đồng, COVID-19, "
        "đạt 97%, 3-4 lần/ngày, 1/2 ha, xem /van-ban/29-ct-tu/"
    )
    assert list(SYMBOL_RE.finditer(text)) == []


def test_symbol_re_accepts_lower_case_and_missing_d_stroke():
    text = "theo 29-ct/tu và 90/2013/ND-CP, 169/ KH-UBND"
    assert [m.group() for m in SYMBOL_RE.finditer(text)] == [
        "29-ct/tu",
        "90/2013/ND-CP",
        "169/ KH-UBND",
    ]


def test_spaced_symbols_are_found_only_in_loose_mode():
    text = "chi thi 29 CT TU, 16 ct ttg ve cach ly"
    assert find_symbols(text) == []
    assert [s.key for s in find_symbols(text, loose=True)] == ["29-ct-tu", "16-ct-ttg"]
    assert QUERY_SYMBOL_RE.search("5 xây 3 chống, chi thi 16 cach ly") is None


def test_find_symbols_parses_the_parts():
    assert find_symbols("Nghị định 90/2013/NĐ-CP và 26/ct-ttg") == [
        Symbol(
            text="90/2013/NĐ-CP",
            number="90",
            year="2013",
            type_code="NĐ",
            issuer_code="CP",
            key="90-2013-nd-cp",
        ),
        Symbol(
            text="26/ct-ttg",
            number="26",
            year=None,
            type_code="CT",
            issuer_code="TTg",
            key="26-ct-ttg",
        ),
    ]


def test_find_symbols_law_and_joint_issuers():
    law, joint = find_symbols("Luật 45/2019/QH14 và 35/2021/TTLT-BTC-BTP")
    assert (law.type_code, law.issuer_code, law.key) == (None, "QH14", "45-2019-qh14")
    assert (joint.type_code, joint.issuer_code) == ("TTLT", "BTC-BTP")
    assert joint.token == "35-2021-ttlt-btc-btp"


def test_symbol_number_is_as_printed_but_key_drops_leading_zeros():
    (symbol,) = find_symbols("Chỉ thị 05-CT/TW")
    assert (symbol.number, symbol.key, symbol.token) == ("05", "5-ct-tw", "5-ct-tw")


# --- symbol keys -----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "spellings"),
    [
        (
            "29-ct-tu",
            [
                "29-CT/TU",
                "29 CT TU",
                "29-ct/tu",
                "29\u2013CT/TU",
                "29\u2014CT/TU",
                " 29 - CT / TU ",
                "29/CT-TU",
                "29ct/tu",
                "Chỉ thị số 29-CT/TU.",
                "chi thi so 29 ct tu",
            ],
        ),
        (
            "90-2013-nd-cp",
            [
                "90/2013/NĐ-CP",
                "90/2013/ND-CP",
                "90/2013/nđ-cp",
                "90 2013 nd cp",
                "90/2013/N\u00d0-CP",
                nfd("Nghị định 90/2013/NĐ-CP"),
            ],
        ),
        ("5-ct-tw", ["05-CT/TW", "5-CT/TW", "05 ct tw"]),
        ("26-ct-ttg", ["26/CT-TTg", "26/CT-TTG", "26 ct ttg"]),
        ("1-2024-qd-ubnd", ["01/2024/QĐ-UBND", "1/2024/QD-UBND"]),
        ("36-hd-vptw", ["36-HD/VPTW", "36 hd vptw"]),
    ],
)
def test_symbol_key_is_the_same_for_every_spelling(key, spellings):
    assert {symbol_key(s) for s in spellings} == {key}


def test_symbol_keys_tell_different_documents_apart():
    symbols = [
        "29-CT/TU",
        "29/CT-UBND",
        "26/CT-TTg",
        "29-CT/TW",
        "290-CT/TU",
        "29-NQ/TU",
        "90/2013/NĐ-CP",
        "90/2014/NĐ-CP",
        "90/NĐ-CP",
    ]
    keys = [symbol_key(s) for s in symbols]
    assert None not in keys
    assert len(set(keys)) == len(symbols)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "29",
        "ngày 05/9/2016",
        "Chỉ thị",
        "CT/TU",
        "29/CT",
        "chi thi 29",
        "chi thi 16 cach ly",
        "nghị định 30/2020",
        "2.000.000",
        "5 xây 3 chống",
        "29-CT/TU và 26/CT-TTg",
    ],
)
def test_symbol_key_is_none_for_non_symbols(text):
    assert symbol_key(text) is None
    assert looks_like_symbol(text) is False


@pytest.mark.parametrize(
    "query",
    [
        "29-CT/TU",
        "29 CT TU",
        " 16/CT-TTg ",
        "chỉ thị 16/CT-TTg",
        "Nghị định số 90/2013/NĐ-CP.",
        "90 2013 nd cp",
        "35/2021/TT-BTC",
        "ke hoach 169 kh ubnd",
    ],
)
def test_looks_like_symbol(query):
    assert looks_like_symbol(query) is True


# --- clean_number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        (" 29 - ct/tu ", "29-CT/TU"),
        ("26/ct-ttg", "26/CT-TTg"),
        ("90/2013/nđ-cp", "90/2013/NĐ-CP"),
        (nfd("90/2013/NĐ-CP"), "90/2013/NĐ-CP"),
        ("29\u2013CT/TU", "29-CT/TU"),
        ("169 / kh - ubnd", "169/KH-UBND"),
        ("05-CT/TW", "05-CT/TW"),
        ("01-ctr/tu", "01-CTr/TU"),
        ("08-qđi/tw", "08-QĐi/TW"),
        ("12/ttr-ubnd", "12/TTr-UBND"),
        ("45/2019/qh14", "45/2019/QH14"),
        ("35/2021/ttlt-btc-btp", "35/2021/TTLT-BTC-BTP"),
    ],
)
def test_clean_number(raw, printed):
    assert clean_number(raw) == printed
    assert clean_number(printed) == printed


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "chưa nhập"),
        ("   ", "chưa nhập"),
        ("CT/TU", "phải bắt đầu bằng số"),
        ("Chỉ thị 29-CT/TU", "phải bắt đầu bằng số"),
        ("29", "thiếu ký hiệu loại văn bản và cơ quan ban hành"),
        ("05/9/2016", "thiếu ký hiệu loại văn bản và cơ quan ban hành"),
        ("29 CT TU", "các phần phải nối bằng"),
        ("29/CT", "cần có dạng như 29-CT/TU"),
        ("29-CT/TU ngày 10/12", "cần có dạng như 29-CT/TU"),
    ],
)
def test_clean_number_rejects_what_is_not_a_symbol(raw, reason):
    with pytest.raises(ValueError, match=r"^Số, ký hiệu không hợp lệ") as error:
        clean_number(raw)
    assert reason in str(error.value)


# --- the shared evaluation corpus ------------------------------------------


def test_corpus_numbers_are_clean_and_keys_distinct():
    if not CORPUS.exists():
        pytest.skip("../shared/eval not present")
    numbers = [
        record["number"]
        for line in CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for record in [json.loads(line)]
        if record["kind"] == "directive"
    ]
    assert numbers
    assert [clean_number(n) for n in numbers] == numbers
    keys = [symbol_key(n) for n in numbers]
    assert None not in keys
    assert len(set(keys)) == len(keys)
