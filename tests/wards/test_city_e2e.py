"""End to end, issue 15 in Debian's chromium: two wards on one server.

The live server answers on both 127.0.0.1 (the demo's first ward, Phường
Hải Châu, the default site) and localhost (a second ward made with
`create_ward`). The city shares Chỉ thị 29-CT/TU. A resident of the second
ward, on a cheap phone, finds it under the ward's "Văn bản" with the ward's
own notices and none of Hải Châu's; its poster carries the ward's header.
The second ward's editor, in the admin, sees only the ward's tree, and is
turned away, in Vietnamese, from a Hải Châu page.
"""

import io
import json
import re
from urllib.parse import urlsplit

import pytest

from tests.test_admin_e2e import new_page, screen
from tests.test_e2e import PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e

SHARED = {
    "kind": "directive",
    "shared": True,
    "doc_type": "Chỉ thị",
    "number": "41-CT/TU",
    "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
    "signed_on": "2026-10-05",
    "title": "Về tăng cường công tác phòng, chống thiên tai mùa mưa bão năm 2026",
    "summary": "Mỗi tổ dân phố rà soát nhà yếu, chuẩn bị nơi sơ tán và lương thực.",
    "body": "Các phường chủ động phương án bốn tại chỗ.",
}
OWN = {
    "kind": "notice",
    "title": "Thông báo sơ tán dân ở nhà yếu khi có bão",
    "published_on": "2026-12-01",
    "valid_until": "2027-01-31",
    "body": "Các hộ ở nhà yếu sơ tán đến trường tiểu học khi có lệnh.",
    "directives": ["41-CT/TU"],
}


@pytest.mark.django_db(transaction=True)
def test_two_wards_one_server(
    live_server, browser, screenshot_dir, tmp_path, private_index
):
    from django.contrib.auth.models import Group, User
    from playwright.sync_api import expect
    from pypdf import PdfReader

    from cms import wards
    from directives.importing import import_file
    from directives.models import DirectivePage, NoticePage

    port = urlsplit(live_server.url).port
    second = wards.create_ward(f"localhost:{port}", "Phường Hòa Cường")
    path = tmp_path / "city.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in (SHARED, OWN)),
        encoding="utf-8",
    )
    import_file(path, site=second)
    haichau_notice = (
        NoticePage.objects.live()
        .exclude(path__startswith=second.root_page.path)
        .order_by("pk")
        .first()
    )
    editor = User.objects.create_user(
        "hoacuong", password="hoacuong-2026", first_name="Lê Thị", last_name="Hoa"
    )
    editor.groups.add(Group.objects.get(name="Biên tập viên – Phường Hòa Cường"))

    ward_b = f"http://localhost:{port}"
    ward_a = f"http://127.0.0.1:{port}"

    # A resident of Hòa Cường, on a cheap phone.
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    phone.goto(ward_b + "/")
    expect(phone.locator("body")).to_contain_text("Phường Hòa Cường")
    expect(phone.locator("body")).to_contain_text(OWN["title"])
    expect(phone.locator("body")).not_to_contain_text(haichau_notice.title)
    phone.goto(ward_b + "/van-ban/")
    phone.get_by_role(
        "link", name=re.compile("41-CT.TU|phòng, chống thiên tai")
    ).first.click()
    expect(phone.locator("body")).to_contain_text(SHARED["summary"])
    expect(phone.locator("body")).to_contain_text(OWN["title"])  # carried out by
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px phone"
    phone.screenshot(
        path=screenshot_dir / "city-01-shared-directive-phone.png", full_page=True
    )
    copy_url = phone.url
    phone.goto(ward_b + "/thong-bao/")
    expect(phone.locator("body")).not_to_contain_text(haichau_notice.title)
    phone.goto(ward_a + "/thong-bao/")
    expect(phone.locator("body")).to_contain_text(haichau_notice.title)
    expect(phone.locator("body")).not_to_contain_text(OWN["title"])
    phone.screenshot(
        path=screenshot_dir / "city-02-first-ward-notices.png", full_page=True
    )
    poster = context.request.get(copy_url + "poster.pdf")
    assert poster.status == 200
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(poster.body())).pages
    )
    assert "PHƯỜNG HÒA CƯỜNG" in text and f"localhost:{port}" in text
    context.close()

    # Hòa Cường's editor in the admin.
    admin = new_page(browser, screenshot_dir)
    admin.goto(ward_b + "/admin/login/")
    admin.fill("#id_username", "hoacuong")
    admin.get_by_label("Mật khẩu").fill("hoacuong-2026")
    admin.get_by_role("button", name="Đăng nhập").click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))
    screen(admin, "city-10-dashboard")
    admin.goto(ward_b + "/admin/pages/")
    expect(admin.locator("main")).to_contain_text("Phường Hòa Cường")
    library = wards.library()
    for other in (library, haichau_notice.get_parent().get_parent()):
        # Neither the library nor the first ward's tree is listed or linked.
        expect(
            admin.locator(f'main a[href$="/admin/pages/{other.pk}/"]')
        ).to_have_count(0)
    screen(admin, "city-11-explorer")
    copy = DirectivePage.objects.descendant_of(second.root_page).get(number="41-CT/TU")
    admin.goto(ward_b + f"/admin/pages/{copy.pk}/edit/")
    screen(admin, "city-12-shared-copy")
    admin.goto(ward_b + f"/admin/pages/{haichau_notice.pk}/edit/")
    expect(admin.locator("body")).to_contain_text(
        re.compile("không có quyền|Không có quyền")
    )
    assert f"/admin/pages/{haichau_notice.pk}/edit/" not in admin.url or (
        admin.locator("form#page-edit-form").count() == 0
    )
    screen(admin, "city-13-other-ward-refused")
    admin.context.close()
