"""Reading an import file: each line decoded, parsed and checked, with the
file and line of the first mistake (`ImportLineError`), before anything is
written.
"""

import codecs
import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Page

from search import analysis

from ..models import (
    ArticlePage,
    DirectivePage,
    DirectiveStatus,
    IssuingBody,
    NoticePage,
    ProcedureField,
    ProcedurePage,
)
from ..vocabulary import doc_type_choice

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


def _directive_fields(obj: dict, data: dict) -> None:
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
    shared = obj.get("shared", False)
    if not isinstance(shared, bool):
        raise ValueError("“shared” phải là true hoặc false")
    data["shared"] = shared


def _dated_fields(obj: dict, data: dict) -> None:
    """Notices and articles: when published, until when, what they carry out."""
    data["published_on"] = _date(obj.get("published_on"), "published_on", required=True)
    data["valid_until"] = _date(obj.get("valid_until"), "valid_until", required=False)
    if data["valid_until"] and data["valid_until"] < data["published_on"]:
        raise ValueError("valid_until trước published_on (ends before it starts)")
    data["directives"] = _directive_numbers(obj)
    for name in ("posted_at", "audience", "author"):
        data[name] = _text(obj.get(name), name, required=False)


# The fields each kind adds to title and body.
KIND_FIELDS = {
    "directive": _directive_fields,
    "procedure": _procedure_fields,
    "notice": _dated_fields,
    "article": _dated_fields,
}


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
        # A directive or notice with its original may leave the body to the
        # text read from the file.
        "body": _text(
            obj.get("body"),
            "body",
            required="body" in required and not obj.get("original"),
        ),
    }
    KIND_FIELDS[kind](obj, data)
    original = _text(obj.get("original"), "original", required=False)
    if original and kind not in ORIGINAL_KINDS:
        raise ValueError("“original” chỉ dùng cho directive và notice")
    data["original"] = original or None
    return Record(line_no, kind, data)


# Kinds whose line may name the signed original, and the files accepted.
ORIGINAL_KINDS = ("directive", "notice")
ORIGINAL_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def original_path(jsonl: str, value: str) -> Path:
    """The file a line's "original" names, relative to the JSONL file;
    ValueError(reason) when it is absent or not a PDF, JPEG or PNG."""
    relative = Path(value)
    if relative.is_absolute():
        raise ValueError(
            f"“original”: cần đường dẫn tương đối với tệp .jsonl, không phải {value}"
        )
    path = Path(jsonl).resolve().parent / relative
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except IsADirectoryError as exc:
        raise ValueError(f"“original”: {value} là một thư mục") from exc
    except OSError as exc:
        raise ValueError(f"“original”: không đọc được tệp {value}") from exc
    if not head.startswith(ORIGINAL_SIGNATURES):
        raise ValueError(f"“original”: {value} không phải tệp PDF, JPG hay PNG")
    return path


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
            if record.data["original"]:
                record.data["original"] = original_path(path, record.data["original"])
        except ValueError as exc:
            raise ImportLineError(path, line_no, str(exc)) from exc
        if record.identity in seen:
            raise ImportLineError(
                path, line_no, f"trùng với dòng {seen[record.identity]} (duplicate)"
            )
        seen[record.identity] = line_no
        records.append(record)
    return records
