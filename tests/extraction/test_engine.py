"""`extract`: born-digital PDFs from their text layer without OCR, the type
by content, and every fault as a status with its Vietnamese message."""

import time

import docx
import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter

from directives.extraction import Extraction, PageText, extract, ocr
from directives.extraction.engine import sniff
from directives.extraction.pdf import is_garbled, is_thin
from tests.conftest import import_weasyprint

from .scans import FONT

BORN_DIGITAL_TEXT = (
    "CHỈ THỊ\n"
    "Về tăng cường công tác phòng cháy, chữa cháy trong mùa khô\n"
    "năm 2025.\n"
    "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng\n"
    "thực hiện tốt những nội dung sau đây.",
    "1. Tổ chức quán triệt sâu rộng Chỉ thị số 29-CT/TU đến từng\n"
    "chi bộ, cán bộ, đảng viên và nhân dân.\n"
    "2. Mỗi tổ dân phố bố trí ít nhất một bình chữa cháy tại nhà\n"
    "văn hóa.",
)


def test_a_born_digital_pdf_is_read_from_its_text_layer(born_digital, no_ocr_call):
    result = extract(born_digital)
    assert result == Extraction(
        "done",
        (
            PageText(1, BORN_DIGITAL_TEXT[0], "text-layer", None),
            PageText(2, BORN_DIGITAL_TEXT[1], "text-layer", None),
        ),
        "Đã lấy nội dung 2 trang từ lớp chữ của tệp PDF.",
    )
    assert result.method == "text-layer"
    assert result.confidence is None


def test_progress_is_reported_after_each_page(born_digital, no_ocr_call):
    seen = []
    extract(born_digital, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]

    def broken(done, total):
        raise RuntimeError("the screen is gone")

    assert extract(born_digital, progress=broken).status == "done"


def test_a_born_digital_pdf_needs_no_tesseract(born_digital, no_tesseract):
    result = extract(born_digital)
    assert (result.status, result.method) == ("done", "text-layer")
    assert result.text == "\n\n".join(BORN_DIGITAL_TEXT)


def test_the_type_is_read_from_the_content(born_digital, tmp_path, no_ocr_call):
    disguised = tmp_path / "chi-thi.docx"
    disguised.write_bytes(born_digital.read_bytes())
    assert extract(disguised).status == "done"

    document = docx.Document()
    document.add_paragraph("Chỉ thị số 29-CT/TU")
    word = tmp_path / "chi-thi.pdf"
    document.save(word)
    assert extract(word) == Extraction(
        "unsupported", (), "Chỉ đọc được tệp PDF, JPEG hoặc PNG."
    )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\r\n\r\n%PDF-1.4", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        (b"\x89PNG\r\n\x1a\n\x00", "image"),
        (b"PK\x03\x04", None),
        (b"GIF89a", None),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_a_pdf_with_scanned_and_born_digital_pages_is_mixed(tesseract, mixed):
    result = extract(mixed)
    assert result.status == "done"
    assert [page.method for page in result.pages] == ["text-layer", "ocr"]
    assert result.method == "mixed"
    assert result.pages[0].text.startswith("CHỈ THỊ\nVề tăng cường")
    assert result.pages[1].text.startswith("ĐẢNG BỘ TỈNH QUẢNG NAM")
    assert result.confidence == result.pages[1].confidence
    assert result.message == (
        "Đã lấy nội dung 2 trang: 1 trang từ lớp chữ, 1 trang nhận dạng từ bản quét"
        f" (độ tin cậy {result.confidence:.0%})."
    )


def test_a_scan_needs_tesseract(scans, mixed, no_tesseract):
    result = extract(scans["pdf"])
    assert result.status == "no-ocr"
    assert result.pages == (PageText(1, "", "none"), PageText(2, "", "none"))
    assert result.message == (
        "Máy chủ chưa cài phần mềm nhận dạng chữ (tesseract-ocr, tesseract-ocr-vie)"
        " nên chưa đọc được các trang quét."
    )
    assert extract(scans["png"]).status == "no-ocr"
    # The born-digital page is read all the same; the status says the rest
    # is missing.
    result = extract(mixed)
    assert result.status == "no-ocr"
    assert [page.method for page in result.pages] == ["text-layer", "none"]
    # One page read: its running header cannot be told from its text.
    assert result.text == BORN_DIGITAL_TEXT[0] + "\nChỉ thị số 29-CT/TU ngày 15/3/2025"


def test_a_scan_needs_the_language_model(scans):
    assert extract(scans["png"], language="khong-co").status == "no-ocr"


def test_corrupt_files(tmp_path, scans):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert extract(broken) == Extraction(
        "corrupt", (), "Tệp PDF bị hỏng, không đọc được."
    )

    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(scans["png"].read_bytes()[:5000])
    assert extract(truncated) == Extraction(
        "corrupt", (), "Tệp ảnh bị hỏng, không đọc được."
    )

    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert extract(empty) == Extraction("corrupt", (), "Tệp rỗng, không có nội dung.")

    assert extract(tmp_path / "missing.pdf") == Extraction(
        "corrupt", (), "Không mở được tệp."
    )


def test_an_encrypted_pdf(born_digital, tmp_path, no_ocr_call):
    locked = PdfWriter(clone_from=born_digital)
    locked.encrypt(user_password="mat-khau", owner_password="chu", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    locked.write(path)
    assert extract(path) == Extraction(
        "encrypted",
        (),
        "Tệp PDF có mật khẩu, không mở được: hãy tải lên bản không có mật khẩu.",
    )

    # Encrypted with an empty password (printing or copying restricted):
    # anyone may open it, so it is read.
    restricted = PdfWriter(clone_from=born_digital)
    restricted.encrypt(user_password="", owner_password="chu", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    restricted.write(path)
    assert extract(path).text == "\n\n".join(BORN_DIGITAL_TEXT)


def test_too_many_pages_are_refused_before_any_is_read(scans, no_ocr_call):
    assert extract(scans["pdf"], max_pages=1) == Extraction(
        "too-many-pages",
        (),
        "Tệp có 2 trang, quá giới hạn 1 trang; chưa đọc trang nào.",
    )


def test_a_file_too_large_is_refused_before_it_is_opened(tmp_path, no_ocr_call):
    # Corrupt too, but never opened: the size is all that is read.
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"x" * 300_000)
    assert extract(big, max_bytes=200_000) == Extraction(
        "too-large", (), "Tệp nặng 0,3 MB, quá giới hạn 0,2 MB; chưa đọc."
    )


def test_limits_come_from_the_settings(scans, born_digital, settings, no_ocr_call):
    settings.EXTRACTION_MAX_PAGES = 1
    assert extract(scans["pdf"]).status == "too-many-pages"
    assert extract(scans["pdf"], max_pages=5).status != "too-many-pages"
    settings.EXTRACTION_MAX_BYTES = 1000
    assert extract(born_digital, max_pages=5).status == "too-large"


def test_the_default_limits():
    assert django_settings.EXTRACTION_MAX_PAGES == 100
    assert django_settings.EXTRACTION_MAX_BYTES == 40 * 1024 * 1024
    assert django_settings.EXTRACTION_TIMEOUT_S == 300


def test_the_time_limit_between_pages(scans, no_ocr_call):
    result = extract(scans["pdf"], timeout_s=0)
    assert result.status == "timeout"
    assert result.pages == (PageText(1, "", "none"), PageText(2, "", "none"))
    assert result.message == "Đọc tệp quá 0 giây cho phép; mới đọc được 0/2 trang."


def test_a_hanging_tesseract_is_killed_at_the_time_limit(mixed, tmp_path, monkeypatch):
    hanging = tmp_path / "tesseract"
    hanging.write_text(
        '#!/bin/sh\nif [ "$1" = "--list-langs" ]; then echo vie; exit 0; fi\n'
        "exec sleep 60\n"
    )
    hanging.chmod(0o755)
    monkeypatch.setattr(ocr, "TESSERACT", str(hanging))

    start = time.monotonic()
    result = extract(mixed, timeout_s=1.5)
    assert time.monotonic() - start < 5
    assert result.status == "timeout"
    assert result.message == "Đọc tệp quá 1,5 giây cho phép; mới đọc được 1/2 trang."
    # What was read before the limit is kept; the status says it is partial.
    assert [page.method for page in result.pages] == ["text-layer", "none"]
    assert result.pages[0].text.startswith("CHỈ THỊ")


def test_a_thin_text_layer():
    assert not is_thin("Chỉ thị số 29-CT/TU về phòng cháy")
    assert is_thin("Bản sao   Trang 1")


@pytest.mark.parametrize(
    ("layer", "garbled"),
    [
        ("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc", False),
        # A sign now and then is text, not a broken font.
        (
            "Nắng nóng gay gắt, nhiệt độ có nơi trên 39°C; người dân hạn chế"
            " ra đường vào buổi trưa và đề phòng cháy nổ.",
            False,
        ),
        # A font without a Unicode map: private-use glyph codes, controls.
        ("\ue001\ue002\ue003 Chỉ thị số 29-CT/TU \ufffd\ufffd", True),
        ("\x01\x02\x03\x04 Chỉ thị số 29-CT/TU", True),
        # "Cộng hòa xã hội chủ nghĩa Việt Nam" in TCVN3 (ABC) and VNI fonts.
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", True),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", True),
    ],
)
def test_a_garbled_text_layer(layer, garbled):
    assert is_garbled(layer) is garbled


def test_a_page_in_a_pre_unicode_font_is_read_by_ocr(tmp_path, monkeypatch):
    weasyprint = import_weasyprint()
    path = tmp_path / "tcvn3.pdf"
    html = (
        f'<style>@font-face {{ font-family: S; src: url("{FONT.as_uri()}"); }}'
        "body { font: 12pt S; }</style>"
        "<p>Céng hoµ x· héi chñ nghÜa ViÖt Nam</p><p>§éc lËp - Tù do - H¹nh phóc</p>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    monkeypatch.setattr(ocr, "ocr_available", lambda language: True)
    monkeypatch.setattr(
        ocr,
        "ocr_image",
        lambda image, **kwargs: ("Cộng hòa xã hội chủ nghĩa Việt Nam", 0.9),
    )
    result = extract(path)
    assert (result.status, result.method) == ("done", "ocr")
    assert result.text == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_an_image_with_transparency_is_read_on_white(tesseract, tmp_path):
    # Black text on a transparent background: converted to grey without
    # flattening, it would be black on black.
    page = Image.new("LA", (900, 300), (0, 0))
    mask = Image.new("L", page.size, 0)
    font = ImageFont.truetype(str(FONT), 56)
    ImageDraw.Draw(mask).text((40, 100), "Ủy ban nhân dân phường", fill=255, font=font)
    page.paste(Image.new("LA", page.size, (0, 255)), mask=mask)
    path = tmp_path / "transparent.png"
    page.save(path)
    assert extract(str(path)).text == "Ủy ban nhân dân phường"
