"""OCR of scans drawn from known text: skewed, turned, soiled; read back
within 2 % character error rate."""

import pytest
from PIL import Image

from directives.extraction import extract, ocr_available
from directives.extraction.ocr import skew_angle, text_from_tsv

from .scans import PAGES, cer, draw_page, edit_distance

MAX_CER = 0.02


def test_edit_distance():
    assert edit_distance("chi bộ", "chỉ bộ") == 1
    assert edit_distance("", "abc") == 3
    assert cer("Điều 1.\nPhạm vi", "Điều 1. Phạm vị") == 1 / 15


def test_a_two_page_scan_is_read_upright_without_its_running_lines(tesseract, scans):
    result = extract(scans["pdf"])
    assert result.status == "done"
    assert [(page.number, page.method) for page in result.pages] == [
        (1, "ocr"),
        (2, "ocr"),
    ]
    assert result.method == "ocr"
    for page, expected in zip(result.pages, PAGES, strict=True):
        assert cer(expected, page.text) < MAX_CER, page.text
        assert 0.8 < page.confidence <= 1
    # The running header and the page numbers are gone; the symbol in the
    # body is whole.
    assert "29-CT/TU" not in result.text
    assert result.pages[0].text.startswith("ĐẢNG BỘ TỈNH QUẢNG NAM\n")
    assert result.pages[1].text.endswith("kết quả thực hiện về Tỉnh ủy.")
    assert result.text == result.pages[0].text + "\n\n" + result.pages[1].text
    assert result.message == (
        f"Đã nhận dạng chữ 2 trang quét, độ tin cậy trung bình {result.confidence:.0%}."
    )


@pytest.mark.parametrize(("kind", "page"), [("jpeg", 0), ("png", 1)])
def test_a_photo_turned_a_quarter_or_upside_down(tesseract, scans, kind, page):
    result = extract(scans[kind])
    assert result.status == "done"
    assert len(result.pages) == 1
    assert result.pages[0].method == "ocr"
    assert cer(PAGES[page], result.text) < MAX_CER, result.text


def test_a_blank_scan_has_no_text(tesseract, scans):
    result = extract(scans["blank"])
    assert result.status == "no-text"
    assert result.pages[0].text == ""
    assert result.message == (
        "Không tìm thấy chữ nào trong tệp (trang trắng hoặc bản quét quá mờ)."
    )


def test_ocr_available():
    if ocr_available("vie"):
        assert ocr_available("vie+eng") is ocr_available("eng")
    assert ocr_available("khong-co") is False


@pytest.mark.parametrize(
    ("angle", "skew"),
    [(-4, -4), (-1.5, -1.5), (0, 0), (2.5, 2.5), (6, 6), (88, -2), (181.5, 1.5)],
)
def test_skew_angle(angle, skew):
    """The skew from the nearest horizontal or vertical: a page turned a
    quarter is Tesseract's to read, upside down the orientation's to find."""
    page = draw_page(PAGES[0], 1, dpi=150)
    turned = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    assert skew_angle(turned) == pytest.approx(skew, abs=0.15)


def test_text_from_tsv_lines_paragraphs_and_confidence():
    header = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num"
        "\tleft\ttop\twidth\theight\tconf\ttext"
    )
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tĐiều",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t93.5\t1.",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t90\tPhạm",
        "5\t1\t1\t1\t2\t2\t0\t0\t1\t1\t12\t|",  # dust
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t80\tHai",
    ]
    text, confidence = text_from_tsv("\n".join([header, *rows]))
    assert text == "Điều 1.\nPhạm\n\nHai"
    assert confidence == pytest.approx((0.965 + 0.935 + 0.90 + 0.80) / 4)
    assert text_from_tsv(header) == ("", None)
