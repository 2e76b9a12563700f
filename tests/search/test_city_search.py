"""Báo cáo → "Tìm kiếm toàn thành phố": city staff search every ward and
the library at once, each page once with its ward; nobody else may."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CITY_URL = "/admin/tim-kiem-toan-thanh-pho/"


def test_city_staff_see_every_ward_once(client, wards):
    staff = UserFactory(username="thanhpho", group="Cán bộ thành phố")
    client.force_login(staff)
    response = client.get(CITY_URL, {"q": "cháy nổ"})
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    assert "Tìm kiếm toàn thành phố" in html
    assert html.count("Về tăng cường phòng chống cháy nổ") == 1
    assert '<td class="city-search-ward">Thư viện dùng chung</td>' in html
    assert "1 kết quả cho “cháy nổ”" in html
    assert f"/admin/pages/{wards['shared'].pk}/edit/" in html
    assert f"/admin/pages/{wards['alias'].pk}/edit/" not in html
    notice = client.get(CITY_URL, {"q": "cắt nước"}).content.decode("utf-8")
    assert '<td class="city-search-ward">Phường Hải Châu</td>' in notice
    assert f"/admin/pages/{wards['notice_a'].pk}/edit/" in notice


def test_superusers_see_the_city_search_in_the_reports_menu(client, wards):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(CITY_URL, {"q": "cắt nước"}).status_code == 200
    assert CITY_URL in client.get("/admin/").content.decode("utf-8")


def test_a_ward_editor_may_not_search_every_ward(client, wards):
    """Refused as the rest of the admin refuses (the dissemination report,
    the feedback inbox): back to the dashboard, with Wagtail's message."""
    editor = UserFactory(username="bientap", group="Biên tập viên")
    client.force_login(editor)
    response = client.get(CITY_URL, {"q": "cắt nước"}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    html = response.content.decode("utf-8")
    assert "Rất tiếc, bạn không có quyền truy cập khu vực này." in html
    assert "kết quả cho" not in html
    assert CITY_URL not in client.get("/admin/").content.decode("utf-8")


def test_the_city_search_asks_for_a_login(client, wards):
    response = client.get(CITY_URL, {"q": "cắt nước"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_permission_alone_is_enough(client, wards):
    user = UserFactory(username="kiemtra")
    user.user_permissions.add(
        Permission.objects.get(codename="search_city_wide"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(user)
    html = client.get(CITY_URL, {"q": "cắt nước"}).content.decode("utf-8")
    assert '<td class="city-search-ward">Phường Hải Châu</td>' in html
