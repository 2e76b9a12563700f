"""End to end, in a real browser: a scanned original from the editor's upload
to a resident's phone (issue 16).

The editor attaches a scan to a notice through the document chooser and
saves a draft: the edit screen says what was read, page by page, and "Dùng
văn bản trích xuất" puts it into the body of a new draft. A directive
imported with only its scan shows residents, on a 360 px phone, the text read
from it with the note that the original prevails, and is found by a phrase
that only the scan holds. Every admin screen is checked for English.
"""

import json

import pytest

from directives.extraction import ocr_available
from tests.extraction.scans import save_pdf, scanned_pages
from tests.test_admin_e2e import log_in, new_page, screen
from tests.test_e2e import PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e

SCAN_ONLY = "bình chữa cháy tại nhà văn hóa"


@pytest.mark.django_db(transaction=True)
def test_a_scan_from_the_editors_upload_to_a_residents_phone(
    live_server, browser, screenshot_dir, tmp_path, private_index
):
    from playwright.sync_api import expect

    from directives.importing import import_file
    from directives.models import DirectivePage, NoticePage

    if not ocr_available("vie"):
        pytest.skip(
            "tesseract-ocr-vie not installed: apt-get install tesseract-ocr-vie"
        )
    base = live_server.url
    scan = save_pdf(scanned_pages(), tmp_path / "chi-thi-15.pdf")
    line = {
        "kind": "directive",
        "doc_type": "Chỉ thị",
        "number": "15-CT/TU",
        "issuer": "Ban Thường vụ Tỉnh ủy Quảng Nam",
        "signed_on": "2025-03-15",
        "title": "Về tăng cường công tác phòng cháy, chữa cháy mùa khô năm 2025",
        "summary": "Tổ dân phố kiểm tra an toàn điện, chuẩn bị diễn tập.",
        "original": scan.name,
    }
    jsonl = tmp_path / "ban-goc.jsonl"
    jsonl.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    import_file(jsonl)
    directive = DirectivePage.objects.get(number="15-CT/TU")

    # The resident, on a cheap phone.
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    phone.goto(base + directive.url)
    expect(
        phone.get_by_role("heading", name="Nội dung văn bản (trích từ bản quét)")
    ).to_be_visible()
    expect(phone.locator(".original-note")).to_contain_text("theo bản gốc")
    expect(phone.locator(".original-text")).to_contain_text(SCAN_ONLY)
    expect(phone.get_by_role("link", name="Tải bản gốc (PDF)")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=screenshot_dir / "resident-scan-text.png", full_page=True)
    # Found by words only the scan holds, typed without marks.
    phone.goto(base + "/tim-kiem/?q=binh chua chay tai nha van hoa")
    first = phone.locator("main li").first
    expect(first.locator("a").first).to_contain_text(
        "Về tăng cường công tác phòng cháy"
    )
    expect(first).to_contain_text("Trích từ bản gốc, trang 2")
    phone.screenshot(path=screenshot_dir / "resident-scan-search.png", full_page=True)
    context.close()

    # The editor attaches a scan to a notice in the admin.
    notice = NoticePage.objects.live().order_by("pk").first()
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "bientap", "scan-1-editor")
    page.goto(f"{base}/admin/pages/{notice.pk}/edit/")
    panel = page.locator("[data-original-text]")
    expect(panel).to_contain_text("Chưa gắn bản gốc")
    page.locator("#id_original_file-chooser [data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Tải lên").click()
    modal.locator("input[type=file]").set_input_files(str(scan))
    # The title fills in from the file's name, as the editor sees.
    expect(modal.get_by_label("Tiêu đề")).to_have_value("chi-thi-15")
    modal.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#id_original_file-chooser")).to_contain_text("chi-thi-15")
    screen(page, "scan-2-chosen")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()
    panel = page.locator("[data-original-text]")
    expect(panel).to_contain_text("Đã đọc xong")
    expect(panel).to_contain_text("nhận dạng chữ (OCR)")
    expect(panel.locator("tbody tr")).to_have_count(2)
    screen(page, "scan-3-read")

    panel.get_by_role("link", name="Dùng văn bản trích xuất").click()
    expect(page.get_by_role("heading", name="Dùng văn bản trích xuất")).to_be_visible()
    screen(page, "scan-4-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Dùng văn bản này").click()
    expect(page.locator(".messages .success")).to_contain_text(
        "Đã đưa văn bản trích xuất vào phần Nội dung"
    )
    expect(page.locator("main")).to_contain_text("niêm yết số điện thoại 114")
    screen(page, "scan-5-body-filled")
    page.context.close()
    notice.refresh_from_db()
    assert notice.has_unpublished_changes
    assert "niêm yết số điện thoại 114" in (
        notice.get_latest_revision_as_object().body_text
    )
