"""End to end: every admin screen an editor, an approver or a ward
administrator opens is in Vietnamese, in a real browser set to English
(issue 9). Screens: admin-2x-*.png and admin-3x-*.png. (A module of its own:
two live-server tests in one module do not get the demo data back.)"""

import re

import pytest

from tests.test_admin_e2e import external_requests, log_in, new_page, screen

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_every_admin_screen_of_the_ward_is_in_vietnamese(
    live_server, browser, screenshot_dir
):
    """The screens an editor, an approver or a ward administrator opens."""
    from playwright.sync_api import expect

    from directives.models import DirectivePage

    directive = DirectivePage.objects.get(number="29-CT/TU")
    page = new_page(browser, screenshot_dir)
    log_in(page, live_server.url, "admin", "20-admin")
    screens = {
        "21-explorer-root": "/admin/pages/",
        "22-edit-directive": f"/admin/pages/{directive.pk}/edit/",
        "23-history": f"/admin/pages/{directive.pk}/history/",
        "24-usage": f"/admin/pages/{directive.pk}/usage/",
        "25-ward-settings": "/admin/settings/cms/wardsettings/",
        "26-users": "/admin/users/",
        "27-groups": "/admin/groups/",
        "28-workflows": "/admin/workflows/list/",
        "29-aging-pages": "/admin/reports/aging-pages/",
        "30-page-types": "/admin/reports/page-types-usage/",
        "31-site-history": "/admin/reports/site-history/",
        "32-issuers": "/admin/snippets/directives/issuingbody/",
        "33-programme": "/admin/snippets/directives/broadcastslot/",
        "34-print-pack": "/admin/ap-phich/in/",
        "35-account": "/admin/account/",
        "36-images": "/admin/images/",
        "37-documents": "/admin/documents/",
        "41-login-locks": "/admin/khoa-dang-nhap/",
    }
    for name, path in screens.items():
        page.goto(live_server.url + path)
        screen(page, name)
    # The choosers, opened from a new directive: issuer, then the page
    # chooser, searched by number in a resident's spelling.
    from directives.models import DirectiveIndexPage

    section = DirectiveIndexPage.objects.get()
    page.goto(
        f"{live_server.url}/admin/pages/add/directives/directivepage/{section.pk}/"
    )
    page.get_by_role("button", name="Chọn cơ quan ban hành").click()
    expect(page.locator(".modal-dialog")).to_contain_text("Ban Thường vụ Thành ủy")
    screen(page, "39-issuer-chooser")
    page.keyboard.press("Escape")
    page.get_by_role("button", name=re.compile("Chọn một trang")).first.click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_contain_text("Chỉ thị 29-CT/TU — ")
    modal.get_by_placeholder("Tìm kiếm…").fill("29 ct tu")
    expect(modal.locator("tbody a").first).to_contain_text("Chỉ thị 29-CT/TU — ")
    screen(page, "40-page-chooser-by-number")
    page.keyboard.press("Escape")
    # The sidebar's settings and help menus, opened.
    page.goto(live_server.url + "/admin/")
    for menu in ("Cài đặt", "Trợ giúp"):
        page.get_by_role("button", name=menu).click()
        page.wait_for_timeout(400)
        screen(page, f"38-menu-{menu}")
        page.keyboard.press("Escape")
    # No request leaves the machine: no Gravatar, no help pages on the internet.
    assert page.locator(".avatar img, img.avatar").count() > 0
    assert external_requests(page, live_server.url) == []
    page.context.close()
