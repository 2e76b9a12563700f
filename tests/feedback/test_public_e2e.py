"""Hỏi đáp and the feedback form on a cheap phone (360 px), in Debian's
chromium: nothing scrolls sideways, the form works without JavaScript, the
honeypot is out of reach."""

import re

import pytest

from tests.test_e2e import PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    """No JavaScript: the old phone every page must work on."""
    context = browser.new_context(java_script_enabled=False, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page, name, screenshot_dir):
    width, inner = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner, f"{name}: scrollWidth {width}px > {inner}px"
    page.screenshot(path=screenshot_dir / f"feedback-{name}.png", full_page=True)


def test_feedback_pages_fit_a_phone(live_server, phone, screenshot_dir):
    from playwright.sync_api import expect

    from cms.feedback.models import AnswerPage
    from directives.models import NoticePage

    url = live_server.url
    phone.goto(url + "/")
    menu = phone.locator("header nav a")
    expect(menu.filter(has_text="Hỏi đáp")).to_have_attribute("href", "/hoi-dap/")
    no_sideways_scroll(phone, "home", screenshot_dir)

    phone.goto(url + "/hoi-dap/")
    expect(phone.locator("h1")).to_have_text("Hỏi đáp")
    no_sideways_scroll(phone, "hoi-dap", screenshot_dir)

    answer = AnswerPage.objects.live().get(slug="chung-thuc-ban-sao-thu-bay")
    phone.goto(url + answer.url)
    expect(phone.locator(".answered-by")).to_contain_text(
        "Trả lời: Bộ phận tiếp nhận và trả kết quả, ngày 10/11/2026"
    )
    no_sideways_scroll(phone, "answer", screenshot_dir)

    notice = NoticePage.objects.live().get(
        title="Thông báo công khai số điện thoại đường dây nóng và hòm thư góp ý"
    )
    phone.goto(url + notice.url)
    phone.locator("#gop-y summary").click()
    expect(phone.locator("#gop-y textarea")).to_be_visible()
    no_sideways_scroll(phone, "notice-box-open", screenshot_dir)
    # On paper: the notice, not the forms.
    phone.emulate_media(media="print")
    for selector in (".feedback-box", ".helpful", ".feedback-form", ".share"):
        expect(phone.locator(selector).first).to_be_hidden()
    expect(phone.locator("h1")).to_be_visible()
    phone.emulate_media(media="screen")

    # The form: the honeypot is neither seen nor reachable by Tab.
    phone.goto(url + "/gop-y/")
    honeypot = phone.locator(".hp input")
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert honeypot.get_attribute("tabindex") == "-1"
    no_sideways_scroll(phone, "gop-y", screenshot_dir)

    # Sent empty: 400, the form again with the reasons in words.
    phone.locator("form.feedback-form button[type=submit]").click()
    expect(phone.locator(".form-error")).to_be_visible()
    expect(phone.locator(".field-error").first).to_have_text(
        "Vui lòng viết nội dung góp ý."
    )
    no_sideways_scroll(phone, "gop-y-errors", screenshot_dir)

    # Sent properly: the code, big.
    phone.locator("input[name=topic][value=hoi-dap]").check()
    phone.locator("textarea").fill("Sáng thứ Bảy phường có làm hộ tịch không?")
    phone.locator("form.feedback-form button[type=submit]").click()
    expect(phone.locator(".code-box .code")).to_have_text(
        re.compile(r"^GY-[0-9A-Z]{4}-[0-9A-Z]{4}$")
    )
    no_sideways_scroll(phone, "status", screenshot_dir)
