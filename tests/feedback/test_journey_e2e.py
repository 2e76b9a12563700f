"""End to end, issue 13's journey in Debian's chromium.

A resident on a cheap phone with JavaScript off asks a question about a
notice and gets a code. The editor (bientap) finds it in the admin inbox,
answers it and puts it forward for Hỏi đáp; the draft goes through the
ward's workflow; the leader (lanhdao) approves it. The resident then finds
the answer on /hoi-dap/, under the notice and in search, and the phone and
e-mail they gave appear nowhere public.
"""

import re

import pytest

from tests.test_admin_e2e import log_in, new_page, open_footer_menu, screen
from tests.test_e2e import PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e

QUESTION = (
    "Xin hỏi bãi giữ xe đạp trước nhà văn hóa tổ dân phố mở cửa từ mấy giờ "
    "trong những ngày có thông báo này?"
)
ANSWER = (
    "Bãi giữ xe đạp trước nhà văn hóa mở cửa từ 6 giờ 30 sáng đến 21 giờ, "
    "miễn phí cho người dân đến dự họp."
)
PHONE_NUMBER = "0912 345 678"
EMAIL = "cudan.hanhtrinh@example.org"
NAME = "Người Dân Hành Trình"


@pytest.fixture
def resident(browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.failures = []
    page.on(
        "response",
        lambda r: (
            page.failures.append(f"{r.status} {r.url}") if r.status >= 500 else None
        ),
    )
    yield page
    context.close()


def fits_phone(page, name, screenshot_dir):
    width, inner = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner, f"{name}: scrollWidth {width}px > {inner}px"
    page.screenshot(path=screenshot_dir / f"journey-{name}.png", full_page=True)


def no_personal_data(text: str) -> None:
    for secret in (PHONE_NUMBER, PHONE_NUMBER.replace(" ", ""), EMAIL, NAME):
        assert secret not in text


@pytest.mark.django_db(transaction=True)
def test_question_answered_approved_and_found(
    live_server, browser, resident, screenshot_dir
):
    from playwright.sync_api import expect

    from cms.feedback.models import AnswerPage, Feedback, Status
    from directives.models import NoticePage

    base = live_server.url
    notice = NoticePage.objects.current().first()

    # The resident, on a phone with scripts off, asks about the notice.
    resident.goto(base + notice.url)
    resident.locator("#gop-y summary").click()
    box = resident.locator("#gop-y")
    box.get_by_role("radio", name="Hỏi đáp").check()
    box.get_by_role("textbox", name=re.compile("^Nội dung")).fill(QUESTION)
    box.get_by_label("Họ tên", exact=True).fill(NAME)
    box.get_by_label("Số điện thoại", exact=True).fill(PHONE_NUMBER)
    box.get_by_label("Thư điện tử", exact=True).fill(EMAIL)
    box.get_by_label("Tổ dân phố", exact=True).fill("Tổ 7")
    box.get_by_label(re.compile("Tôi đồng ý để phường đăng")).check()
    fits_phone(resident, "1-question", screenshot_dir)
    box.get_by_role("button", name="Gửi cho phường").click()
    expect(
        resident.get_by_role("heading", name="Phường đã nhận góp ý của bạn")
    ).to_be_visible()
    code = resident.locator(".code").inner_text().strip()
    assert re.fullmatch(r"GY-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    fits_phone(resident, "2-code", screenshot_dir)
    no_personal_data(resident.content())
    feedback = Feedback.objects.get(code=code)
    assert feedback.page_id == notice.pk and feedback.may_publish

    # The editor finds it in the inbox by its code, answers, proposes it.
    staff = new_page(browser, screenshot_dir)
    log_in(staff, base, "bientap", "journey-editor")
    staff.get_by_role("link", name=re.compile("Góp ý người dân")).first.click()
    screen(staff, "journey-inbox")
    staff.goto(f"{base}/admin/gop-y/?q={code.lower().replace('-', ' ')}")
    staff.get_by_role("link", name=code).first.click()
    expect(staff.get_by_text(PHONE_NUMBER.replace(" ", ""))).to_be_visible()
    screen(staff, "journey-handle")
    staff.locator("#id_answer-text").fill(ANSWER)
    staff.get_by_role("button", name="Gửi câu trả lời").click()
    expect(staff.locator(".messages")).to_be_visible()
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    staff.get_by_role("button", name="Đăng lên Hỏi đáp").click()
    expect(staff.locator("#id_question")).to_have_value(QUESTION)
    screen(staff, "journey-answer-draft")
    open_footer_menu(staff)
    staff.locator("button[name='action-submit']").click()
    expect(staff.locator(".messages")).to_contain_text("gửi duyệt")
    staff.context.close()

    feedback.refresh_from_db()
    answer = feedback.answer_page.specific
    assert not answer.live
    assert answer.current_workflow_state is not None

    # Not public before the leader approves.
    resident.goto(base + "/hoi-dap/")
    expect(resident.locator("main")).not_to_contain_text(answer.title)

    # The leader approves it.
    leader = new_page(browser, screenshot_dir)
    log_in(leader, base, "lanhdao", "journey-leader")
    leader.goto(f"{base}/admin/pages/{answer.pk}/edit/")
    open_footer_menu(leader)
    approve = "footer button[data-workflow-action-name='approve']"
    leader.locator(f"{approve}:not([data-launch-modal])").first.click()
    expect(leader.locator(".messages .success")).to_contain_text("Đã phê duyệt")
    leader.context.close()
    answer = AnswerPage.objects.get(pk=answer.pk)
    assert answer.live

    # The resident finds it: on /hoi-dap/, under the notice, in search.
    resident.goto(base + "/hoi-dap/")
    resident.get_by_role("link", name=answer.title).first.click()
    expect(resident.locator("main")).to_contain_text("6 giờ 30 sáng")
    fits_phone(resident, "3-answer", screenshot_dir)
    no_personal_data(resident.content())
    resident.goto(base + notice.url)
    expect(resident.get_by_role("heading", name="Hỏi đáp về trang này")).to_be_visible()
    resident.goto(base + "/tim-kiem/?q=bai giu xe dap nha van hoa")
    expect(resident.locator("main")).to_contain_text(answer.title)
    fits_phone(resident, "4-search", screenshot_dir)
    no_personal_data(resident.content())
    api = resident.request.get(base + "/api/search/?q=bãi giữ xe đạp&kind=answer")
    assert api.status == 200
    assert [hit["url"] for hit in api.json()["results"]] == [answer.url]
    no_personal_data(api.text())
    assert resident.failures == []
