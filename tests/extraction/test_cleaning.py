import unicodedata

import pytest

from directives.extraction.cleaning import (
    clean_pages,
    clean_text,
    drop_running_lines,
    is_page_number,
    join_broken_words,
)


def test_nfd_input_comes_back_nfc():
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân phường Hòa Khánh")
    assert decomposed != "Ủy ban nhân dân phường Hòa Khánh"
    assert clean_text(decomposed) == "Ủy ban nhân dân phường Hòa Khánh"


def test_spaces_controls_and_invisible_characters():
    text = (
        "\r\n  Điều 1.\t Phạm\u00a0vi   điều chỉnh \x00\r\n"
        "Cán\u200b bộ\u00ad\r\n\r\n\r\n\r\nĐiều 2.  \r\n\n"
    )
    assert clean_text(text) == "Điều 1. Phạm vi điều chỉnh\nCán bộ\n\nĐiều 2."


def test_a_soft_hyphen_at_a_line_end_joins_the_word():
    assert clean_text("docu\u00ad\nment") == "document"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # Vietnamese syllables are words of their own.
        ("phát-\ntriển kinh tế", "phát triển kinh tế"),
        # Plain ASCII pieces are one word; WeasyPrint's hyphen is U+2010.
        ("docu-\nment", "document"),
        ("inter\u2010\nnational", "international"),
        # A capital or a digit after the hyphen: the hyphen is the text's.
        ("Chỉ thị số 29-\nCT/TU ngày", "Chỉ thị số 29-CT/TU ngày"),
        ("chủ nghĩa Mác-\nLênin", "chủ nghĩa Mác-Lênin"),
        ("Nghị định 90/2013/\nNĐ-CP", "Nghị định 90/2013/\nNĐ-CP"),
        ("số 26/CT-\nTTg", "số 26/CT-TTg"),
        # A dash after a space, a list dash, a symbol inside a line: untouched.
        ("Hà Nội -\nnay", "Hà Nội -\nnay"),
        ("các việc sau:\n- kiểm tra", "các việc sau:\n- kiểm tra"),
        ("Chỉ thị 29-CT/TU\nvề", "Chỉ thị 29-CT/TU\nvề"),
    ],
)
def test_words_broken_at_a_line_end(text, joined):
    assert join_broken_words(text) == joined


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2", True),
        ("- 2 -", True),
        ("(12)", True),
        ("Trang 2", True),
        ("Trang 2/3", True),
        ("trang 2 / 13", True),
        ("1.", False),
        ("2025", False),
        ("Điều 2", False),
        ("29-CT/TU", False),
    ],
)
def test_page_numbers(line, expected):
    assert is_page_number(line) is expected


def test_running_headers_and_footers_are_dropped():
    pages = [
        "ĐẢNG BỘ TỈNH QUẢNG NAM\nTỈNH ỦY\n\nChỉ thị số 29-CT/TU\nvề phòng cháy\n"
        "Văn phòng Tỉnh ủy - bản lưu\n1",
        "Chỉ thị số 29-CT/TU\n1. Quán triệt\n2. Kiểm tra\n"
        "Văn phòng Tỉnh ủy - bản lưu\nTrang 2",
        # OCR read the header a little differently on this page.
        "Chi thị số 29-CT/TU\n3. Diễn tập\nVăn phòng Tình ủy - bản lưu\n- 3 -",
    ]
    assert drop_running_lines(pages) == [
        "ĐẢNG BỘ TỈNH QUẢNG NAM\nTỈNH ỦY\n\nChỉ thị số 29-CT/TU\nvề phòng cháy",
        "1. Quán triệt\n2. Kiểm tra",
        "3. Diễn tập",
    ]


def test_pages_opening_with_the_same_formula_keep_it():
    pages = [
        "Thực hiện chủ trương của cấp trên về tổ chức\nkỳ thi",
        "Thực hiện chủ trương của cấp trên về thực hiện\nnếp sống",
        "Thực hiện chủ trương của cấp trên về phòng chống\nđuối nước",
    ]
    assert drop_running_lines(pages) == pages


def test_a_line_on_fewer_than_most_pages_stays():
    pages = [
        "Chỉ thị số 29-CT/TU\nMột",
        "Chỉ thị số 29-CT/TU\nHai",
        "Ba\nBốn",
        "Năm\nSáu",
    ]
    assert drop_running_lines(pages) == pages


def test_one_page_loses_only_its_page_number():
    assert clean_pages(["Chỉ thị số 29-CT/TU\nvề phòng cháy\n\n2\n"]) == [
        "Chỉ thị số 29-CT/TU\nvề phòng cháy"
    ]
