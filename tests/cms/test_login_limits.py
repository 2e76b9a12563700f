"""Login rate limiting on the admin (django-axes, cms/login_limits.py): wrong
passwords lock a user name out with a Vietnamese 429, the ward administrator
lets it back in from Cài đặt → Khóa đăng nhập."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from cms.login_limits import current_locks
from tests.visible_text import english_words

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKS = "/admin/khoa-dang-nhap/"
LOCKED_TEXT = (
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc nhờ quản trị "
    "viên mở khóa."
)
OFFICE = "203.0.113.10"


def log_in(client, username, password, address=OFFICE):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def fail(client, username, times, address=OFFICE):
    return [log_in(client, username, "sai-mat-khau", address) for _ in range(times)]


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "code"]):
        tag.decompose()
    return soup.get_text(" ")


@pytest.fixture
def admin_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_five_wrong_passwords_lock_the_name_with_a_vietnamese_429(client, demo):
    responses = fail(client, "bientap", 5)
    # Four wrong passwords: the login form again, with Django's error.
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    response = log_in(client, "bientap", "bientap")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert LOCKED_TEXT in html
    assert '<html lang="vi"' in html
    assert "<title>Tạm khóa đăng nhập - Phường Hải Châu</title>" in html
    assert english_words([visible_text(html)]) == []


def test_the_lock_is_for_that_name_from_that_address(client, demo):
    """The ward office shares one address: a colleague's typing locks only her."""
    fail(client, "bientap", 5)
    assert logged_in(log_in(Client(), "lanhdao", "lanhdao"))
    assert logged_in(log_in(Client(), "bientap", "bientap", address="198.51.100.7"))


def test_thirty_failures_from_many_addresses_lock_the_account(client, demo):
    """A botnet rotating addresses gets 30 guesses, not 5 per address."""
    for n in range(10):
        responses = fail(client, "admin", 3, address=f"198.51.100.{n}")
        assert all(r.status_code == 200 for r in responses[:2])
    assert responses[-1].status_code == 429
    response = log_in(Client(), "admin", "admin", address="192.0.2.99")
    assert response.status_code == 429
    (lock,) = current_locks()
    assert (lock.username, lock.account, lock.failures) == ("admin", True, 30)


def test_a_success_before_the_limit_starts_again_at_zero(client, demo):
    fail(client, "bientap", 4)
    assert logged_in(log_in(client, "bientap", "bientap"))
    client.logout()
    assert [r.status_code for r in fail(client, "bientap", 4)] == [200] * 4


def test_the_lock_lifts_by_itself_after_the_cool_off(client, demo):
    fail(client, "bientap", 5)
    assert log_in(client, "bientap", "bientap").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(minutes=16)
    )
    assert logged_in(log_in(client, "bientap", "bientap"))


def test_the_administrator_sees_the_lock_and_lifts_it(client, admin_client):
    fail(client, "bientap", 5)
    page = admin_client.get(LOCKS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Khóa đăng nhập - Phường Hải Châu</title>" in html
    # The breadcrumb names the screen: Trang chủ › Khóa đăng nhập.
    assert re.search(
        r"icon-lock w-breadcrumbs__icon.*?</svg>\s*Khóa đăng nhập", html, re.S
    )
    assert "<strong>bientap</strong>" in html
    assert f"<td>{OFFICE}</td>" in html
    assert "(còn 15 phút)" in html
    assert "Mở khóa</button>" in html
    assert english_words([visible_text(html)], allowed={"bientap", "admin"}) == []

    response = admin_client.post(LOCKS, {"username": "bientap"}, follow=True)
    assert "Đã mở khóa đăng nhập cho “bientap”." in response.content.decode()
    assert "Không có tài khoản nào đang bị khóa." in response.content.decode()
    assert logged_in(log_in(client, "bientap", "bientap"))


def test_the_settings_menu_offers_the_locks_to_superusers_only(admin_client):
    assert LOCKS in admin_client.get("/admin/").content.decode()
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="lanhdao"))
    assert LOCKS not in editor.get("/admin/").content.decode()
    fail(Client(), "bientap", 5)
    # Not a superuser: sent to the dashboard, and nothing is unlocked.
    assert editor.get(LOCKS).url == "/admin/"
    assert editor.post(LOCKS, {"username": "bientap"}).url == "/admin/"
    assert [lock.username for lock in current_locks()] == ["bientap"]


def test_unlocking_needs_the_csrf_token(client, demo):
    fail(client, "bientap", 5)
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(get_user_model().objects.get(username="admin"))
    assert guarded.post(LOCKS, {"username": "bientap"}).status_code == 403
    assert [lock.username for lock in current_locks()] == ["bientap"]


@pytest.mark.parametrize(
    ("forwarded", "client_ip"),
    [
        ("198.51.100.4", "198.51.100.4"),
        # A client's own header comes first; the proxy appends what it saw.
        ("10.9.9.9, 198.51.100.4", "198.51.100.4"),
        ("", "127.0.0.1"),
        ("not-an-address", "127.0.0.1"),
    ],
)
def test_behind_the_proxy_the_forwarded_address_is_the_client(forwarded, client_ip):
    from django.test import RequestFactory

    from cms.login_limits import forwarded_client_ip

    request = RequestFactory().post(
        LOGIN, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1"
    )
    assert forwarded_client_ip(request) == client_ip
