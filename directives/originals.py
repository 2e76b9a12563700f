"""Reading the text out of a directive's or notice's original file.

Attaching a file (in the admin, by import, or replacing the document's file)
asks for a reading (`request_reading`): an `OriginalText` row is queued and
the `read_original` task runs on the "background" task backend, a worker
beside the web server (settings.TASKS), so a save or a publish never waits
for OCR. The task reads the file with `directives.extraction.extract` (text
layer of a born-digital PDF, OCR of a scan, page by page), stores the text,
and asks the search index to update every page that shows the file.
`manage.py extract_text` runs readings by hand.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page

from cms import background
from cms.transactions import after_commit
from search import tasks as search_tasks

from .blocks import paragraphs_to_stream
from .extraction import extract
from .models import DirectivePage, ExtractionStatus, NoticePage, OriginalText
from .models.originals import RESTRICTED_KEY, current_reading

logger = logging.getLogger(__name__)

PAGE_TYPES = (DirectivePage, NoticePage)


def request_reading(
    document, *, force: bool = False, enqueue: bool = True
) -> OriginalText | None:
    """Queue a reading of `document` unless its current file was already read
    (or is being read); `force` reads it again. Returns the reading row.
    `enqueue=False`: only mark it queued (the caller reads it at once)."""
    if document is None:
        return None
    try:
        file_hash = document.get_file_hash()
    except (OSError, ValueError):
        file_hash = ""  # the file is gone from storage: the reading says so
    reading = OriginalText.objects.filter(document=document).first()
    if (
        reading is not None
        and not force
        and reading.file_hash == file_hash
        and reading.status != ExtractionStatus.FAILED
        and not reading.stale
    ):
        return reading
    if reading is None:
        reading, _created = OriginalText.objects.get_or_create(document=document)
    # A replaced file: the old file's text leaves the search index now, not
    # when the new reading finishes (`extracted_text` no longer gives it).
    replaced = reading.has_text and reading.file_hash != file_hash
    reading.file_hash = file_hash
    reading.status = ExtractionStatus.QUEUED
    reading.message = ""
    reading.queued_at = timezone.now()
    reading.started_at = reading.finished_at = None
    reading.save()
    if replaced:
        search_tasks.schedule(pages_showing(document.pk))
    if enqueue:
        document_id = document.pk
        after_commit(lambda: _enqueue(document_id))
    return reading


def _enqueue(document_id: int) -> None:
    try:
        read_original.enqueue(document_id)
    except Exception:
        # Never in the way of a save: the row stays queued, and
        # `manage.py extract_text --all` picks it up.
        logger.exception("cannot queue the reading of document %s", document_id)


@task(backend="background")
def read_original(document_id: int) -> str:
    """Read one document's file (the worker's job). Returns the status."""
    reading = run_reading(document_id)
    return reading.status if reading is not None else "gone"


# A bad file is a status, not a failure: a failed job is a crash (the
# worker killed, the database gone), worth one more try.
def _document_subject(document_id: int) -> str:
    document = get_document_model().objects.filter(pk=document_id).first()
    return document.title if document else f"tệp đã xóa (#{document_id})"


background.register(read_original, "Đọc bản gốc", attempts=2, subject=_document_subject)


def run_reading(document_id: int) -> OriginalText | None:
    """Read the document's file now and store what was found. Never raises
    for a bad file: every fault ends as a status with a message."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    reading, _created = OriginalText.objects.get_or_create(document=document)
    # This job's mark: a newer request (a replaced file, "Đọc lại") clears
    # it, and then this job's outcome is dropped (`_finish`).
    reading.status = ExtractionStatus.RUNNING
    reading.started_at = timezone.now()
    reading.file_hash = document.file_hash or reading.file_hash
    OriginalText.objects.filter(pk=reading.pk).update(
        status=reading.status,
        started_at=reading.started_at,
        file_hash=reading.file_hash,
        message="",
    )

    def progress(done: int, total: int) -> None:
        # What the editor's screen shows while the job runs (this job's only).
        OriginalText.objects.filter(
            pk=reading.pk,
            status=ExtractionStatus.RUNNING,
            started_at=reading.started_at,
        ).update(message=PROGRESS % {"done": done, "total": total})

    try:
        with local_copy(document) as path:
            result = extract(path, progress=progress)
    except FileNotFoundError:
        return _finish(reading, status="failed", message=MISSING_FILE)
    except Exception:
        logger.exception("reading document %s failed", document_id)
        return _finish(reading, status="failed", message=UNEXPECTED)
    reading.method = result.method
    reading.text = result.text
    reading.pages = [
        {
            "number": page.number,
            "text": page.text,
            "method": page.method,
            "confidence": page.confidence,
        }
        for page in result.pages
    ]
    reading.confidence = result.confidence
    return _finish(reading, status=result.status, message=result.message)


MISSING_FILE = "Không tìm thấy tệp trên máy chủ: hãy tải lại bản gốc."
PROGRESS = "Đã đọc %(done)s/%(total)s trang."
UNEXPECTED = "Có lỗi khi đọc tệp; đã ghi nhật ký. Có thể bấm Đọc lại."


def _finish(reading: OriginalText, *, status: str, message: str) -> OriginalText:
    """Store this job's outcome, unless a newer request has superseded the
    job while it read (then the newer job's outcome is the one kept)."""
    reading.status = status
    reading.message = message[:300]
    reading.finished_at = timezone.now()
    if status != ExtractionStatus.DONE:
        reading.text, reading.pages, reading.method = "", [], reading.method or ""
    stored = OriginalText.objects.filter(
        pk=reading.pk, status=ExtractionStatus.RUNNING, started_at=reading.started_at
    ).update(
        status=reading.status,
        message=reading.message,
        finished_at=reading.finished_at,
        method=reading.method,
        text=reading.text,
        pages=reading.pages,
        confidence=reading.confidence,
    )
    if not stored:
        return OriginalText.objects.get(pk=reading.pk)
    search_tasks.schedule(pages_showing(reading.document_id))
    return reading


class local_copy:
    """The document's file as a local path (storage may be remote)."""

    def __init__(self, document):
        self.document = document
        self.folder = None

    def __enter__(self) -> Path:
        field = self.document.file
        try:
            path = Path(field.path)
        except NotImplementedError:
            pass  # remote storage: copied below
        else:
            if not path.is_file():
                raise FileNotFoundError(path)
            return path
        self.folder = Path(tempfile.mkdtemp(prefix="original-"))
        target = self.folder / Path(field.name).name
        with field.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        return target

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def pages_showing(document_id: int) -> list[int]:
    """Ids of the pages with this original, and the ward copies of them."""
    return _with_originals(original_file_id=document_id)


def _with_originals(**lookup) -> list[int]:
    """Ids of the directives and notices whose original matches `lookup`,
    and of the ward copies of them."""
    ids = set()
    for model in PAGE_TYPES:
        ids |= set(model.objects.filter(**lookup).values_list("pk", flat=True))
    if ids:
        copies = Page.objects.filter(alias_of_id__in=ids)
        ids |= set(copies.values_list("pk", flat=True))
    return sorted(ids)


def documents_to_read(*, everything: bool = False):
    """Documents attached as originals: all of them, or those whose current
    file has no finished reading."""
    ids = set()
    for model in PAGE_TYPES:
        ids |= set(
            model.objects.exclude(original_file=None).values_list(
                "original_file_id", flat=True
            )
        )
    documents = get_document_model().objects.filter(pk__in=ids).order_by("pk")
    if everything:
        return list(documents)
    return [
        document
        for document in documents
        if (reading := current_reading(document)) is None
        or not reading.finished
        or reading.status in RETRY
    ]


# Outcomes worth another try without being asked for each file: Tesseract
# installed since, a busier machine then, an error since fixed.
RETRY = {ExtractionStatus.NO_OCR, ExtractionStatus.TIMEOUT, ExtractionStatus.FAILED}


def body_from_reading(reading: OriginalText) -> list:
    """The extracted text as body blocks, a paragraph per paragraph of the
    scan (its line ends dropped)."""
    paragraphs = [p for _number, parts in reading.reflowed_pages() for p in parts]
    return paragraphs_to_stream("\n\n".join(paragraphs))


def on_page_saved(page) -> None:
    """A directive or notice saved or published with an original attached:
    read it if its file has not been read yet. Never in the way of a save."""
    page = getattr(page, "specific", page)
    if not isinstance(page, PAGE_TYPES) or page.original_file_id is None:
        return
    if page.alias_of_id:
        return  # a ward's copy shows its original's reading
    try:
        with transaction.atomic():
            request_reading(page.original_file)
    except Exception:
        logger.exception("cannot queue the reading of page %s's original", page.pk)


def on_page_published(sender, instance, **kwargs) -> None:
    """`page_published` receiver (an import publishes without the admin)."""
    on_page_saved(instance)


def on_document_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A document's file replaced: read it again if it is someone's original;
    moved to another collection (perhaps a restricted one): index again."""
    if raw or created:
        return
    pages = pages_showing(instance.pk)
    if not pages:
        return
    try:
        with transaction.atomic():
            request_reading(instance)
            search_tasks.schedule(pages)
    except Exception:
        logger.exception("cannot queue the reading of document %s", instance.pk)


def on_document_deleting(sender, instance, **kwargs) -> None:
    """`pre_delete`: the pages showing a document about to go (afterwards
    their link is gone: SET_NULL, with no page signal)."""
    instance._original_of = pages_showing(instance.pk)


def on_document_deleted(sender, instance, **kwargs) -> None:
    """`post_delete`: those pages are indexed again, without its text."""
    pages = getattr(instance, "_original_of", None)
    if not pages:
        return
    try:
        search_tasks.schedule(pages)
    except Exception:
        logger.exception("cannot reindex the pages of document %s", instance.pk)


def on_restriction_changed(sender, instance=None, **kwargs) -> None:
    """A collection restricted or opened (or collections moved): forget the
    cached list and index again the pages whose original is in it."""
    cache.delete(RESTRICTED_KEY)
    search_tasks.schedule(_with_originals(original_file__isnull=False))
