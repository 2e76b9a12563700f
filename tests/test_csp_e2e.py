"""End to end: the Content-Security-Policy breaks nothing (issue 18). In a real
browser, the portal (search with its autocomplete included) and the admin's
editor, live preview, choosers and image upload run without a single CSP
violation. (A module of its own: one live-server test per module.)"""

import json
import re

import pytest
from PIL import Image

from tests.test_admin_e2e import log_in, new_page

pytestmark = pytest.mark.e2e

# Every violation, in the page or in a frame (the live preview), is reported
# on the console, where the test collects it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
    "CSP " + JSON.stringify({directive: e.violatedDirective, blocked: e.blockedURI,
                             page: document.location.pathname, line: e.lineNumber})));
"""


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_portal_and_admin_run_under_the_policy(
    live_server, browser, screenshot_dir, tmp_path
):
    from playwright.sync_api import expect

    from directives.models import DirectivePage

    directive = DirectivePage.objects.get(number="29-CT/TU")
    base = live_server.url
    page = new_page(browser, screenshot_dir)
    page.context.add_init_script(REPORT_VIOLATIONS)
    violations = []

    def collect(message):
        if message.text.startswith("CSP ") or "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", collect)
    # What the browser heard, for the message if a step below times out.
    heard = []
    page.on("console", lambda m: heard.append(f"console {m.type}: {m.text}"))
    page.on("response", lambda r: heard.append(f"{r.status} {r.url}"))

    # The portal, as a resident meets it.
    for path in ("/", directive.url, "/van-ban/", "/khong-co-trang-nay/"):
        page.goto(base + path)
        settle(page)
    page.goto(base + "/tim-kiem/?q=chi+thi")
    with page.expect_response(re.compile(r"/api/search/suggest/")):
        page.fill("#q-page", "chi thi 29")
    settle(page)

    # The admin: the editor, its live preview and choosers.
    log_in(page, base, "admin", "50-csp")
    page.goto(f"{base}/admin/pages/{directive.pk}/edit/")
    settle(page)
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.locator("h1")).to_contain_text("29-CT/TU")
    page.get_by_role("button", name=re.compile("Chọn một trang")).first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_placeholder("Tìm kiếm…").fill("29 ct tu")
    expect(modal.locator("tbody a").first).to_contain_text("Chỉ thị 29-CT/TU — ")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages .success")).to_be_visible()

    # An image uploaded (previewed from a blob: address), then chosen as the
    # ward's logo: the portal shows it from /media/.
    picture = tmp_path / "logo-phuong.png"
    Image.new("RGB", (320, 320), (200, 16, 46)).save(picture)
    page.goto(base + "/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", picture)
    # Every status message is in the list item from the start, hidden: wait
    # for the success one to show (leaving earlier aborts the upload).
    expect(page.locator("#upload-list .status-msg.success")).to_be_visible()
    expect(page.locator("#upload-list .status-msg.success")).to_contain_text(
        "Tải lên thành công"
    )
    page.goto(base + "/admin/settings/cms/wardsettings/")
    page.get_by_role("button", name="Chọn hình ảnh").click()
    choice = page.locator(".modal-dialog a[data-chooser-modal-choice]").first
    try:
        choice.wait_for()
    except Exception as error:
        page.screenshot(path=screenshot_dir / "csp-image-chooser.png", full_page=True)
        modal = page.locator(".modal-dialog")
        shown = modal.first.inner_text() if modal.count() else "(no dialog)"
        raise AssertionError(
            f"the image chooser shows no image: {error}\ndialog: {shown}\n"
            + "\n".join(heard[-25:])
        ) from error
    choice.click()
    page.get_by_role("button", name=re.compile("^Lưu")).first.click()
    settle(page)
    page.goto(base + "/")
    settle(page)
    assert page.evaluate("document.querySelector('img.brand-logo').naturalWidth") == 64

    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    page.context.close()
