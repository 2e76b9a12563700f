"""End to end, in a real browser on a cheap phone's screen.

Issue requirement: “A resident opens the home page on a phone-sized viewport,
goes to the directive list, filters by type, opens Chỉ thị 29-CT/TU and sees
its summary.” The flow runs twice, with and without JavaScript: the portal must
work on an old phone with scripts off.

Uses Debian's chromium (`apt-get install chromium`; `.ci/system-deps.sh` does it
as root). Playwright's own browser download is never used.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 15_000
# A cheap Android phone.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}
SUMMARY_START = "Mỗi cán bộ, công chức phải thực hiện “5 xây”"


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser):
    """A fresh page in a phone-sized context, with JavaScript on or off."""
    context = browser.new_context(java_script_enabled=request.param, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.js_enabled = request.param
    page.broken = []  # responses with an error status, script errors
    page.on(
        "response",
        lambda r: (
            page.broken.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: page.broken.append(f"JS error: {e}"))
    yield page
    context.close()


def check_page(page, name: str, screenshot_dir: Path) -> None:
    """Stylesheet applied, no horizontal scrolling, screenshot saved."""
    from playwright.sync_api import expect

    # portal.css gives the header its red band: the stylesheet really loaded.
    expect(page.locator("header.site-header")).to_have_css(
        "background-color", "rgb(163, 22, 15)"
    )
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    scroll_width, inner_width = widths
    assert scroll_width <= inner_width, (
        f"{name}: horizontal scrolling on a phone "
        f"(scrollWidth {scroll_width}px > innerWidth {inner_width}px)"
    )
    if page.js_enabled:  # without scripts the pages look the same
        page.screenshot(path=screenshot_dir / f"resident-{name}.png", full_page=True)


def test_resident_reads_directive_summary_on_phone(live_server, phone, screenshot_dir):
    from playwright.sync_api import expect

    page = phone

    # 1. Home page.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cổng thông tin")
    check_page(page, "1-home", screenshot_dir)

    # 2. The directive list, through the main navigation.
    nav = page.get_by_role("navigation", name="Chuyên mục chính")
    nav.get_by_role("link", name="Văn bản", exact=True).click()
    expect(page).to_have_url(re.compile(r"/van-ban/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    cards = page.locator("main ul.cards > li.card")
    expect(cards.first).to_be_visible()
    all_types = {t.split(" ")[0] for t in cards.locator(".number").all_inner_texts()}
    assert "Kế" in all_types or "Nghị" in all_types, (
        "the unfiltered list should hold more than directives (chỉ thị)"
    )
    check_page(page, "2-list", screenshot_dir)

    # 3. Filter by type, as a resident would: pick in the select, press “Lọc”.
    page.get_by_label("Loại văn bản").select_option(label="Chỉ thị")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"[?&]doc_type="))
    query = parse_qs(urlparse(page.url).query)
    assert query["doc_type"] == ["Chỉ thị"], page.url
    expect(page.get_by_label("Loại văn bản")).to_have_value("Chỉ thị")
    expect(cards.first).to_be_visible()
    numbers = cards.locator(".number").all_inner_texts()
    assert numbers, "no directive listed after filtering by Chỉ thị"
    assert all(n.startswith("Chỉ thị ") for n in numbers), numbers
    expect(page.locator("main")).to_contain_text(f"{len(numbers)} văn bản")
    check_page(page, "3-filtered", screenshot_dir)

    # 4. Open Chỉ thị 29-CT/TU and read its plain-language summary.
    cards.get_by_role("link", name="29-CT/TU").click()
    expect(page).to_have_url(re.compile(r"/van-ban/chi-thi-29-ct-tu-2013/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("29-CT/TU")
    summary = page.get_by_role("region", name="Tóm tắt dễ hiểu")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="Tóm tắt dễ hiểu")).to_be_visible()
    expect(summary).to_contain_text(SUMMARY_START)
    check_page(page, "4-directive", screenshot_dir)

    assert not page.broken, page.broken
