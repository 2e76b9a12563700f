"""What an extraction answers: the text of each page, how it was read, and a
status with a Vietnamese sentence for staff. Every fault is a status, never
an exception that reaches the caller."""

from __future__ import annotations

from dataclasses import dataclass

DONE = "done"
NO_TEXT = "no-text"
CORRUPT = "corrupt"
ENCRYPTED = "encrypted"
TOO_MANY_PAGES = "too-many-pages"
TOO_LARGE = "too-large"
TIMEOUT = "timeout"
NO_OCR = "no-ocr"
UNSUPPORTED = "unsupported"

TEXT_LAYER = "text-layer"
OCR = "ocr"
MIXED = "mixed"
NONE = "none"

# What staff read beside each status; `ExtractionError` may say more precisely.
MESSAGES = {
    DONE: "Đã lấy được nội dung văn bản.",
    NO_TEXT: "Không tìm thấy chữ nào trong tệp (trang trắng hoặc bản quét quá mờ).",
    CORRUPT: "Tệp bị hỏng, không đọc được.",
    ENCRYPTED: "Tệp PDF có mật khẩu, không mở được: hãy tải lên bản không có mật khẩu.",
    TOO_MANY_PAGES: "Tệp có quá nhiều trang, chưa đọc trang nào.",
    TOO_LARGE: "Tệp quá lớn, chưa đọc.",
    TIMEOUT: "Đọc tệp quá thời gian cho phép, nội dung chưa đầy đủ.",
    NO_OCR: (
        "Máy chủ chưa cài phần mềm nhận dạng chữ (tesseract-ocr, tesseract-ocr-vie)"
        " nên chưa đọc được các trang quét."
    ),
    UNSUPPORTED: "Chỉ đọc được tệp PDF, JPEG hoặc PNG.",
}


@dataclass(frozen=True)
class PageText:
    """One page: its number (from 1), its cleaned NFC text, how it was read
    ("text-layer", "ocr", or "none" when it was not read) and, for OCR, the
    mean word confidence from 0 to 1."""

    number: int
    text: str
    method: str
    confidence: float | None = None


@dataclass(frozen=True)
class Extraction:
    """The outcome for one file.

    `pages` holds every page read. It is empty for a file that could not be
    opened or was refused before reading (corrupt, encrypted, too large, too
    many pages, unsupported); after "timeout" or "no-ocr" it holds what was
    read, the other pages with method "none" (or absent, after a timeout), so
    the status, not the text, says whether the text is whole.
    """

    status: str
    pages: tuple[PageText, ...] = ()
    message: str = ""

    @property
    def text(self) -> str:
        """The pages' text, a blank line between pages."""
        return "\n\n".join(page.text for page in self.pages if page.text)

    @property
    def method(self) -> str:
        """ "text-layer", "ocr", "mixed" (some pages each way) or "none"."""
        methods = {page.method for page in self.pages} - {NONE}
        if not methods:
            return NONE
        return methods.pop() if len(methods) == 1 else MIXED

    @property
    def confidence(self) -> float | None:
        """The mean confidence of the OCR pages that had words; None if none."""
        scores = [p.confidence for p in self.pages if p.confidence is not None]
        return sum(scores) / len(scores) if scores else None


class ExtractionError(Exception):
    """A fault that ends an extraction: `extract` turns it into a status."""

    def __init__(self, status: str, message: str | None = None):
        super().__init__(status)
        self.status = status
        self.message = message or MESSAGES[status]
