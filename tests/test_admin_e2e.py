"""End to end: the editor's day in the admin, in a real browser (issue 9).

A newcomer editor (bientap, "Biên tập viên") creates one page of each type
through the admin, filling only the required fields: saves, previews in the
side panel and sees the content, submits. The ward leader (lanhdao, "Lãnh
đạo phường") previews and approves each; each goes live. The directive is
then found by its number in the admin search and on the portal search, and
after the ward administrator sets the site's address under Cài đặt → Cổng
thông tin, its poster's QR code decodes to the address it is served at.

Every screen on the way is saved to admin-*.png (`pytest --screenshots
docs/screenshots` refreshes the pictures in docs/) and checked for English:
`tests.visible_text` flags any word on screen, in the tab title or in an
accessible label that cannot be Vietnamese.

Uses Debian's chromium (`.ci/system-deps.sh` installs it as root); Playwright's
own browser download is never used.
"""

import re
from pathlib import Path

import pytest

from tests.visible_text import SCREEN_TEXT_JS, WORD, english_words

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 20_000
# A browser set to English, as on many office computers: the admin must still
# speak Vietnamese.
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}
#: Names that may show as they are: the demo accounts' user names.
NAMES = frozenset({"admin", "bientap", "lanhdao"})

DIRECTIVE = "Về tăng cường công tác dân vận trong tình hình mới"
PAGES = {
    # section title in the explorer, title typed, expected slug
    "directive": ("Văn bản chỉ đạo", DIRECTIVE, "chi-thi-07-ct-tu-2026"),
    "notice": (
        "Thông báo",
        "Thông báo tổng vệ sinh đường Bạch Đằng",
        "thong-bao-tong-ve-sinh-duong-bach-dang",
    ),
    "article": (
        "Tin tức",
        "Đoàn viên phường ra quân dọn rác bờ sông",
        "doan-vien-phuong-ra-quan-don-rac-bo-song",
    ),
    "campaign": (
        "Tuyên truyền",
        "Đợt tuyên truyền Đường phố văn minh",
        "dot-tuyen-truyen-duong-pho-van-minh",
    ),
}


def new_page(browser, screenshot_dir: Path):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.screenshot_dir = screenshot_dir
    # Every request the admin makes, to prove none leaves the machine.
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def external_requests(page, base_url: str) -> list[str]:
    return [
        url
        for url in page.requested
        if not url.startswith((base_url, "data:", "blob:", "about:"))
    ]


def english_titles() -> frozenset[str]:
    """The words of the titles of pages written in English (the English page
    of Nghị định 42, Art. 7): the admin lists them as their editors wrote
    them."""
    from cms.models import EnglishPage

    titles = EnglishPage.objects.values_list("title", flat=True)
    return frozenset(word for title in titles for word in WORD.findall(title))


def screen(page, name: str) -> None:
    """Screenshot, then: no English on screen, the document in Vietnamese."""
    page.wait_for_load_state("networkidle")
    page.screenshot(path=page.screenshot_dir / f"admin-{name}.png", full_page=True)
    shown = english_words(
        page.evaluate(SCREEN_TEXT_JS), allowed=NAMES | english_titles()
    )
    assert shown == [], f"{name}: English on screen: {shown}"
    assert page.locator("html").get_attribute("lang") == "vi"


def log_in(page, base_url: str, username: str, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    expect(page.get_by_role("heading", name="Đăng nhập trang quản trị")).to_be_visible()
    expect(page).to_have_title("Đăng nhập - Phường Hải Châu")
    screen(page, f"{name}-login")
    page.fill("#id_username", username)
    page.get_by_label("Mật khẩu").fill(username)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(
        page.get_by_role("heading", name="Trang quản trị Phường Hải Châu")
    ).to_be_visible()


def open_footer_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.wait_for_timeout(400)  # the dropdown's fade-in


def preview_shows(page, text: str, name: str) -> None:
    """Open the live preview side panel: the page as residents will see it."""
    from playwright.sync_api import expect

    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.locator("h1")).to_contain_text(text)
    screen(page, name)
    page.locator("[data-side-panel-toggle='preview']").click()  # close it


def fill_required(page, kind: str, title: str) -> None:
    from playwright.sync_api import expect

    page.fill("#id_title", title)
    if kind == "directive":
        page.fill("#id_number", "07-CT/TU")
        page.get_by_role("button", name="Chọn cơ quan ban hành").click()
        modal = page.locator(".modal-dialog")
        modal.get_by_role("link", name="Ban Thường vụ Thành ủy Đà Nẵng").click()
        expect(page.locator("#id_issuer-title")).to_have_text(
            "Ban Thường vụ Thành ủy Đà Nẵng"
        )
        page.fill("#id_signed_on", "05/09/2026")
        page.keyboard.press("Escape")  # close the date picker
        page.fill("#id_summary", "Cán bộ phường gần dân, lắng nghe dân.")
    if kind == "notice":
        # The linked directive, found by typing its number in the filter box.
        box = page.locator("[data-filterable-choices]").first
        box.locator("input[type=search]").fill("29 ct tu")
        visible = box.locator("label:visible")
        assert visible.count() == 1
        assert visible.first.inner_text().strip().startswith("Chỉ thị 29-CT/TU — ")
        visible.first.locator("input").check()


@pytest.mark.django_db(transaction=True)
def test_editor_day_every_page_type_in_vietnamese(
    live_server, browser, screenshot_dir, private_index
):
    from playwright.sync_api import expect
    from wagtail.models import Page

    base = live_server.url

    # The editor: one page of each type, only the required fields.
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "bientap", "1-editor")
    screen(page, "2-editor-dashboard")
    page.get_by_role("link", name="Hướng dẫn cho cán bộ biên tập").first.click()
    expect(page.get_by_role("heading", name="1. Ai làm gì")).to_be_visible()
    screen(page, "2b-guide")

    created = {}
    for index, (kind, (section, title, slug)) in enumerate(PAGES.items(), 3):
        section_page = Page.objects.get(title=section, depth=3)
        page.goto(f"{base}/admin/pages/{section_page.pk}/")
        screen(page, f"{index}-explorer-{kind}")
        page.get_by_role("link", name="Thêm trang con").first.click()
        expect(page.locator("#id_title")).to_be_visible()
        fill_required(page, kind, title)
        if kind != "directive":
            # The slug followed the title, transliterated from Vietnamese.
            page.get_by_role("tab", name="Quảng bá").click()
            expect(page.locator("#id_slug")).to_have_value(slug)
            page.get_by_role("tab", name="Nội dung").click()
        screen(page, f"{index}a-new-{kind}")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.locator(".messages .success")).to_contain_text("Đã tạo trang")
        created[kind] = Page.objects.get(slug=slug)
        preview_shows(page, title, f"{index}b-preview-{kind}")
        open_footer_menu(page)
        page.locator("button[name='action-submit']").click()
        expect(page.locator(".messages")).to_contain_text("gửi duyệt")
        screen(page, f"{index}c-submitted-{kind}")
    page.context.close()

    for kind, wagtail_page in created.items():
        wagtail_page.refresh_from_db()
        assert not wagtail_page.live, kind
        assert wagtail_page.current_workflow_state.workflow.name == (
            "Phê duyệt của lãnh đạo phường"
        )

    # The ward leader: sees them awaiting review, previews, approves.
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "lanhdao", "7-leader")
    expect(page.get_by_text("Đang chờ bạn duyệt")).to_be_visible()
    screen(page, "8-leader-dashboard")
    for kind, wagtail_page in created.items():
        page.goto(f"{base}/admin/pages/{wagtail_page.pk}/edit/")
        preview_shows(page, PAGES[kind][1], f"9-leader-preview-{kind}")
        open_footer_menu(page)
        assert page.locator("footer button[name='action-publish']").count() == 0
        approve = "footer button[data-workflow-action-name='approve']"
        with page.expect_navigation():
            page.locator(f"{approve}:not([data-launch-modal])").first.click()
        page.wait_for_load_state("networkidle")
        named = "Chỉ thị 07-CT/TU — " if kind == "directive" else ""
        expect(page.locator(".messages .success")).to_contain_text(
            f"Đã phê duyệt và xuất bản «{named}{PAGES[kind][1]}»."
        )
        screen(page, f"10-approved-{kind}")
        wagtail_page.refresh_from_db()
        assert wagtail_page.live, kind
    page.context.close()

    # Found by its number: in the admin search, then on the portal search.
    directive = created["directive"].specific
    page = new_page(browser, screenshot_dir)
    log_in(page, base, "admin", "11-administrator")
    for spelling in ("07-CT/TU", "7 ct tu", "chi thi 07"):
        page.goto(f"{base}/admin/pages/search/?q={spelling}")
        expect(page.locator("main tbody a").first).to_contain_text(
            f"Chỉ thị 07-CT/TU — {DIRECTIVE}"
        )
    screen(page, "12-admin-search-by-number")
    page.goto(f"{base}/tim-kiem/?q=07 ct tu")
    expect(page.locator("main li a").first).to_contain_text(DIRECTIVE)

    # The ward administrator sets the portal's address once; the poster's QR
    # code then points to it.
    page.goto(f"{base}/admin/sites/")
    screen(page, "13-sites")
    page.locator("main tbody a").first.click()
    port = live_server.url.rsplit(":", 1)[1]
    page.fill("#id_hostname", "localhost")
    page.fill("#id_port", port)
    screen(page, "14-site-address")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages .success")).to_be_visible()
    poster = page.request.get(f"{base}{directive.url}poster.pdf")
    assert poster.status == 200
    assert qr_codes(poster.body()) == [f"{base}{directive.url}"]
    assert external_requests(page, base) == []
    page.context.close()


def qr_codes(pdf: bytes) -> list[str]:
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]
