"""End to end, issue 14's journey in Debian's chromium.

The leader (lanhdao) schedules a broadcast in the admin: a time before the
ward's hours is refused in Vietnamese, 06:45 on one zone is taken. Every
new admin list is in Vietnamese. The announcer (bientap), on a cheap phone,
opens today's programme and taps "Đã phát" under the broadcast; the page
says when and by whom, and the aired log has it. From the notice's page in
the admin the editor logs where its poster was posted.
"""

import re

import pytest

from tests.test_admin_e2e import log_in, new_page, screen
from tests.test_e2e import PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_schedule_air_and_post(live_server, browser, screenshot_dir):
    from django.utils import timezone
    from playwright.sync_api import expect

    from directives.models import (
        AiredRecord,
        BroadcastSlot,
        NoticePage,
        PostingRecord,
    )

    base = live_server.url
    today = timezone.localdate()
    notice = NoticePage.objects.current().order_by("pk").first()

    # The leader schedules the notice for 05:00, is told the ward's hours,
    # and moves it to 06:45 on the second zone.
    leader = new_page(browser, screenshot_dir)
    log_in(leader, base, "lanhdao", "50-leader")
    for name, path in {
        "51-zones": "/admin/snippets/directives/loudspeakerzone/",
        "52-aired-log": "/admin/snippets/directives/airedrecord/",
        "53-posting-log": "/admin/snippets/directives/postingrecord/",
        "54-places": "/admin/snippets/directives/postingplace/",
        "55-groups": "/admin/snippets/directives/residentialgroup/",
        "56-radio-keys": "/admin/snippets/directives/radiosystemkey/",
        "57-programme": "/admin/snippets/directives/broadcastslot/",
    }.items():
        leader.goto(base + path)
        screen(leader, name)
    leader.goto(base + "/admin/snippets/directives/broadcastslot/add/")
    leader.get_by_role("button", name=re.compile("Chọn một trang")).first.click()
    modal = leader.locator(".modal-dialog")
    modal.get_by_placeholder("Tìm kiếm…").fill(notice.title[:30])
    modal.get_by_role(
        "link", name=re.compile(re.escape(notice.title[:30]))
    ).first.click()
    expect(leader.locator(".modal-dialog")).to_have_count(0)
    leader.locator("#id_day").fill(today.strftime("%Y-%m-%d"))
    leader.locator("#id_time").fill("05:00")
    leader.locator("#id_zone").select_option(label="Cụm loa số 2 – nhà văn hóa tổ 7")
    screen(leader, "58-new-slot")
    leader.get_by_role("button", name=re.compile("^Lưu")).first.click()
    expect(leader.locator("body")).to_contain_text("Phường chỉ phát từ 06:00 đến 21:00")
    screen(leader, "59-slot-too-early")
    leader.locator("#id_time").fill("06:45")
    leader.get_by_role("button", name=re.compile("^Lưu")).first.click()
    expect(leader).to_have_url(
        re.compile(r"/admin/snippets/directives/broadcastslot/$")
    )
    slot = BroadcastSlot.objects.get(day=today, time="06:45")
    assert slot.zone.name == "Cụm loa số 2 – nhà văn hóa tổ 7"
    leader.context.close()

    # The announcer, on a phone, logs in and taps "Đã phát".
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    phone.goto(base + "/admin/login/")
    phone.fill("#id_username", "bientap")
    phone.get_by_label("Mật khẩu").fill("bientap")
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone).to_have_url(re.compile(r"/admin/$"))
    phone.goto(base + "/phat-thanh/hom-nay/")
    item = phone.locator(f"#luot-{slot.pk}")
    expect(item).to_contain_text("06:45")
    expect(item).to_contain_text("Cụm loa số 2")
    button = item.get_by_role("button", name="Đã phát")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    button.click()
    expect(phone.locator(f"#luot-{slot.pk} .aired-record")).to_contain_text(
        "Đã phát lúc"
    )
    expect(phone.locator(f"#luot-{slot.pk} .aired-record")).to_contain_text(
        "Nguyễn Thị Lan"
    )
    width, inner = phone.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner
    phone.screenshot(path=screenshot_dir / "journey-aired-phone.png", full_page=True)
    record = AiredRecord.objects.get(slot=slot)
    assert record.recorded_by.username == "bientap" and record.slot_day == today
    context.close()

    # The editor logs the notice's poster on a community house's board,
    # from the notice's own page in the admin.
    editor = new_page(browser, screenshot_dir)
    log_in(editor, base, "bientap", "60-editor")
    editor.goto(f"{base}/admin/pages/{notice.pk}/edit/")
    editor.get_by_role(
        "button", name=re.compile("Thao tác|Hành động|Khác")
    ).first.click()
    editor.get_by_role("link", name="Ghi nơi niêm yết").click()
    expect(editor.locator("body")).to_contain_text(notice.title)
    editor.locator("#id_place").select_option(label="Nhà văn hóa tổ dân phố 7")
    screen(editor, "61-new-posting")
    editor.get_by_role("button", name=re.compile("^Lưu")).first.click()
    expect(editor).to_have_url(
        re.compile(r"/admin/snippets/directives/postingrecord/$")
    )
    posting = PostingRecord.objects.filter(page_id=notice.pk).latest("pk")
    assert posting.place.name == "Nhà văn hóa tổ dân phố 7"
    assert posting.posted_by.username == "bientap" and posting.posted_on == today
    editor.context.close()
