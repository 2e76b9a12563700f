"""Files for the extraction tests: scans drawn from known text (scans.py), a
born-digital PDF written by WeasyPrint, and a fake Tesseract that hangs."""

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from directives.extraction import ocr, ocr_available
from tests.conftest import import_weasyprint

from .scans import FONT, PAGES, draw_page, save_pdf, scanned_pages, soil

TESSERACT_MISSING = (
    "tesseract-ocr-vie not installed: apt-get install tesseract-ocr tesseract-ocr-vie"
)

BORN_DIGITAL_HTML = """<!doctype html>
<html lang="vi"><head><style>
@font-face {{ font-family: Serif; src: url("{font}"); }}
@page {{
  size: A5; margin: 20mm 15mm;
  @top-center {{ content: "Chỉ thị số 29-CT/TU ngày 15/3/2025"; font: 9pt Serif; }}
  @bottom-center {{
    content: "Trang " counter(page) "/" counter(pages); font: 9pt Serif;
  }}
}}
body {{ font: 11pt Serif; }}
p {{ margin: 0 0 6pt; }}
.break {{ break-before: page; }}
</style></head><body>
<p>CHỈ THỊ</p>
<p>Về tăng cường công tác phòng cháy, chữa cháy trong mùa khô năm 2025.</p>
<p>Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt những
nội dung sau đây.</p>
<p class="break">1. Tổ chức quán triệt sâu rộng Chỉ thị số 29-CT/TU đến từng chi
bộ, cán bộ, đảng viên và nhân dân.</p>
<p>2. Mỗi tổ dân phố bố trí ít nhất một bình chữa cháy tại nhà văn hóa.</p>
</body></html>"""


@pytest.fixture
def tesseract():
    """For a test that runs the real OCR: skip it where Tesseract or its
    Vietnamese model is missing."""
    if not ocr_available("vie"):
        pytest.skip(TESSERACT_MISSING)


@pytest.fixture
def no_tesseract(monkeypatch):
    """Tesseract is not installed (its program is not on PATH)."""
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")


@pytest.fixture
def no_ocr_call(monkeypatch):
    """OCR fails the test if anything starts it."""

    def refuse(*args, **kwargs):
        raise AssertionError("OCR was started")

    monkeypatch.setattr(ocr, "ocr_image", refuse)
    monkeypatch.setattr(ocr, "_run", refuse)


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> dict[str, Path]:
    """The two pages of scans.PAGES scanned: as a 2-page image PDF (page 1
    skewed 2.5°, page 2 upside down), page 1 as a JPEG turned a quarter
    (88°) and page 2 as a PNG upside down (these two without the running
    header); and a blank scanned page (grain and dust only)."""
    folder = tmp_path_factory.mktemp("scans")
    save_pdf(scanned_pages(), folder / "scan.pdf")
    turned = soil(draw_page(PAGES[0], 1, header=None), angle=-88, seed=3)
    turned.save(folder / "page-1.jpg", quality=75, dpi=(200, 200))
    upside_down = soil(draw_page(PAGES[1], 2, header=None), angle=181, seed=4)
    upside_down.save(folder / "page-2.png", dpi=(200, 200))
    blank = soil(Image.new("L", (1165, 1654), 255), angle=0, seed=5)
    blank.save(folder / "blank.png", dpi=(200, 200))
    return {
        "pdf": folder / "scan.pdf",
        "jpeg": folder / "page-1.jpg",
        "png": folder / "page-2.png",
        "blank": folder / "blank.png",
    }


@pytest.fixture(scope="session")
def born_digital(tmp_path_factory) -> Path:
    """A two-page PDF as a word processor writes it: text layer, a running
    header and "Trang 1/2" at the foot of each page."""
    weasyprint = import_weasyprint()
    path = tmp_path_factory.mktemp("born-digital") / "chi-thi.pdf"
    html = BORN_DIGITAL_HTML.format(font=FONT.as_uri())
    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="session")
def mixed(tmp_path_factory, born_digital, scans) -> Path:
    """Page 1 born digital, page 2 scanned (an annex scanned after the
    covering letter)."""
    writer = PdfWriter()
    writer.add_page(PdfReader(born_digital).pages[0])
    writer.add_page(PdfReader(scans["pdf"]).pages[0])
    path = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    writer.write(path)
    return path
