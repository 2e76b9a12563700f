"""search.analysis makes one spelling of Vietnamese text: NFC, either
tone-mark placement, control characters, folding (đ is d), final i or y."""

import unicodedata

import pytest

from search import analysis
from search.analysis import (
    clean_controls,
    fold,
    nfc,
    normalize,
    strip_marks,
    unify_tone_marks,
)
from search.spelling.characters import LETTERS_RE
from search.spelling.tones import retone_word
from tests.search.conftest import WORDS, nfd

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


def test_unify_tone_marks_after_its_words_were_seen_unchanged():
    """The fast path (distinct words looked up once, a text rewritten only
    when one moves) gives what rewriting word by word gives, also for a
    text mixing words met before with one that moves."""
    seen = "Hòa Vang thủy lợi ủy ban nhân dân phường"
    assert unify_tone_marks(seen) == seen
    assert unify_tone_marks(seen + ". Hoà giải") == seen + ". Hòa giải"
    mixed = "ủy ban HOÀ giải, thuỷ lợi và khoá học; Café naïve"
    by_word = " ".join(
        LETTERS_RE.sub(lambda m: retone_word(m.group()), part)
        for part in mixed.split(" ")
    )
    assert (
        unify_tone_marks(mixed)
        == by_word
        == ("ủy ban HÒA giải, thủy lợi và khóa học; Café naïve")
    )
    assert unify_tone_marks(nfd(mixed)) == by_word


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


def _stripped_by_decomposition(text: str) -> str:
    """What `strip_marks` promises, the slow way: decompose, drop every
    combining mark, "đ" as "d", compose."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def test_strip_marks_is_decomposition_without_marks_for_every_character():
    """`strip_marks` translates character by character (a table learnt on
    first sight); it must agree with decomposing the whole text, for every
    letter of Latin scripts, Vietnamese in both normal forms and in words."""
    chars = [chr(code) for code in range(0x20, 0x2000)]
    assert [strip_marks(c) for c in chars] == [
        _stripped_by_decomposition(c) for c in chars
    ]
    for text in (
        "Chỉ thị 29-CT/TU của Thành ủy Đà Nẵng về “5 xây, 3 chống”",
        unicodedata.normalize("NFD", "Ủy ban nhân dân phường Hòa Cường Bắc"),
        "x\u0301 q\u0323 ĐƯỜNG ĐỎ ǅ ǈ",
    ):
        assert strip_marks(text) == _stripped_by_decomposition(text)
