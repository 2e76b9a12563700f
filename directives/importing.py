"""Import directives, procedures, notices and articles from JSON Lines (see
INTERFACES.md and the README).

The whole file is read and checked before anything is written, and everything
is written in one transaction: a bad line leaves the database as it was. One
import runs at a time (`exclusive_import`): a second one waits for the first.
"""

import codecs
import datetime
import fcntl
import json
import re
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch import signal_handlers as search_signals
from modelsearch.backends import get_search_backends
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.site_structure import ensure_site_structure
from search import analysis

from .blocks import paragraphs_to_stream, split_paragraphs
from .models import (
    ArticlePage,
    DirectivePage,
    DirectiveStatus,
    IssuingBody,
    NoticePage,
    ProcedureField,
    ProcedurePage,
)
from .vocabulary import doc_type_choice

KINDS = ("directive", "procedure", "notice", "article")
REQUIRED = {
    "directive": (
        "title",
        "body",
        "doc_type",
        "number",
        "issuer",
        "signed_on",
        "summary",
    ),
    "procedure": ("title", "field", "required_documents", "processing_time", "fee"),
    "notice": ("title", "body", "published_on"),
    "article": ("title", "body", "published_on"),
}
# Fields stored in a column of limited length, checked while reading: SQLite
# would store a longer value, PostgreSQL refuse it ("value too long") and
# abort the import with a traceback.
MAX_LENGTH = {
    name: model._meta.get_field(column).max_length
    for name, (model, column) in {
        "title": (Page, "title"),
        "number": (DirectivePage, "number"),
        "issuer": (IssuingBody, "name"),
        "signer": (DirectivePage, "signer"),
        "posted_at": (NoticePage, "posted_at"),
        "audience": (NoticePage, "audience"),
        "author": (ArticlePage, "author"),
        "code": (ProcedurePage, "code"),
        "processing_time": (ProcedurePage, "processing_time"),
        "fee": (ProcedurePage, "fee"),
        "online_url": (ProcedurePage, "online_url"),
        "filed_at": (ProcedurePage, "filed_at"),
    }.items()
}
# ISO 8601's calendar date only: Python 3.11's date.fromisoformat also takes
# "20160101" and week dates ("2016-W01-1"), which no one means in a file.
ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# An error message quotes a value at most this long.
SHOWN_CHARS = 300
# How long a second import waits for the first one (seconds), and how often
# it looks again.
LOCK_TIMEOUT = 600
LOCK_POLL = 0.25
# The key of the imports' PostgreSQL advisory lock ("ward-imp" as a bigint).
ADVISORY_LOCK_KEY = int.from_bytes(b"ward-imp", "big")


class ImportLineError(Exception):
    """A line that cannot be imported; str() is `FILE:LINE: reason`, on one
    line. LINE is 0 when the trouble is the whole file (missing, a folder,
    empty)."""

    def __init__(self, path: str, line: int, reason: str):
        # The reason may quote the file: no control character (an escape
        # sequence for the terminal, a surrogate stderr cannot encode), no
        # line break, no megabyte.
        reason = " ".join(analysis.clean_controls(reason).split())
        if len(reason) > SHOWN_CHARS:
            reason = reason[: SHOWN_CHARS - 1] + "…"
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason}")


class ImportBusy(Exception):
    """Another import still ran when the wait ran out; nothing was written."""


@dataclass
class Record:
    line: int
    kind: str
    data: dict

    @property
    def identity(self) -> tuple:
        d = self.data
        if self.kind == "directive":
            return (
                "directive",
                analysis.fold(d["issuer"]),
                analysis.symbol_key(d["number"]),
                d["signed_on"].year,
            )
        if self.kind == "procedure":
            if d["code"]:
                return ("procedure", "code", d["code"].casefold())
            return ("procedure", "title", analysis.normalize(d["title"]))
        return (self.kind, analysis.normalize(d["title"]), d["published_on"])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        prefix = "Chạy thử (không ghi gì): " if self.dry_run else ""
        return (
            f"{prefix}{self.created} mới, {self.updated} cập nhật, "
            f"{self.unchanged} không đổi."
        )


def _text(value, name: str, *, required: bool, check_length: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise ValueError(f"thiếu trường “{name}” (missing field)")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"trường “{name}” phải là chuỗi (must be a string)")
    value = analysis.clean_controls(analysis.nfc(value)).strip()
    if required and not value:
        raise ValueError(f"trường “{name}” đang trống (empty field)")
    return _checked_length(value, name) if check_length else value


def _checked_length(value: str, name: str) -> str:
    limit = MAX_LENGTH.get(name)
    if limit and len(value) > limit:
        raise ValueError(
            f"trường “{name}” dài {len(value)} ký tự, tối đa {limit} (too long)"
        )
    return value


def _date(value, name: str, *, required: bool) -> datetime.date | None:
    if value in (None, ""):
        if required:
            raise ValueError(f"thiếu trường “{name}” (missing field)")
        return None
    if not isinstance(value, str):
        raise ValueError(f"ngày “{name}” phải có dạng YYYY-MM-DD (bad date)")
    try:
        if not ISO_DATE_RE.fullmatch(value.strip()):
            raise ValueError
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"ngày “{name}” không hợp lệ: {value!r}, cần dạng YYYY-MM-DD (bad date)"
        ) from None


def _lines(value, name: str, *, required: bool) -> str:
    """A text of one item per line, given as a string or a list of strings."""
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise ValueError(f"“{name}” phải là chuỗi hoặc danh sách chuỗi")
        value = "\n".join(item.strip() for item in value if item.strip())
    return _text(value, name, required=required)


def _web_address(value, name: str) -> str:
    address = _text(value, name, required=False)
    if address and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", address):
        raise ValueError(
            f"“{name}” phải là địa chỉ web bắt đầu bằng https:// hoặc http://"
            f" (bad URL): {address!r}"
        )
    return address


def _directive_numbers(obj) -> list[str]:
    numbers = obj.get("directives") or []
    if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
        raise ValueError("“directives” phải là danh sách số, ký hiệu")
    numbers = [analysis.clean_controls(analysis.nfc(n)).strip() for n in numbers]
    return [n for n in numbers if n]


def _procedure_fields(obj, data: dict) -> None:
    label = _text(obj.get("field"), "field", required=True)
    data["field"] = ProcedureField.for_label(label)
    if data["field"] is None:
        names = ", ".join(str(name) for _value, name in ProcedureField.choices)
        raise ValueError(f"lĩnh vực “{label}” không rõ, cần một trong: {names}")
    data["code"] = _text(obj.get("code"), "code", required=False)
    data["summary"] = _text(obj.get("summary"), "summary", required=False)
    data["steps"] = _lines(obj.get("steps"), "steps", required=False)
    data["required_documents"] = _lines(
        obj.get("required_documents"), "required_documents", required=True
    )
    for name in ("processing_time", "fee"):
        data[name] = _text(obj.get(name), name, required=True)
    data["filed_at"] = _text(obj.get("filed_at"), "filed_at", required=False)
    data["online_url"] = _web_address(obj.get("online_url"), "online_url")
    data["last_checked"] = _date(
        obj.get("last_checked"), "last_checked", required=False
    )
    reference = obj.get("reference_only", False)
    if not isinstance(reference, bool):
        raise ValueError("“reference_only” phải là true hoặc false")
    data["reference_only"] = reference
    data["directives"] = _directive_numbers(obj)


def parse_record(line_no: int, obj) -> Record:
    """Check one decoded line and return it typed; raises ValueError(reason)."""
    if not isinstance(obj, dict):
        raise ValueError("mỗi dòng phải là một đối tượng JSON (expected an object)")
    kind = obj.get("kind")
    if kind not in KINDS:
        raise ValueError(
            f"loại “{kind}” không rõ, cần directive, procedure, notice hoặc article"
            " (unknown kind)"
        )
    required = REQUIRED[kind]
    data = {
        "title": _text(obj.get("title"), "title", required=True),
        "body": _text(obj.get("body"), "body", required="body" in required),
    }
    if kind == "directive":
        doc_type = _text(obj.get("doc_type"), "doc_type", required=True)
        data["doc_type"] = doc_type_choice(doc_type)
        if data["doc_type"] is None:
            raise ValueError(f"loại văn bản “{doc_type}” không rõ (unknown doc_type)")
        data["number"] = _checked_length(
            # Checked as printed: the spaces of "29 - CT/TU" do not count.
            analysis.clean_number(
                _text(obj.get("number"), "number", required=True, check_length=False)
            ),
            "number",
        )
        data["issuer"] = _text(obj.get("issuer"), "issuer", required=True)
        data["signed_on"] = _date(obj.get("signed_on"), "signed_on", required=True)
        data["effective_on"] = _date(
            obj.get("effective_on"), "effective_on", required=False
        )
        data["summary"] = _text(obj.get("summary"), "summary", required=True)
        data["signer"] = _text(obj.get("signer"), "signer", required=False)
        status = obj.get("status") or DirectiveStatus.IN_FORCE
        if status not in DirectiveStatus.values:
            raise ValueError(
                f"tình trạng “{status}” không rõ, cần in_force, expired hoặc replaced"
            )
        data["status"] = status
    elif kind == "procedure":
        _procedure_fields(obj, data)
    else:
        data["published_on"] = _date(
            obj.get("published_on"), "published_on", required=True
        )
        data["valid_until"] = _date(
            obj.get("valid_until"), "valid_until", required=False
        )
        if data["valid_until"] and data["valid_until"] < data["published_on"]:
            raise ValueError("valid_until trước published_on (ends before it starts)")
        data["directives"] = _directive_numbers(obj)
        for name in ("posted_at", "audience", "author"):
            data[name] = _text(obj.get(name), name, required=False)
    return Record(line_no, kind, data)


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        why = "không có tệp này"
    elif isinstance(exc, IsADirectoryError):
        why = "đây là một thư mục, cần một tệp .jsonl"
    elif isinstance(exc, PermissionError):
        why = "không có quyền đọc tệp"
    else:
        why = "lỗi hệ thống"
    return f"không đọc được tệp: {why} ({exc.strerror or exc})"


def read_lines(path: str) -> list[str]:
    """The lines of the file at `path`, decoded one by one, so that a byte
    that is not UTF-8 is reported at its own line. Lines end at "\n" only:
    JSON strings may hold U+2028 and U+2029 raw, which str.splitlines()
    would take for line ends."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ImportLineError(path, 0, _unreadable(exc)) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise ImportLineError(
            path, 0, "tệp trống, không có dòng nào để nhập (empty file)"
        )
    lines = []
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ImportLineError(
                path,
                line_no,
                f"dòng không phải UTF-8: byte {raw[exc.start]:#04x} "
                f"ở vị trí {exc.start + 1} (not UTF-8)",
            ) from exc
    return lines


def decode_line(raw: str):
    """One line's JSON value; ValueError(reason) when it is not JSON."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = exc.msg
    except ValueError:  # an integer of more than 4,300 digits
        reason = "số có quá nhiều chữ số"
    except RecursionError:
        reason = "lồng nhau quá sâu"
    raise ValueError(f"JSON hỏng: {reason} (broken JSON)")


def read_records(path: str | Path, lines: Iterable[str] | None = None) -> list[Record]:
    """Parse and check every line; the first bad one raises ImportLineError."""
    path = str(path)
    if lines is None:
        lines = read_lines(path)
    records, seen = [], {}
    for line_no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = parse_record(line_no, decode_line(raw))
        except ValueError as exc:
            raise ImportLineError(path, line_no, str(exc)) from exc
        if record.identity in seen:
            raise ImportLineError(
                path, line_no, f"trùng với dòng {seen[record.identity]} (duplicate)"
            )
        seen[record.identity] = line_no
        records.append(record)
    return records


class _Importer:
    def __init__(self, path: str, dry_run: bool):
        self.path = path
        self.report = ImportReport(dry_run=dry_run)
        self.sections = ensure_site_structure()
        self.issuers = {analysis.fold(i.name): i for i in IssuingBody.objects.all()}
        self.by_key: dict[str, list[DirectivePage]] = {}
        self.slugs: dict[int, set[str]] = {}  # parent pk -> its children's slugs

    def issuer(self, name: str) -> IssuingBody:
        folded = analysis.fold(name)
        if folded not in self.issuers:
            self.issuers[folded] = IssuingBody.for_name(name)
        return self.issuers[folded]

    def run(self, records: list[Record]) -> ImportReport:
        for record in sorted(records, key=lambda r: r.kind != "directive"):
            try:
                getattr(self, f"import_{record.kind}")(record)
            except (ValidationError, ValueError) as exc:
                messages = getattr(exc, "messages", None) or [str(exc)]
                raise ImportLineError(
                    self.path, record.line, "; ".join(messages)
                ) from exc
            except DatabaseError as exc:
                # What reading could not foresee; the transaction rolls back.
                raise ImportLineError(
                    self.path,
                    record.line,
                    f"cơ sở dữ liệu không nhận dòng này ({exc})",
                ) from exc
        return self.report

    def save(self, page, existing: bool, fields: dict, body: str):
        """Publish `page` with `fields` unless it already says exactly that."""
        if existing and self.unchanged(page, fields, body):
            self.report.unchanged += 1
            return page
        for name, value in fields.items():
            if name != "directives":
                setattr(page, name, value)
        page.body = paragraphs_to_stream(body)
        page.__dict__.pop("body_text", None)
        if "directives" in fields:
            page.directives.set(fields["directives"])
        if not existing:
            parent = self.sections[self.section_for(page)]
            if parent.pk not in self.slugs:
                self.slugs[parent.pk] = set(
                    parent.get_children().values_list("slug", flat=True)
                )
            page.slug = self.unique_slug(self.slugs[parent.pk], page)
            self.slugs[parent.pk].add(page.slug)
            parent.add_child(instance=page)  # validates the new page
            self.report.created += 1
        else:
            page.full_clean()
            self.report.updated += 1
        # Validated once above; Wagtail would otherwise validate each save again.
        page.save_revision(clean=False).publish()
        return page

    @staticmethod
    def unchanged(page, fields: dict, body: str) -> bool:
        for name, value in fields.items():
            current = getattr(page, name)
            if name == "directives":
                current = list(current.all())
            if current != value:
                return False
        return page.body_text == "\n\n".join(split_paragraphs(body))

    @staticmethod
    def section_for(page) -> str:
        return {
            "directive": "DirectiveIndexPage",
            "procedure": "ProcedureIndexPage",
            "notice": "NoticeIndexPage",
            "article": "ArticleIndexPage",
        }[page.kind]

    @staticmethod
    def unique_slug(taken: set[str], page) -> str:
        base = (
            page.default_slug()
            if isinstance(page, DirectivePage)
            else slugify(analysis.fold(page.title))[:70].strip("-")
        ) or page.kind
        slug, n = base, 2
        if slug in taken and getattr(page, "published_on", None):
            slug = f"{base}-{page.published_on:%Y%m%d}"
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def import_directive(self, record: Record):
        d = record.data
        issuer = self.issuer(d["issuer"])
        key = analysis.symbol_key(d["number"])
        page = (
            DirectivePage.objects.filter(
                issuer=issuer, number_key=key, signed_on__year=d["signed_on"].year
            )
            .order_by("pk")
            .first()
        )
        fields = {
            name: d[name]
            for name in (
                "title",
                "doc_type",
                "number",
                "signed_on",
                "effective_on",
                "summary",
                "signer",
                "status",
            )
        }
        fields["issuer"] = issuer
        page = self.save(page or DirectivePage(), page is not None, fields, d["body"])
        self.by_key.setdefault(key, []).append(page)

    def resolve(self, record: Record, number: str) -> DirectivePage | None:
        key = analysis.symbol_key(number)
        candidates = self.by_key.get(key) or list(
            DirectivePage.objects.filter(number_key=key)
        )
        if not candidates:
            self.report.warnings.append(
                f"{self.path}:{record.line}: không tìm thấy văn bản {number} "
                "(directive not on the site, link skipped)"
            )
            return None
        # Same number, several issuers or terms: the most recent is meant.
        return max(candidates, key=lambda p: (p.signed_on, p.pk))

    def import_dated(self, record: Record, model):
        d = record.data
        page = (
            model.objects.filter(published_on=d["published_on"])
            .filter(title__iexact=d["title"])
            .order_by("pk")
            .first()
        )
        if page is None:
            wanted = analysis.normalize(d["title"])
            page = next(
                (
                    p
                    for p in model.objects.filter(published_on=d["published_on"])
                    if analysis.normalize(p.title) == wanted
                ),
                None,
            )
        fields = {"title": d["title"], "published_on": d["published_on"]}
        if model is NoticePage:
            fields["valid_until"] = d["valid_until"]
            for name in ("posted_at", "audience"):
                if d[name]:
                    fields[name] = d[name]
        elif d["author"]:
            fields["author"] = d["author"]
        linked = [self.resolve(record, n) for n in d["directives"]]
        fields["directives"] = sorted({p for p in linked if p}, key=lambda p: p.pk)
        self.save(page or model(), page is not None, fields, d["body"])

    def import_procedure(self, record: Record):
        d = record.data
        procedures = ProcedurePage.objects.order_by("pk")
        page = None
        if d["code"]:
            page = procedures.filter(code__iexact=d["code"]).first()
        if page is None:  # no code, or a page imported before it had one
            named = procedures.filter(title__iexact=d["title"]).first()
            wanted = analysis.normalize(d["title"])
            page = named or next(
                (p for p in procedures if analysis.normalize(p.title) == wanted), None
            )
            if page is not None and d["code"] and page.code:
                page = None  # another procedure of the same name, another code
        fields = {
            name: d[name]
            for name in (
                "title",
                "code",
                "field",
                "summary",
                "steps",
                "required_documents",
                "processing_time",
                "fee",
                "filed_at",
                "online_url",
                "reference_only",
            )
        }
        if d["last_checked"]:
            fields["last_checked"] = d["last_checked"]
        if page is not None and not d["code"]:
            fields.pop("code")  # a line without a code keeps the page's
        linked = [self.resolve(record, n) for n in d["directives"]]
        fields["directives"] = sorted({p for p in linked if p}, key=lambda p: p.pk)
        self.save(page or ProcedurePage(), page is not None, fields, d["body"])

    def import_notice(self, record: Record):
        self.import_dated(record, NoticePage)

    def import_article(self, record: Record):
        self.import_dated(record, ArticlePage)


@contextmanager
def index_updates_deferred():
    """Index each imported page once, at the end, not at each of its saves.

    A new page is saved three times (added, revision, published) and each save
    re-indexes it in Wagtail's search backends and reference index; here the
    saves are collected and the pages indexed once, in bulk for search, still
    inside the import's transaction, so they are searchable when the import
    returns. Meant for a management command: the search handlers are swapped
    process-wide while it runs.
    """
    models = (DirectivePage, ProcedurePage, NoticePage, ArticlePage)
    touched: dict[type, set[int]] = {model: set() for model in models}

    def collect(sender, instance, **kwargs):
        touched[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
        post_save.connect(collect, sender=model, dispatch_uid=f"import-{model}")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"import-{model}")
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
    if transaction.get_rollback():
        return  # a dry run: nothing was written, nothing to index
    for model, pks in touched.items():
        if not pks:
            continue
        pages = list(model.objects.filter(pk__in=pks))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


@contextmanager
def exclusive_import(timeout: float | None = None, on_wait=None):
    """Run the block as the only import, waiting up to `timeout` seconds
    (LOCK_TIMEOUT by default) for one already running, calling `on_wait()`
    once so that the command can say so; then raise ImportBusy, having
    written nothing.

    Two imports at once would fail against each other: on SQLite (one writer)
    the second waits for the first's transaction only as long as the busy
    timeout, then stops with "database is locked"; on PostgreSQL, where both
    run at once, the second stops at a unique index when both create the site
    structure of an empty database or the same new issuing body. So:

    - On SQLite the database is a file on this machine, and so is the lock:
      an exclusive `flock` on DATA_DIR/import.lock, taken before the
      transaction opens, released when the block ends or the process dies.
    - On PostgreSQL imports may run on different machines (a worker, an
      operator's shell), each with its own DATA_DIR: the lock is the
      database's, a transaction-level advisory lock, taken first thing in
      the import's transaction and released at its commit or rollback. (A
      session-level lock would outlive a failed import on a pooled
      connection, and does not work behind a transaction-pooling PgBouncer.)
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:

                def try_lock() -> bool:
                    cursor.execute(
                        "SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY]
                    )
                    return cursor.fetchone()[0]

                _wait_for(try_lock, timeout, on_wait)
            yield
        return
    path = Path(settings.DATA_DIR) / "import.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:

        def try_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _wait_for(try_lock, timeout, on_wait)
        yield  # closing the file releases the lock


def _wait_for(try_lock, timeout: float, on_wait) -> None:
    deadline = time.monotonic() + timeout
    if try_lock():
        return
    if on_wait:
        on_wait()
    while time.monotonic() < deadline:
        time.sleep(LOCK_POLL)
        if try_lock():
            return
    raise ImportBusy(
        f"Một lượt nhập khác vẫn đang chạy sau {timeout:g} giây chờ: chưa nhập "
        "gì, hãy chạy lại sau (another import is still running)."
    )


def import_records(
    path: str,
    records: list[Record],
    *,
    dry_run=False,
    lock_timeout: float | None = None,
    on_wait=None,
) -> ImportReport:
    with (
        exclusive_import(lock_timeout, on_wait),
        transaction.atomic(),
        index_updates_deferred(),
    ):
        report = _Importer(path, dry_run).run(records)
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(
    path: str | Path,
    *,
    dry_run: bool = False,
    lock_timeout: float | None = None,
    on_wait=None,
) -> ImportReport:
    """Import a JSON Lines file atomically, after any import already running;
    raises ImportLineError on a bad line, ImportBusy when the wait runs out."""
    records = read_records(path)
    return import_records(
        str(path), records, dry_run=dry_run, lock_timeout=lock_timeout, on_wait=on_wait
    )
