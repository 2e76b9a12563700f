"""The original file of a directive or notice (the signed scan or PDF) and
the text read out of it.

The text belongs to the file (a Wagtail document), not to a page: a copy of a
library directive and its original share it, and replacing the file asks for
a new reading. `directives/originals.py` requests, runs and applies it.
"""

import datetime
import re

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, CollectionViewRestriction


class ExtractionStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ đọc")
    RUNNING = "running", _("Đang đọc văn bản")
    DONE = "done", _("Đã đọc xong")
    NO_TEXT = "no-text", _("Không thấy chữ")
    CORRUPT = "corrupt", _("Tệp bị hỏng")
    ENCRYPTED = "encrypted", _("Tệp có mật khẩu")
    TOO_MANY_PAGES = "too-many-pages", _("Quá nhiều trang")
    TOO_LARGE = "too-large", _("Tệp quá lớn")
    TIMEOUT = "timeout", _("Quá thời gian cho phép")
    NO_OCR = "no-ocr", _("Máy chủ chưa cài bộ nhận dạng chữ")
    UNSUPPORTED = "unsupported", _("Loại tệp không đọc được")
    FAILED = "failed", _("Lỗi khi đọc")


# A line that starts a new paragraph of a scanned text: an item ("1.", "a)",
# "-", "+") or a heading in capitals; a line ending a sentence ends one.
ITEM_RE = re.compile(r"^(\d+[.)]|[a-zđ][)]|[-+•])\s")
END_RE = re.compile(r"[.:;!?]$")


def reflow(text: str) -> list[str]:
    """The paragraphs of a page read from a scan: its lines end where the
    paper's did, which means nothing on a phone; lines are joined except
    after a sentence's end and before an item or a heading in capitals."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in (part.strip() for part in block.splitlines()):
            if not line:
                continue
            starts = ITEM_RE.match(line) or (line.isupper() and len(line) > 3)
            if current and (starts or END_RE.search(current) or current.isupper()):
                paragraphs.append(current)
                current = line
            else:
                current = f"{current} {line}".strip()
        if current:
            paragraphs.append(current)
    return paragraphs


# Statuses after which nothing more happens until someone asks again.
FINISHED = {status for status in ExtractionStatus.values} - {"queued", "running"}


class OriginalText(models.Model):
    """Văn bản trích từ bản gốc (bản quét hoặc PDF) của một văn bản."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("tệp bản gốc"),
        on_delete=models.CASCADE,
        related_name="original_text",
    )
    # The document's file_hash when it was read: a new file, a new reading.
    file_hash = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.QUEUED,
    )
    message = models.CharField(_("ghi chú"), max_length=300, blank=True)
    method = models.CharField(_("cách đọc"), max_length=20, blank=True)
    text = models.TextField(_("văn bản trích xuất"), blank=True)
    # [{"number": 1, "text": "…", "method": "ocr", "confidence": 0.93}, …]
    pages = models.JSONField(_("từng trang"), default=list, blank=True)
    confidence = models.FloatField(_("độ tin cậy"), null=True, blank=True)
    queued_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản trích từ bản gốc")
        verbose_name_plural = _("văn bản trích từ bản gốc")

    def __str__(self):
        return f"{self.document} — {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def stale(self) -> bool:
        """Queued or running for longer than any job may take: its worker
        was stopped, or there is none. "Đọc lại" is offered again."""
        if self.finished:
            return False
        since = self.started_at or self.queued_at
        limit = datetime.timedelta(seconds=settings.EXTRACTION_TIMEOUT_S + 120)
        return since is None or timezone.now() - since > limit

    @property
    def has_text(self) -> bool:
        return self.status == ExtractionStatus.DONE and bool(self.text.strip())

    def reflowed_pages(self) -> list[tuple[int, list[str]]]:
        """[(page number, its paragraphs)] for residents' screens."""
        return [
            (page.get("number"), reflow(page.get("text") or ""))
            for page in self.pages
            if (page.get("text") or "").strip()
        ]

    @property
    def ocr_pages(self) -> int:
        return sum(1 for page in self.pages if page.get("method") == "ocr")


def current_reading(document) -> OriginalText | None:
    """The document's reading if it was made of the file it holds now (a
    replaced file's reading is not this one's)."""
    reading = getattr(document, "original_text", None)
    if reading is None:
        return None
    if document.file_hash and reading.file_hash != document.file_hash:
        return None
    return reading


RESTRICTED_KEY = "directives:restricted-collections"


def restricted_collections() -> frozenset[int]:
    """Ids of the collections whose documents only some may open (a view
    restriction on them or an ancestor), kept in the cache until a
    restriction or a collection changes (directives/signals.py)."""
    ids = cache.get(RESTRICTED_KEY)
    if ids is None:
        ids = set()
        for restriction in CollectionViewRestriction.objects.select_related(
            "collection"
        ):
            ids |= set(
                Collection.objects.descendant_of(
                    restriction.collection, inclusive=True
                ).values_list("pk", flat=True)
            )
        ids = frozenset(ids)
        cache.set(RESTRICTED_KEY, ids, None)
    return ids


class OriginalFileMixin(models.Model):
    """A page whose official text is a signed original (directive, notice)."""

    original_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Bản chụp hoặc bản ký số (PDF, JPG, PNG) của văn bản. Chữ trong tệp "
            "được đọc tự động để tìm kiếm; có thể dùng làm nội dung."
        ),
    )

    class Meta:
        abstract = True

    def original_text(self) -> OriginalText | None:
        """The reading of the attached file, if it is current (same file)."""
        document = self.original_file
        return None if document is None else current_reading(document)

    def extracted_text(self) -> OriginalText | None:
        """The reading when it found text, for residents and search; none
        for a file in a restricted collection (its text is no more public
        than the file)."""
        reading = self.original_text()
        if reading is None or not reading.has_text:
            return None
        if self.original_file.collection_id in restricted_collections():
            return None
        return reading

    def describe_original_for_search(self, doc) -> None:
        """Put the text read from the original in the search document `doc`
        (`search.builder`), when there is a current reading with text."""
        reading = self.extracted_text()
        if reading is not None:
            doc.add_original(reading.text, reading.pages)
