"""Originals read into text, as the ward uses them: imported with a line's
`original`, attached in the admin, shown to residents when the page has no
body, used by editors as the body, read again by hand; every fault a status
the editor can read, never a 500, never a lost page."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Page

from directives.extraction import ocr_available
from directives.importing import import_file
from directives.importing.records import ImportLineError
from directives.models import DirectivePage, NoticePage, OriginalText
from directives.originals import request_reading, run_reading
from tests.extraction.conftest import TESSERACT_MISSING
from tests.extraction.scans import PAGES, cer, save_pdf, scanned_pages
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

Document = get_document_model()

KNOWN = "\n".join(PAGES)
# Only on the scan's second page: no body, title or summary says it.
SCAN_ONLY_PHRASE = "bình chữa cháy tại nhà văn hóa"


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def directive_line(**extra) -> str:
    return line(
        kind="directive",
        doc_type="Chỉ thị",
        number="12-CT/TU",
        issuer="Ban Thường vụ Tỉnh ủy Quảng Nam",
        signed_on="2025-03-15",
        title="Về tăng cường công tác phòng cháy, chữa cháy mùa khô năm 2025",
        summary="Các tổ dân phố kiểm tra an toàn điện và chuẩn bị diễn tập.",
        **extra,
    )


def write(folder: Path, *lines: str) -> Path:
    path = folder / "import.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def tesseract():
    if not ocr_available("vie"):
        pytest.skip(TESSERACT_MISSING)


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("originals")
    return save_pdf(scanned_pages(), folder / "chi-thi-12.pdf")


def document(name: str, content: bytes) -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc._set_document_file_metadata()
    doc.save()
    return doc


def test_a_scanned_directive_imported_with_its_original_is_read_and_shown(
    tesseract, sections, tmp_path, scan_pdf, client, private_index
):
    (tmp_path / "ban-goc").mkdir()
    (tmp_path / "ban-goc" / "ct12.pdf").write_bytes(scan_pdf.read_bytes())
    report = import_file(write(tmp_path, directive_line(original="ban-goc/ct12.pdf")))
    assert report.created == 1

    page = DirectivePage.objects.get(number="12-CT/TU")
    assert page.live and not page.body
    reading = page.original_text()
    assert reading.status == "done" and reading.method == "ocr"
    assert [p["number"] for p in reading.pages] == [1, 2]
    assert cer(KNOWN, reading.text) < 0.02
    assert 0.5 < reading.confidence <= 1

    html = client.get(page.url).content.decode()
    assert "Nội dung văn bản (trích từ bản quét)" in html
    assert "bản gốc có giá trị pháp lý" in html.lower()
    assert SCAN_ONLY_PHRASE in html
    assert "Tải bản gốc (PDF)" in html

    # Found by a phrase only the scan holds, typed without marks, quoted from
    # the scan's page where it is.
    for query in (SCAN_ONLY_PHRASE, "binh chua chay tai nha van hoa"):
        found = client.get("/api/search/", {"q": query}).json()["results"]
        assert found[0]["url"].endswith(page.url), query
        assert found[0]["snippet"].startswith("Trích từ bản gốc, trang 2: ")
        assert found[0]["original_page"] == 2

    # Imported again: the same document, not read again, nothing changes.
    again = import_file(write(tmp_path, directive_line(original="ban-goc/ct12.pdf")))
    assert again.unchanged == 1
    assert Document.objects.count() == 1
    assert OriginalText.objects.get().pk == reading.pk


def test_a_born_digital_original_is_read_without_ocr(
    sections, tmp_path, monkeypatch, pango
):
    from weasyprint import HTML

    from directives.extraction import ocr

    def refuse(*args, **kwargs):
        raise AssertionError("OCR was started")

    monkeypatch.setattr(ocr, "ocr_image", refuse)
    HTML(
        string="<p>Thông báo lịch tiêm phòng dại cho chó mèo tại nhà văn hóa "
        "tổ dân phố 5, sáng thứ Bảy ngày 12/12/2026.</p>"
    ).write_pdf(tmp_path / "tb.pdf")
    import_file(
        write(
            tmp_path,
            line(
                kind="notice",
                title="Thông báo tiêm phòng dại",
                published_on="2026-12-01",
                original="tb.pdf",
            ),
        )
    )
    notice = NoticePage.objects.get(title="Thông báo tiêm phòng dại")
    reading = notice.extracted_text()
    assert reading.method == "text-layer" and reading.confidence is None
    assert "tiêm phòng dại cho chó mèo" in reading.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("khong-co.pdf", None, "không đọc được tệp khong-co.pdf"),
        ("ban-goc.docx", b"PK\x03\x04 word", "không phải tệp PDF, JPG hay PNG"),
        ("thu-muc", "dir", "là một thư mục"),
    ],
)
def test_an_original_that_cannot_be_attached_stops_the_import_at_its_line(
    sections, tmp_path, name, content, reason
):
    if content == "dir":
        (tmp_path / name).mkdir()
    elif content is not None:
        (tmp_path / name).write_bytes(content)
    path = write(tmp_path, directive_line(original=name))
    with pytest.raises(ImportLineError) as error:
        import_file(path)
    assert error.value.line == 1 and reason in error.value.reason
    assert not DirectivePage.objects.filter(number="12-CT/TU").exists()
    assert not Document.objects.exists()


def test_an_absolute_path_or_an_original_on_an_article_is_refused(sections, tmp_path):
    with pytest.raises(ImportLineError, match="đường dẫn tương đối"):
        import_file(write(tmp_path, directive_line(original="/etc/passwd")))
    article = line(
        kind="article",
        title="Tin ra quân",
        body="Sáng nay.",
        published_on="2026-12-01",
        original="x.pdf",
    )
    with pytest.raises(ImportLineError, match="chỉ dùng cho directive và notice"):
        import_file(write(tmp_path, article))


def test_a_corrupt_original_is_a_status_not_a_lost_page(
    sections, tmp_path, client, admin_client
):
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7\n garbage \x00\x01 not a pdf")
    import_file(write(tmp_path, directive_line(original="hong.pdf", body="Toàn văn.")))
    page = DirectivePage.objects.get(number="12-CT/TU")
    assert page.live and page.original_file is not None
    reading = page.original_text()
    assert reading.status == "corrupt" and reading.text == "" and reading.message
    assert client.get(page.url).status_code == 200
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "Văn bản trích từ bản gốc" in html and "Tệp bị hỏng" in html
    assert "Đọc lại" in html and "Dùng văn bản trích xuất" not in html


def scanned_notice(parent, text="Chữ đọc được từ bản quét, trang một.", **kwargs):
    """A published notice with an original already read (no OCR needed)."""
    doc = document("tb-quet.png", b"\x89PNG\r\n\x1a\n fake")
    OriginalText.objects.create(
        document=doc,
        file_hash=doc.file_hash,
        status="done",
        method="ocr",
        text=text,
        pages=[{"number": 1, "text": text, "method": "ocr", "confidence": 0.91}],
        confidence=0.91,
    )
    return NoticePageFactory(parent=parent, original_file=doc, **kwargs)


def test_the_editor_sees_the_reading_and_uses_it_as_the_body(
    sections, client, admin_client
):
    notice = scanned_notice(sections["NoticeIndexPage"], body=[])
    edit = admin_client.get(f"/admin/pages/{notice.pk}/edit/").content.decode()
    assert "Đã đọc xong" in edit and "độ tin cậy trung bình 91%" in edit
    assert "nhận dạng chữ (OCR)" in edit
    assert "Dùng văn bản trích xuất" in edit
    assert "directives/js/original-text.js" in edit

    use = f"/admin/ban-goc/{notice.pk}/dung-van-ban/"
    confirm = admin_client.get(use).content.decode()
    assert "Thay phần Nội dung của trang" in confirm
    assert "Chữ đọc được từ bản quét" in confirm
    response = admin_client.post(use)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{notice.pk}/edit/"
    notice.refresh_from_db()
    draft = notice.get_latest_revision_as_object()
    assert draft.body_text == "Chữ đọc được từ bản quét, trang một."
    # A draft for review: residents still see the published page.
    assert notice.has_unpublished_changes and not notice.body
    assert "Chữ đọc được từ bản quét" in client.get(notice.url).content.decode()


def test_read_again_and_the_status_the_edit_screen_polls(sections, admin_client):
    notice = scanned_notice(sections["NoticeIndexPage"])
    reading = notice.original_text()
    response = admin_client.post(f"/admin/ban-goc/{notice.pk}/doc-lai/")
    assert response.status_code == 302
    reading.refresh_from_db()
    # Read again (the fake PNG has no picture in it): the new outcome replaces
    # the old one.
    assert reading.status == "corrupt" and reading.finished_at is not None
    status = admin_client.get(f"/admin/ban-goc/{notice.pk}/tinh-trang/")
    assert status.status_code == 200 and "no-store" in status["Cache-Control"]
    assert "Tệp bị hỏng" in status.content.decode()


def test_while_queued_the_panel_asks_to_be_polled(sections, admin_client):
    notice = scanned_notice(sections["NoticeIndexPage"])
    OriginalText.objects.update(status="queued")
    html = admin_client.get(f"/admin/ban-goc/{notice.pk}/tinh-trang/").content.decode()
    assert "data-status-url" in html and "Đang chờ đọc" in html
    assert "Vẫn soạn và lưu bình thường" in html


def test_only_those_who_may_edit_the_page_act_on_its_original(sections, client):
    notice = scanned_notice(sections["NoticeIndexPage"])
    reader = UserFactory(username="khach")
    client.force_login(reader)
    for path in ("tinh-trang", "dung-van-ban", "doc-lai"):
        assert client.get(f"/admin/ban-goc/{notice.pk}/{path}/").status_code in (
            302,
            403,
        )
    client.force_login(UserFactory(username="bt", group="Biên tập viên"))
    assert client.get(f"/admin/ban-goc/{notice.pk}/tinh-trang/").status_code == 200
    assert client.get("/admin/ban-goc/999999/tinh-trang/").status_code == 404
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/ban-goc/{home.pk}/tinh-trang/").status_code == 404


def test_attaching_a_file_in_the_admin_queues_it_for_the_worker(
    transactional_db, django_db_serialized_rollback, sections, settings
):
    """With the worker backend, a save only queues the reading (no OCR in the
    request); `db_worker` reads it. Committed for real: the worker closes its
    connection after each job, as it does in production."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    doc = document("tb.png", b"\x89PNG\r\n\x1a\n not really")
    notice.original_file = doc
    notice.save_revision().publish()
    reading = OriginalText.objects.get(document=doc)
    assert reading.status == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command(
        "db_worker", "--backend", "background", "--batch", "--no-startup-delay"
    )
    reading.refresh_from_db()
    assert reading.status == "corrupt"


def test_a_replaced_file_is_read_again(sections):
    notice = scanned_notice(sections["NoticeIndexPage"])
    doc = notice.original_file
    assert notice.extracted_text() is not None
    doc.file.save("moi.png", ContentFile(b"\x89PNG\r\n\x1a\n another"), save=False)
    doc._set_document_file_metadata()
    doc.save()
    notice = NoticePage.objects.get(pk=notice.pk)
    reading = notice.original_text()
    assert reading is not None and reading.file_hash == doc.file_hash
    assert reading.status == "corrupt" and notice.extracted_text() is None


def test_extract_text_command(sections):
    notice = scanned_notice(sections["NoticeIndexPage"])
    plain = DirectivePageFactory(parent=sections["DirectiveIndexPage"])
    out = io.StringIO()
    call_command("extract_text", "--page", str(notice.pk), stdout=out)
    assert "Tệp bị hỏng" in out.getvalue() and "Đã đọc 1 tệp" in out.getvalue()
    with pytest.raises(CommandError, match="chưa gắn bản gốc"):
        call_command("extract_text", "--page", str(plain.pk))
    with pytest.raises(CommandError, match="Không có trang số 999999"):
        call_command("extract_text", "--page", "999999")
    out = io.StringIO()
    call_command("extract_text", stdout=out)
    assert "Không có bản gốc nào cần đọc." in out.getvalue()
    OriginalText.objects.update(status="queued")
    out = io.StringIO()
    call_command("extract_text", stdout=out)
    assert "Đã đọc 1 tệp" in out.getvalue()
    out = io.StringIO()
    call_command("extract_text", "--all", stdout=out)
    assert "Đã đọc 1 tệp, 0 tệp có chữ." in out.getvalue()


def test_a_missing_file_is_said_plainly(sections):
    notice = scanned_notice(sections["NoticeIndexPage"])
    doc = notice.original_file
    Path(doc.file.path).unlink()
    reading = run_reading(doc.pk)
    assert reading.status == "failed"
    assert "Không tìm thấy tệp trên máy chủ" in reading.message


@override_settings(EXTRACTION_MAX_BYTES=10)
def test_a_file_over_the_limit_is_refused_by_its_size(sections):
    notice = scanned_notice(sections["NoticeIndexPage"])
    reading = request_reading(notice.original_file, force=True)
    reading.refresh_from_db()
    assert reading.status == "too-large" and reading.message


WORDS = "Lịch nạo vét cống rãnh tổ dân phố bảy"


def found_titles(client, query="nao vet cong ranh") -> list[str]:
    return [
        r["title"] for r in client.get("/api/search/", {"q": query}).json()["results"]
    ]


def test_an_original_in_a_restricted_collection_stays_private(
    sections, client, private_index
):
    from wagtail.models import Collection, CollectionViewRestriction

    notice = scanned_notice(sections["NoticeIndexPage"], text=WORDS, body=[])
    assert WORDS in client.get(notice.url).content.decode()
    assert found_titles(client) == [notice.title]
    internal = Collection.get_first_root_node().add_child(name="Tài liệu nội bộ")
    restriction = CollectionViewRestriction.objects.create(
        collection=internal,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="x",
    )
    document = notice.original_file
    document.collection = internal
    document.save()
    assert WORDS not in client.get(notice.url).content.decode()
    assert found_titles(client) == []
    restriction.delete()
    assert WORDS in client.get(notice.url).content.decode()
    assert found_titles(client) == [notice.title]


def test_a_deleted_original_takes_its_text_out_of_search(
    sections, client, private_index
):
    notice = scanned_notice(sections["NoticeIndexPage"], text=WORDS, body=[])
    assert found_titles(client) == [notice.title]
    notice.original_file.delete()
    assert found_titles(client) == []
    notice.refresh_from_db()
    assert notice.original_file is None
    assert WORDS not in client.get(notice.url).content.decode()


def test_a_newer_request_wins_over_a_job_still_reading(sections, monkeypatch):
    from directives import originals
    from directives.extraction import Extraction, PageText

    notice = scanned_notice(sections["NoticeIndexPage"])
    document = notice.original_file

    def slow_old_read(path, **kwargs):
        # While this job reads, the file is replaced: a new request.
        Document.objects.filter(pk=document.pk).update(file_hash="f" * 40)
        document.refresh_from_db()
        request_reading(document, enqueue=False)
        page = PageText(1, "chữ của tệp cũ", "ocr", 0.9)
        return Extraction("done", (page,), "Đã đọc.")

    monkeypatch.setattr(originals, "extract", slow_old_read)
    request_reading(document, force=True, enqueue=False)
    outcome = run_reading(document.pk)
    # The old file's text was dropped; the new file waits for its own job.
    assert outcome.status == "queued" and "tệp cũ" not in outcome.text
    assert notice.extracted_text() is None
    assert outcome.file_hash == document.file_hash


def test_using_the_text_on_a_draft_missing_required_fields(sections, admin_client):
    directive = DirectivePageFactory(parent=sections["DirectiveIndexPage"], body=[])
    doc = scanned_notice(sections["NoticeIndexPage"]).original_file
    draft = directive.get_latest_revision_as_object()
    draft.original_file, draft.number = doc, ""
    draft.save_revision(clean=False)
    response = admin_client.post(f"/admin/ban-goc/{directive.pk}/dung-van-ban/")
    assert response.status_code == 302
    latest = DirectivePage.objects.get(pk=directive.pk).get_latest_revision_as_object()
    assert latest.body_text == "Chữ đọc được từ bản quét, trang một."


def test_importing_again_keeps_the_body_made_from_the_text(sections, tmp_path):
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7\n not a pdf")
    path = write(tmp_path, directive_line(original="hong.pdf"))
    import_file(path)
    page = DirectivePage.objects.get(number="12-CT/TU")
    page.body = [("paragraph", "<p>Văn bản cán bộ đã soát.</p>")]
    page.save_revision().publish()
    report = import_file(path)
    assert report.unchanged == 1
    page.refresh_from_db()
    assert page.body_text == "Văn bản cán bộ đã soát."


def test_a_reading_stuck_in_the_queue_can_be_asked_again(sections, admin_client):
    import datetime

    notice = scanned_notice(sections["NoticeIndexPage"])
    status = f"/admin/ban-goc/{notice.pk}/tinh-trang/"
    OriginalText.objects.update(status="queued", queued_at=timezone.now())
    assert "Việc đọc đã quá lâu" not in admin_client.get(status).content.decode()
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    OriginalText.objects.update(status="running", started_at=long_ago)
    html = admin_client.get(status).content.decode()
    assert "Việc đọc đã quá lâu" in html and "doc-lai" in html
    # Asked again on a save: a stuck reading is queued anew.
    reading = request_reading(notice.original_file, enqueue=False)
    assert reading.status == "queued" and reading.started_at is None


def test_the_editor_sees_pages_read_so_far(sections, admin_client, monkeypatch):
    from directives import originals
    from directives.extraction import Extraction, PageText

    notice = scanned_notice(sections["NoticeIndexPage"])
    status = f"/admin/ban-goc/{notice.pk}/tinh-trang/"
    shown = []

    def read_two_pages(path, progress=None, **kwargs):
        progress(1, 2)
        shown.append(admin_client.get(status).content.decode())
        page = PageText(1, "Trang một.", "ocr", 0.9)
        return Extraction("done", (page, PageText(2, "Trang hai.", "ocr", 0.9)), "")

    monkeypatch.setattr(originals, "extract", read_two_pages)
    reading = run_reading(notice.original_file_id)
    assert "Đang đọc văn bản" in shown[0] and "Đã đọc 1/2 trang." in shown[0]
    assert reading.status == "done" and reading.message == ""
