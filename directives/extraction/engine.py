"""`extract(path)`: the text of an original as the ward received it, a PDF
(born digital or scanned) or a photo or scan in JPEG or PNG.

The type is read from the file's first bytes, never from its name. A PDF
page is read from its text layer when that holds the page's text; by OCR
when the layer is garbled (a broken or pre-Unicode Vietnamese font) or next
to empty on a page showing an image (a scan). A born-digital PDF thus never
starts Tesseract (and is read where Tesseract is not installed).

Limits are checked before reading: the size before the file is opened, the
page count before any page is read. A file with too many pages is refused
whole rather than read in part: text that silently stops at page 100 would
make the rest of the directive unfindable with nothing to say so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

from . import ocr, pdf
from .cleaning import clean_pages
from .results import (
    CORRUPT,
    DONE,
    MESSAGES,
    MIXED,
    NO_OCR,
    NO_TEXT,
    NONE,
    OCR,
    TEXT_LAYER,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY_PAGES,
    UNSUPPORTED,
    Extraction,
    ExtractionError,
    PageText,
)

logger = logging.getLogger(__name__)

# Used when Django's settings are not configured (a script, the benchmark).
DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_BYTES = 40 * 1024 * 1024
DEFAULT_TIMEOUT_S = 300.0

PDF, IMAGE = "pdf", "image"
# A PDF's header may follow some junk, within its first kilobyte.
SNIFF_BYTES = 1024
# A resolution in an image's metadata outside this range is a placeholder.
IMAGE_DPI_RANGE = (100, 1200)


def _setting(name: str, default):
    return getattr(settings, name, default) if settings.configured else default


def sniff(head: bytes) -> str | None:
    """The kind of file by its first bytes: "pdf", "image" (JPEG, PNG) or
    None (anything else, a Word file among them)."""
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return PDF
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return IMAGE
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _open(path: Path, max_bytes: int) -> str:
    """The kind of file at `path` ("pdf" or "image"), once its size allows
    reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(
                TOO_LARGE,
                f"Tệp nặng {_megabytes(size)} MB, quá giới hạn {_megabytes(max_bytes)}"
                " MB; chưa đọc.",
            )
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError as exc:
        raise ExtractionError(CORRUPT, "Không mở được tệp.") from exc
    if not head:
        raise ExtractionError(CORRUPT, "Tệp rỗng, không có nội dung.")
    kind = sniff(head)
    if kind is None:
        raise ExtractionError(UNSUPPORTED)
    return kind


class _Reading:
    """The pages of one file as they are read: raw text, method, confidence;
    none until the page count is known."""

    def __init__(self, progress: Callable[[int, int], None] | None = None):
        self.pages: list[tuple[str, str, float | None]] = []
        self.progress = progress

    def start(self, count: int) -> None:
        self.pages = [("", NONE, None)] * count

    def read(
        self, index: int, text: str, method: str, confidence: float | None = None
    ) -> None:
        self.pages[index] = (text, method, confidence)
        if self.progress is not None:
            done = sum(1 for _text, how, _c in self.pages if how != NONE)
            try:
                self.progress(done, len(self.pages))
            except Exception:
                logger.exception("progress of a reading not reported")

    def result(self) -> tuple[PageText, ...]:
        texts = clean_pages([text for text, _, _ in self.pages])
        return tuple(
            PageText(number, text, method, confidence)
            for number, (text, (_, method, confidence)) in enumerate(
                zip(texts, self.pages, strict=True), start=1
            )
        )


def _check_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise ExtractionError(TIMEOUT)


def _read_pdf(
    path: Path, reading: _Reading, max_pages: int, deadline: float, language: str
) -> None:
    with pdf.open_pdf(path) as document:
        count = pdf.page_count(document)
        if count > max_pages:
            raise ExtractionError(
                TOO_MANY_PAGES,
                f"Tệp có {count} trang, quá giới hạn {max_pages} trang; chưa đọc"
                " trang nào.",
            )
        reading.start(count)
        scans = []
        for index in range(count):
            _check_time(deadline)
            layer = pdf.text_layer(document, index)
            if pdf.is_garbled(layer) or (
                pdf.is_thin(layer) and pdf.has_images(document, index)
            ):
                scans.append(index)
            else:  # the page's text, or a page with no text and no image
                reading.read(index, layer, TEXT_LAYER)
        if scans and not ocr.ocr_available(language):
            raise ExtractionError(NO_OCR)
        for index in scans:
            _check_time(deadline)
            image, dpi = pdf.render(document, index)
            text, confidence = ocr.ocr_image(
                image, language=language, deadline=deadline, dpi=dpi
            )
            reading.read(index, text, OCR, confidence)


def _load_image(path: Path) -> tuple[Image.Image, int | None]:
    """The image at `path` the right way up by its EXIF tag, on white, in
    grey, with its resolution when it states a plausible one."""
    try:
        # A truncated PNG fails verify() even where Pillow is told to load
        # truncated images (WeasyPrint tells it so, for the whole process).
        with Image.open(path) as opened:
            opened.verify()
        with Image.open(path) as opened:
            opened.load()
            dpi = opened.info.get("dpi", (0, 0))[0]
            image = ImageOps.exif_transpose(opened)
    except Image.DecompressionBombError as exc:
        raise ExtractionError(TOO_LARGE, "Ảnh quá nhiều điểm ảnh; chưa đọc.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError(CORRUPT, "Tệp ảnh bị hỏng, không đọc được.") from exc
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        image = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    image = image.convert("L")
    image.thumbnail((pdf.MAX_SIDE_PX, pdf.MAX_SIDE_PX))
    low, high = IMAGE_DPI_RANGE
    return image, (round(dpi) if low <= dpi <= high else None)


def _read_image(path: Path, reading: _Reading, deadline: float, language: str) -> None:
    reading.start(1)
    image, dpi = _load_image(path)
    if not ocr.ocr_available(language):
        raise ExtractionError(NO_OCR)
    text, confidence = ocr.ocr_image(
        image, language=language, deadline=deadline, dpi=dpi
    )
    reading.read(0, text, OCR, confidence)


def _done(pages: tuple[PageText, ...]) -> Extraction:
    """A "done" extraction, its message saying how the pages were read."""
    result = Extraction(DONE, pages)
    read = sum(1 for page in pages if page.text)
    scanned = sum(1 for page in pages if page.method == OCR)
    confidence = result.confidence
    percent = f"{confidence:.0%}" if confidence is not None else "không rõ"
    if result.method == TEXT_LAYER:
        message = f"Đã lấy nội dung {read} trang từ lớp chữ của tệp PDF."
    elif result.method == MIXED:
        message = (
            f"Đã lấy nội dung {read} trang: {len(pages) - scanned} trang từ lớp chữ,"
            f" {scanned} trang nhận dạng từ bản quét (độ tin cậy {percent})."
        )
    else:
        message = (
            f"Đã nhận dạng chữ {read} trang quét, độ tin cậy trung bình {percent}."
        )
    return replace(result, message=message)


def extract(
    path: Path | str,
    *,
    max_pages: int | None = None,
    max_bytes: int | None = None,
    timeout_s: float | None = None,
    language: str = "vie",
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """The text of the PDF, JPEG or PNG at `path`, page by page, cleaned.

    Limits left as None come from the settings EXTRACTION_MAX_PAGES,
    EXTRACTION_MAX_BYTES and EXTRACTION_TIMEOUT_S. Never raises for a bad
    file: every fault is a status ("corrupt", "encrypted", "too-many-pages",
    "too-large", "timeout", "no-ocr", "unsupported"; "no-text" when nothing
    was read), with a Vietnamese message for staff. `progress(pages read,
    pages in all)` is called after each page (for the editor's screen).
    """
    if max_pages is None:
        max_pages = _setting("EXTRACTION_MAX_PAGES", DEFAULT_MAX_PAGES)
    if max_bytes is None:
        max_bytes = _setting("EXTRACTION_MAX_BYTES", DEFAULT_MAX_BYTES)
    if timeout_s is None:
        timeout_s = _setting("EXTRACTION_TIMEOUT_S", DEFAULT_TIMEOUT_S)
    deadline = time.monotonic() + timeout_s
    path = Path(path)
    reading = _Reading(progress)
    try:
        if _open(path, max_bytes) == PDF:
            _read_pdf(path, reading, max_pages, deadline, language)
        else:
            _read_image(path, reading, deadline, language)
    except ExtractionError as exc:
        if exc.status not in {TIMEOUT, NO_OCR} or not reading.pages:
            return Extraction(exc.status, (), exc.message)
        pages = reading.result()
        message = exc.message
        if exc.status == TIMEOUT:
            read = sum(1 for page in pages if page.method != NONE)
            seconds = f"{timeout_s:g}".replace(".", ",")
            message = (
                f"Đọc tệp quá {seconds} giây cho phép; mới đọc được"
                f" {read}/{len(pages)} trang."
            )
        return Extraction(exc.status, pages, message)
    except Exception:  # a file no reader foresaw: still a status, never a 500
        logger.exception("Text extraction failed on %s", path)
        return Extraction(CORRUPT, (), MESSAGES[CORRUPT])
    pages = reading.result()
    if not any(page.text for page in pages):
        return Extraction(NO_TEXT, pages, MESSAGES[NO_TEXT])
    return _done(pages)
