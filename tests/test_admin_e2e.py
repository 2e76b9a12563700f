"""End to end: the Wagtail admin in Vietnamese, in a real browser (issue 6).

An editor (bientap, group "Biên tập viên") logs in, goes from the dashboard to
the page explorer, creates a notice under "Thông báo" and submits it to the
workflow "Phê duyệt của lãnh đạo phường"; the approver (lanhdao, group "Lãnh đạo
phường") logs in and approves it, which publishes it. Every screen is saved to
admin-*.png (pytest --screenshots docs/screenshots refreshes the pictures in
docs/) and checked for the most visible English labels.

Uses Debian's chromium (`.ci/system-deps.sh` installs it as root); Playwright's
own browser download is never used.
"""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 20_000
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}
NOTICE_TITLE = "Thông báo lịch tiếp công dân tháng 12"
# The most visible English labels of Wagtail's admin: none may show.
ENGLISH_LABELS = [
    "Pages",
    "Publish",
    "Save draft",
    "Submit for moderation",
    "Dashboard",
    "Search",
    "Sign in",
    "Log out",
    "Account",
    "Images",
    "Documents",
    "Snippets",
    "Reports",
    "Settings",
    "Help",
    "Add child page",
    "Edit",
    "Delete",
    "Preview",
    "Approve",
    "Request changes",
    "Awaiting your review",
    "Your most recent edits",
    "Status",
    "Draft",
    "Live",
    "Title",
    "Content",
    "Promote",
    "Comments",
    "Actions",
    "More actions",
]


def new_page(browser, screenshot_dir: Path):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.screenshot_dir = screenshot_dir
    return page


def english_labels_shown(page) -> list[str]:
    """Visible texts (elements' own text, aria-labels, placeholders, button
    values) that are exactly one of the English labels.

    Screen-reader-only elements (``.w-sr-only``) are left out: Wagtail 8.0.1
    hard-codes ``<input type="submit" value="Search">`` in two of them
    (wagtailadmin/home.html, wagtailadmin/shared/header.html), outside any
    catalog. Likewise the ``aria-label="Actions"`` it hard-codes on
    ``nav#w-slim-header-buttons`` (wagtailadmin/shared/headers/_actions.html)
    is skipped until the project overrides that template."""
    texts = page.evaluate(
        """() => {
        const out = [];
        const visible = (el) => !el.closest('.w-sr-only')
            && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
        for (const el of document.querySelectorAll('body *')) {
            if (!visible(el)) continue;
            for (const node of el.childNodes) {
                if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent);
            }
            for (const attr of ['aria-label', 'placeholder', 'title']) {
                if (attr === 'aria-label' && el.id === 'w-slim-header-buttons') {
                    continue;
                }
                if (el.getAttribute(attr)) out.push(el.getAttribute(attr));
            }
            if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) {
                out.push(el.value);
            }
        }
        return out;
    }"""
    )
    shown = {re.sub(r"\s+", " ", t).strip() for t in texts}
    return sorted(shown & set(ENGLISH_LABELS))


def screen(page, name: str) -> None:
    """Screenshot, then check that no English label is visible."""
    page.screenshot(path=page.screenshot_dir / f"admin-{name}.png", full_page=True)
    assert english_labels_shown(page) == [], f"{name}: English labels visible"
    assert page.locator("html").get_attribute("lang") == "vi"


def log_in(page, base_url: str, username: str, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    screen(page, f"{name}-login")
    page.fill("#id_username", username)
    page.fill("#id_password", username)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Tổng quan website")).to_be_visible()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_editor_submits_and_leader_approves_in_vietnamese(
    live_server, browser, screenshot_dir
):
    from playwright.sync_api import expect

    from directives.models import NoticeIndexPage, NoticePage

    notices = NoticeIndexPage.objects.get()
    base = live_server.url

    # The editor: dashboard, page explorer, a new notice, submit for approval.
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "bientap", "1-editor")
    screen(page, "2-editor-dashboard")

    page.goto(f"{base}/admin/pages/{notices.pk}/")
    expect(page.get_by_role("link", name="Thêm trang con").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    screen(page, "3-explorer")

    page.get_by_role("link", name="Thêm trang con").first.click()
    expect(page.locator("#id_title")).to_be_visible()
    page.fill("#id_title", NOTICE_TITLE)
    page.fill("#id_posted_at", "Bảng tin trụ sở UBND phường")
    page.wait_for_load_state("networkidle")
    screen(page, "4-new-notice")
    page.get_by_role("tab", name="Quảng bá").click()
    page.fill("#id_slug", "lich-tiep-cong-dan-thang-12")
    screen(page, "4b-promote-tab")

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    submit = page.locator("button[name='action-submit']")
    expect(submit).to_contain_text("Gửi duyệt")
    expect(submit).to_be_visible()
    page.wait_for_timeout(500)  # the dropdown's fade-in
    screen(page, "5-submit-menu")
    submit.click()
    expect(page.locator(".messages")).to_contain_text(
        f"Đã tạo trang '{NOTICE_TITLE}' và gửi duyệt."
    )
    page.wait_for_load_state("networkidle")
    screen(page, "6-submitted")
    page.context.close()

    notice = NoticePage.objects.get(title=NOTICE_TITLE)
    assert not notice.live
    assert notice.current_workflow_state.workflow.name == (
        "Phê duyệt của lãnh đạo phường"
    )

    # The ward leader: sees it awaiting review, approves, it goes live.
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "lanhdao", "7-leader")
    expect(page.get_by_text("Đang chờ bạn duyệt")).to_be_visible()
    expect(page.get_by_text(NOTICE_TITLE).first).to_be_visible()
    screen(page, "8-leader-dashboard")

    page.goto(f"{base}/admin/pages/{notice.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(NOTICE_TITLE)
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    approve = page.locator(
        "footer button[data-workflow-action-name='approve']:not([data-launch-modal])"
    ).first
    expect(approve).to_contain_text("Phê duyệt")
    expect(approve).to_be_visible()
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    screen(page, "9-approve-menu")
    approve.click()
    # Approving from the editor saves the page: Wagtail's "has been updated".
    expect(page.locator(".messages")).to_contain_text(
        f"Đã phê duyệt và xuất bản «{NOTICE_TITLE}»."
    )
    page.wait_for_load_state("networkidle")
    screen(page, "10-approved")
    page.context.close()

    notice.refresh_from_db()
    assert notice.live
