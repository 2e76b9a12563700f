"""PDF pages through PDFium (pypdfium2): the text layer of a page, whether
the page is a scan, and the page drawn as an image for OCR.

PDFium is not thread-safe: every call into it holds `PDFIUM_LOCK`, so
extractions may run in threads of one process (OCR runs outside the lock).
"""

from __future__ import annotations

import threading
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from .results import CORRUPT, ENCRYPTED, ExtractionError

PDFIUM_LOCK = threading.Lock()
# Below this many letters and digits a page's text layer is not the page's
# text: a scan with a stamp ("Bản sao") or a page number added digitally.
MIN_LAYER_CHARS = 20
# A text layer with more unreadable characters than this share of its
# visible ones is not the page's text either: a font without a usable
# ToUnicode map (replacement, private-use or control characters), or one of
# the pre-Unicode Vietnamese font encodings still found in old Word files,
# whose text layer reads "Céng hoµ x· héi" (TCVN3) or "Coäng hoøa" (VNI)
# for "Cộng hòa xã hội": Latin-1 letters and signs Vietnamese never uses.
MAX_GARBLED_SHARE = 0.03
VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
BROKEN_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc"})
# Scans are drawn for OCR at their own resolution, within these bounds;
# pages without images (text drawn as curves) at DEFAULT_DPI.
MIN_DPI, DEFAULT_DPI, MAX_DPI = 200, 300, 400
# No side of a drawn page longer than this (a poster-sized page at 300 dpi
# would be 10 000 pixels; Tesseract gains nothing from it).
MAX_SIDE_PX = 5000


@contextmanager
def open_pdf(path: Path):
    """The PDF at `path`, open, closed on leaving. Raises ExtractionError
    "encrypted" when it needs a password (an empty user password opens by
    itself), "corrupt" when PDFium cannot read it."""
    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(ENCRYPTED) from exc
        raise ExtractionError(CORRUPT, "Tệp PDF bị hỏng, không đọc được.") from exc
    try:
        yield document
    finally:
        with PDFIUM_LOCK:
            document.close()


def page_count(document: pdfium.PdfDocument) -> int:
    with PDFIUM_LOCK:
        return len(document)


def _garbled(char: str) -> bool:
    if "\u00a1" <= char <= "\u00ff":
        return char not in VIETNAMESE_LATIN1
    return char == "\ufffd" or unicodedata.category(char) in BROKEN_CATEGORIES


def is_garbled(text: str) -> bool:
    """Whether a text layer is not readable text (`MAX_GARBLED_SHARE`): OCR of
    the page as drawn reads it better, if the page has words at all."""
    visible = [c for c in text if not c.isspace()]
    return sum(1 for c in visible if _garbled(c)) > MAX_GARBLED_SHARE * len(visible)


def is_thin(text: str) -> bool:
    """Whether a text layer has too few letters and digits to be a page."""
    return sum(1 for c in text if c.isalnum()) < MIN_LAYER_CHARS


def text_layer(document: pdfium.PdfDocument, index: int) -> str:
    """The text layer of page `index` (from 0), as PDFium reads it."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                return textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()


def _image_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the page's largest image as placed on the page, or
    None if it has no image (what a scanner wrote, for a scan)."""
    widest, dpi = 0.0, None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, _, right, _ = obj.get_bounds()
        try:
            width_px, _ = obj.get_px_size()
        except pdfium.PdfiumError:
            continue
        if right - left > widest:
            widest, dpi = right - left, width_px / (right - left) * 72
    return dpi


def has_images(document: pdfium.PdfDocument, index: int) -> bool:
    """Whether page `index` shows any image (a scan does)."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            return _image_dpi(page) is not None
        finally:
            page.close()


def render(document: pdfium.PdfDocument, index: int) -> tuple[Image.Image, int]:
    """Page `index` drawn in grey for OCR, and the resolution it was drawn at:
    a scan at its own resolution (within MIN_DPI..MAX_DPI), other pages at
    DEFAULT_DPI, never longer than MAX_SIDE_PX."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            dpi = _image_dpi(page)
            dpi = round(min(max(dpi, MIN_DPI), MAX_DPI) if dpi else DEFAULT_DPI)
            width, height = page.get_size()
            dpi = min(dpi, int(MAX_SIDE_PX * 72 / max(width, height, 1)))
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().copy()
            bitmap.close()
            return image, dpi
        finally:
            page.close()
