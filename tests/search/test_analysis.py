"""Tests for search.analysis: Vietnamese normalisation, symbols and synonyms."""

import json
import unicodedata
from pathlib import Path

import pytest

from search import analysis
from search.analysis import (
    DEFAULT_SYNONYMS,
    QUERY_SYMBOL_RE,
    SYMBOL_RE,
    Symbol,
    analyze,
    clean_controls,
    clean_number,
    expand_query,
    find_symbols,
    fold,
    looks_like_symbol,
    nfc,
    normalize,
    symbol_key,
    tokenize,
    unify_tone_marks,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "corpus.jsonl"


def nfd(text):
    return unicodedata.normalize("NFD", text)


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


# --- nfc / normalize -------------------------------------------------------


def test_nfc_composes_decomposed_input():
    assert nfc(nfd("Thủy lợi")) == "Thủy lợi"
    assert len(nfc(nfd("ủ"))) == 1


@pytest.mark.parametrize(
    ("traditional", "modern"),
    [
        ("hòa", "hoà"),
        ("thủy", "thuỷ"),
        ("khóa", "khoá"),
        ("ủy", "uỷ"),
        ("hóa", "hoá"),
        ("tòa", "toà"),
        ("lòe", "loè"),
        ("thúy", "thuý"),
        ("khỏe", "khoẻ"),
        ("họa", "hoạ"),
        ("lũy", "luỹ"),
        ("xõa", "xoã"),
    ],
)
def test_both_tone_placements_normalize_to_the_traditional_one(traditional, modern):
    assert normalize(modern) == traditional
    assert normalize(traditional) == traditional
    assert normalize(modern.upper()) == traditional
    assert normalize(nfd(modern)) == traditional


@pytest.mark.parametrize(
    "word",
    [
        "hoàn",
        "khoảng",
        "thuyết",
        "hoàng",
        "quý",
        "quỳnh",
        "thuở",
        "khuỷu",
        "ngoài",
        "xoáy",
        "giữa",
        "già",
        "gìn",
        "giỏi",
        "người",
        "nguyễn",
        "của",
        "quá",
        "tuần",
        "hoặc",
        "suýt",
        "rượu",
    ],
)
def test_words_with_a_single_placement_are_unchanged(word):
    assert normalize(word) == word


def test_misplaced_marks_after_qu_are_corrected():
    assert normalize("qủy") == "quỷ"
    assert normalize("qúa") == "quá"


def test_foreign_words_keep_their_marks():
    assert normalize("Café naïve") == "café naïve"


def test_unify_tone_marks_keeps_case():
    text = "Hoà Vang, THUỶ LỢI, Uỷ ban"
    assert unify_tone_marks(text) == "Hòa Vang, THỦY LỢI, Ủy ban"


def test_normalize_cleans_whitespace_and_invisible_characters():
    text = "  Uỷ\u00a0ban\tnhân\n\n dân\u200b phường\u00ad "
    assert normalize(text) == "ủy ban nhân dân phường"


def test_normalize_keeps_d_stroke_and_unifies_dashes():
    assert normalize("ĐÀ NẴNG") == "đà nẵng"
    assert normalize("29\u2013CT/TU \u2014 Thành ủy") == "29-ct/tu - thành ủy"
    # Icelandic eth typed for Đ by old converters.
    assert normalize("\u00d0à Nẵng") == "đà nẵng"


def test_normalize_handles_decomposed_input():
    assert normalize(nfd("Thuỷ lợi Hoà Vang")) == "thủy lợi hòa vang"


# --- control characters ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        # Word's line break inside a paragraph, form feed, NEL, U+2028/2029.
        ("Tổ 5\x0bTổ 6", "Tổ 5\nTổ 6"),
        ("a\x0cb\x85c\u2028d\u2029e", "a\nb\nc\nd\ne"),
        # NUL, the other C0 and C1 controls, DEL: removed.
        ("Thông\x00 báo\x1f\x1b[31m", "Thông báo[31m"),
        ("a\x7fb\x80c\x9fd", "abcd"),
        # Lone surrogates (JSON "\ud800") and XML's non-characters.
        ("x\ud800y\udfffz\ufffe\uffff", "xyz"),
        # Tab, newline and carriage return stay; nothing else is touched.
        ("  Uỷ ban\t\r\n phường\u00a0\u200b ", "  Uỷ ban\t\r\n phường\u00a0\u200b "),
        ("", ""),
    ],
)
def test_clean_controls(text, clean):
    assert clean_controls(text) == clean
    assert clean_controls(clean) == clean


def test_clean_controls_returns_clean_text_itself():
    text = "Chỉ thị 29-CT/TU\n\nĐoạn hai." * 100
    assert clean_controls(text) is text


# --- fold ------------------------------------------------------------------


def test_fold_removes_every_diacritic_and_reads_d_stroke_as_d():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("ệ ồ ố") == "e o o"
    assert fold("Ủy ban nhân dân") == "uy ban nhan dan"
    assert fold("ĐƯỜNG Ước") == "duong uoc"
    assert fold(nfd("Thuỷ")) == fold("thủy") == "thuy"


@pytest.mark.parametrize("text", WORDS)
def test_folding_and_normalising_are_stable(text):
    assert fold(normalize(text)) == fold(text)
    assert fold(fold(text)) == fold(text)
    assert normalize(normalize(text)) == normalize(text)
    assert normalize(nfd(text)) == normalize(text)
    assert fold(text).isascii() or not text.isascii()


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


# --- synonyms --------------------------------------------------------------


def test_expand_query_tw4():
    assert expand_query("Nghị quyết TW4") == [
        "nghị quyết tw4",
        "nghị quyết tw 4",
        "nghị quyết trung ương 4",
        "nghị quyết hội nghị trung ương 4",
    ]


def test_expand_query_prefers_the_longest_phrase():
    assert expand_query("hội nghị trung ương 4") == [
        "hội nghị trung ương 4",
        "tw4",
        "tw 4",
        "trung ương 4",
    ]


def test_expand_query_ubnd_both_ways():
    assert expand_query("UBND phường") == ["ubnd phường", "ủy ban nhân dân phường"]
    assert expand_query("uỷ ban nhân dân quận Đống Đa") == [
        "ủy ban nhân dân quận đống đa",
        "ubnd quận đống đa",
    ]


def test_expand_query_matches_without_diacritics_and_restores_them():
    assert expand_query("uy ban nhan dan") == [
        "uy ban nhan dan",
        "ubnd",
        "ủy ban nhân dân",
    ]


def test_expand_query_type_codes_only_before_a_number():
    assert expand_query("CT 16") == ["ct 16", "chỉ thị 16"]
    assert expand_query("chỉ thị 16") == ["chỉ thị 16", "ct 16"]
    assert expand_query("ct") == ["ct"]
    assert expand_query("29-CT/TU") == ["29-ct-tu"]
    assert expand_query("chi thi 29 ct tu") == ["chi thi 29-ct-tu"]


def test_expand_query_takes_the_table_as_a_parameter():
    table = (("hộ nghèo", "hộ có hoàn cảnh khó khăn"),)
    assert expand_query("ho ngheo phuong", synonyms=table) == [
        "ho ngheo phuong",
        "hộ nghèo phuong",
        "hộ có hoàn cảnh khó khăn phuong",
    ]
    assert expand_query("UBND", synonyms=()) == ["ubnd"]
    # The admin hands over lists, not tuples.
    assert expand_query("TDP 5", synonyms=[["TDP", "tổ dân phố"]]) == [
        "tdp 5",
        "tổ dân phố 5",
    ]


def test_expand_query_is_bounded_and_empty_for_blank_input():
    variants = expand_query("UBND HĐND MTTQ TDP KDC", limit=5)
    assert len(variants) == len(set(variants)) == 5
    assert variants[0] == "ubnd hđnd mttq tdp kdc"
    assert expand_query("  ,  ") == []


def test_default_synonyms_groups_do_not_overlap():
    seen = {}
    for group in DEFAULT_SYNONYMS:
        assert len(group) >= 2
        for phrase in group:
            folded = fold(phrase)
            assert folded not in seen, (phrase, seen.get(folded))
            seen[folded] = group


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


def test_slugify_folds_vietnamese_and_keeps_number_parts_apart():
    assert analysis.slugify("Thông báo tổng vệ sinh") == "thong-bao-tong-ve-sinh"
    assert analysis.slugify("Đường Đống Đa") == "duong-dong-da"
    assert analysis.slugify("Kế hoạch 12/KH-UBND, năm 2026.") == (
        "ke-hoach-12-kh-ubnd-nam-2026"
    )
    assert analysis.slugify("???") == ""


def test_slug_transliterations_mirror_slugify_in_the_browser():
    """What Wagtail's slug widget does with the formatters, then its urlify."""
    import re

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


@pytest.mark.parametrize(
    ("word", "unified"),
    [
        ("kí", "ký"),
        ("ký", "ký"),
        ("kì", "kỳ"),
        ("kĩ", "kỹ"),
        ("lí", "lý"),
        ("mĩ", "mỹ"),
        ("sĩ", "sỹ"),
        ("ti", "ty"),
        ("hi", "hy"),
        ("qui", "quy"),
        ("quí", "quý"),
        ("ki", "ky"),  # folded too
        ("vi", "vi"),  # "vi phạm": never y
        ("khi", "khi"),
        ("thi", "thi"),
        ("tai", "tai"),
        ("kim", "kim"),
    ],
)
def test_a_final_i_or_y_after_h_k_l_m_s_t_qu_is_one_spelling(word, unified):
    assert analysis.unify_i_y(word) == unified


def test_analysis_reads_ki_as_ky_both_in_text_and_in_queries():
    assert analysis.analyze("Đăng kí tạm trú, công ti").exact == [
        "đăng",
        "ký",
        "tạm",
        "trú",
        "công",
        "ty",
    ]
    assert analysis.analyze("dang ki", query=True).folded == ["dang", "ky"]
    assert analysis.i_y_spellings("kí") == ("ký", "kí")
    assert analysis.i_y_pattern("ký") == analysis.i_y_pattern("kí") == "k[ýí]"
    assert analysis.i_y_spellings("ty") == ("ty", "ti")
    assert analysis.i_y_spellings("tiếp") == ("tiếp",)
    # The admin's database index holds both spellings; queries stay as typed.
    assert analysis.other_spellings("Đăng kí, công ty, tiếp") == ["ky", "ti"]
    assert analysis.marked_words("đăng kí") == ["d9a8ng", "ky1", "ki1"]
    assert analysis.database_query("đăng kí") == "d9a8ng ki1"
