"""The sending side of feedback: `/gop-y/`, its status and lookup pages and
"Trang này có hữu ích không?".

Each rule of the form is tested with the Django test client: what is stored
(NFC, no control characters), the due date in working days, every kind of
bad input (400, the form, a Vietnamese message, nothing stored), CSRF (403),
the per-address limit (429 with Retry-After), the e-mail receipt (and a mail
server that fails), and that the sender's name, phone and e-mail appear on no
page they should not and in no log.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
import unicodedata

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.feedback import handling
from cms.feedback.models import Feedback, FeedbackEvent, PageRating, normalise_code
from cms.feedback.workdays import add_working_days
from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

SEND = "/gop-y/"
NAME = "Trần Thị Riêng Tư"
PHONE = "0987 654 321"
PHONE_STORED = "0987654321"
EMAIL = "rieng-tu.nguoi-gui@example.org"
PERSONAL = (NAME, PHONE, PHONE_STORED, EMAIL)


def valid(**changes) -> dict:
    data = {
        "topic": "hoi-dap",
        "message": "Xin hỏi thủ tục đăng ký tạm trú cần giấy tờ gì?",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "to_dan_pho": "Tổ 12",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def csrf_client(**extra) -> tuple[Client, str]:
    """A browser: CSRF enforced, the token read from the form's cookie."""
    client = Client(enforce_csrf_checks=True, **extra)
    response = client.get(SEND)
    assert response.status_code == 200
    return client, response.cookies["csrftoken"].value


def post(client: Client, token: str, data: dict, **extra):
    return client.post(SEND, {**data, "csrfmiddlewaretoken": token}, **extra)


@pytest.fixture
def portal(sections):
    return sections


@pytest.fixture
def notice(portal):
    return NoticePageFactory(parent=portal["NoticeIndexPage"])


# --- Working days and codes ---------------------------------------------------

FRIDAY = datetime.date(2026, 3, 6)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (FRIDAY, 10, FRIDAY + datetime.timedelta(days=14)),
        (FRIDAY, 1, FRIDAY + datetime.timedelta(days=3)),  # Monday
        (FRIDAY, 0, FRIDAY),
        (FRIDAY + datetime.timedelta(days=1), 1, FRIDAY + datetime.timedelta(days=3)),
        (FRIDAY + datetime.timedelta(days=1), 10, FRIDAY + datetime.timedelta(days=14)),
        (FRIDAY + datetime.timedelta(days=2), 10, FRIDAY + datetime.timedelta(days=14)),
        (FRIDAY + datetime.timedelta(days=3), 10, FRIDAY + datetime.timedelta(days=17)),
        (FRIDAY + datetime.timedelta(days=3), 5, FRIDAY + datetime.timedelta(days=10)),
    ],
)
def test_add_working_days(start, days, due):
    assert FRIDAY.weekday() == 4
    assert add_working_days(start, days) == due
    assert due.weekday() < 5 or days == 0


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (FRIDAY, FRIDAY + datetime.timedelta(days=14)),  # two weeks later, Friday
        (FRIDAY + datetime.timedelta(days=1), FRIDAY + datetime.timedelta(days=14)),
        (FRIDAY + datetime.timedelta(days=2), FRIDAY + datetime.timedelta(days=14)),
    ],
)
def test_the_due_date_counts_ten_working_days(portal, received, due):
    site = portal["home"].get_site()
    late_evening = timezone.make_aware(
        datetime.datetime.combine(received, datetime.time(23, 30))
    )
    feedback = Feedback.objects.create(
        topic="gop-y", message="Góp ý", site=site, received_at=late_evening
    )
    assert feedback.due_on == due
    assert due.weekday() == 4


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("GY-7K3Q-9MZA", "GY-7K3Q-9MZA"),
        ("gy-7k3q-9mza", "GY-7K3Q-9MZA"),
        ("gy 7k3q 9mza", "GY-7K3Q-9MZA"),
        ("  GY 7K3Q-9MZA ", "GY-7K3Q-9MZA"),
        ("7K3Q9MZA", "GY-7K3Q-9MZA"),
        ("7k3q-9mza", "GY-7K3Q-9MZA"),
        ("GY-7K3Q-9MZO", "GY-7K3Q-9MZ0"),  # O is a zero
        ("GY-7K3Q-IMZA", "GY-7K3Q-1MZA"),  # I and L are ones
        ("gy-7k3q-lmza", "GY-7K3Q-1MZA"),
        ("", ""),
        (None, ""),
        ("GY-7K3Q-9MZ", ""),  # too short
        ("GY-7K3Q-9MZAA", ""),  # too long
        ("GY-7K3Q-9MZU", ""),  # U is not in the alphabet
        ("<script>alert(1)</script>", ""),
        ("'; DROP TABLE feedback; --", ""),
        ("GY-7K3Q-9MZÀ", ""),
        ("\x00" * 8, ""),
        ("١٢٣٤٥٦٧٨", ""),  # digits, but not ours
    ],
)
def test_normalise_code(typed, code):
    assert normalise_code(typed) == code


# --- A valid send ---------------------------------------------------------------


def test_a_valid_send_is_stored_clean_and_shows_its_code(portal):
    client, token = csrf_client()
    typed = "  Cho\u0302\u0303 đo\u0302\u0309 ra\u0301c\x00\x07 ở đâu?\x1b \n"
    response = post(client, token, valid(message=typed, publish="on"))

    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert response["Location"] == f"/gop-y/da-nhan/{feedback.code}/"
    assert feedback.message == "Chỗ đổ rác ở đâu?"
    assert unicodedata.is_normalized("NFC", feedback.message)
    assert (feedback.name, feedback.phone, feedback.email, feedback.to_dan_pho) == (
        NAME,
        PHONE_STORED,
        EMAIL,
        "Tổ 12",
    )
    assert feedback.topic == "hoi-dap" and feedback.may_publish
    assert feedback.site == portal["home"].get_site()
    assert feedback.status == "moi"
    assert feedback.due_on == add_working_days(
        timezone.localdate(feedback.received_at), 10
    )

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert feedback.code in html
    assert feedback.due_on.strftime("%d/%m/%Y") in html
    assert 'name="robots" content="noindex"' in html


def test_the_status_page_never_shows_sender_or_message(portal):
    client, token = csrf_client()
    post(client, token, valid(message="Nội dung riêng: nhà số 7 hẻm 3"))
    feedback = Feedback.objects.get()
    html = client.get(f"/gop-y/da-nhan/{feedback.code}/").content.decode()
    for secret in (*PERSONAL, "nhà số 7 hẻm 3", "Tổ 12"):
        assert secret not in html


def test_the_status_page_shows_the_answer_escaped(portal):
    feedback = Feedback.objects.create(topic="hoi-dap", message="<b>hỏi</b>")
    FeedbackEvent.objects.create(
        feedback=feedback, kind="answer", text="Trả lời <script>alert(1)</script>"
    )
    html = Client().get(f"/gop-y/da-nhan/{feedback.code}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<b>hỏi</b>" not in html and "&lt;b&gt;hỏi" not in html


@pytest.mark.parametrize("spelling", [str.lower, lambda c: c.replace("-", " ")])
def test_the_status_page_accepts_any_spelling_and_404s_garbage(portal, spelling):
    feedback = Feedback.objects.create(topic="gop-y", message="Góp ý")
    client = Client()
    assert client.get(f"/gop-y/da-nhan/{spelling(feedback.code)}/").status_code == 200
    for garbage in ("GY-0000-0000", "xyz", "%3Cscript%3E", "GY-7K3Q-9MZA%00"):
        response = client.get(f"/gop-y/da-nhan/{garbage}/")
        assert response.status_code == 404, garbage


# --- Bad input: 400, the form, a Vietnamese message, nothing stored ------------

BAD = {
    "no message": (valid(message=None), "Vui lòng viết nội dung góp ý."),
    "blank message": (valid(message=""), "Vui lòng viết nội dung góp ý."),
    "spaces only": (valid(message="  \n\t \u3000"), "Vui lòng viết nội dung góp ý."),
    "controls only": (valid(message="\x07\x1b\x7f"), "Vui lòng viết nội dung góp ý."),
    "5,001 characters": (valid(message="ạ" * 5001), "Nội dung dài quá 5000 ký tự"),
    "NULs only": (valid(message="\x00\x00"), "Vui lòng viết nội dung góp ý."),
    "no topic": (valid(topic=None), "Vui lòng chọn loại góp ý."),
    "unknown topic": (valid(topic="spam"), "Vui lòng chọn một loại trong danh sách."),
    "bad e-mail": (valid(email="khong-phai-email"), "Địa chỉ thư điện tử không đúng"),
    "e-mail with HTML": (valid(email="<a>@x.org"), "Địa chỉ thư điện tử không đúng"),
    "bad phone": (valid(phone="12345"), "Số điện thoại không đúng"),
    "phone of letters": (valid(phone="không có"), "Số điện thoại không đúng"),
    "phone too long": (valid(phone="0" * 21), "Số điện thoại không đúng"),
    "name too long": (valid(name="A" * 101), "Họ tên dài quá 100 ký tự."),
    "tổ dân phố too long": (valid(to_dan_pho="T" * 61), "Tên tổ dân phố dài quá 60"),
    # The honeypot is hidden from people: the form's own message only.
    "honeypot": (valid(website="http://spam.example"), "Chưa gửi được"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_gives_400_with_the_form_and_stores_nothing(portal, case):
    data, message = BAD[case]
    client, token = csrf_client()
    response = post(client, token, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="feedback-form"' in html and 'role="alert"' in html
    assert "Chưa gửi được" in html
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_an_autofilled_honeypot_goes_through_on_the_second_press(portal):
    """A browser that fills the hidden field: the form comes back with it
    empty and says to press again; pressing again sends."""
    client, token = csrf_client()
    response = post(client, token, valid(website="Nguyễn Văn A"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Xin bấm “Gửi cho phường” thêm một lần nữa." in html
    assert 'name="website" id="id_website" value=""' in html
    assert "Nguyễn Văn A" not in html
    assert post(client, token, valid(website="")).status_code == 303
    assert Feedback.objects.count() == 1


def test_an_error_is_tied_to_its_field(portal):
    client, token = csrf_client()
    html = post(client, token, valid(email="khong-phai-thu")).content.decode()
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html and 'id="id_email_helptext"' in html


def test_the_to_dan_pho_is_stored_in_one_spelling(portal):
    client, token = csrf_client()
    assert post(client, token, valid(to_dan_pho="  TỔ   12 ")).status_code == 303
    assert Feedback.objects.get().to_dan_pho == "Tổ 12"


def test_5000_characters_are_accepted(portal):
    client, token = csrf_client()
    assert post(client, token, valid(message="ạ" * 5000)).status_code == 303
    assert len(Feedback.objects.get().message) == 5000


def test_the_limit_counts_the_text_as_stored(portal):
    """5,000 letters typed decomposed (10,000 code points) are 5,000 once
    NFC; control characters do not count either."""
    client, token = csrf_client()
    response = post(client, token, valid(message="a\u0323" * 5000 + "\x00" * 10))
    assert response.status_code == 303
    assert Feedback.objects.get().message == "ạ" * 5000
    cache_clear()
    response = post(client, token, valid(message="a\u0323" * 5001))
    assert response.status_code == 400
    assert "Nội dung dài quá 5000 ký tự (hiện có 5001)" in response.content.decode()


# --- The page a message is about ------------------------------------------------


def test_a_public_page_is_kept(portal, notice):
    client, token = csrf_client()
    assert post(client, token, valid(page=str(notice.pk))).status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.page_id == notice.pk
    assert feedback.sent_from == notice.url


@pytest.mark.parametrize(
    "kind", ["draft", "private", "letters", "huge", "negative", "superscript", "root"]
)
def test_a_page_residents_may_not_see_is_dropped(portal, kind):
    if kind == "draft":
        page = str(NoticePageFactory(parent=portal["NoticeIndexPage"], live=False).pk)
    elif kind == "private":
        private = NoticePageFactory(parent=portal["NoticeIndexPage"])
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        page = str(private.pk)
    else:
        page = {
            "letters": "abc",
            "huge": "9" * 40,
            "negative": "-1",
            "superscript": "²",
            "root": str(Page.get_first_root_node().pk),
        }[kind]
    client, token = csrf_client()
    response = post(client, token, valid(page=page))
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.page is None
    assert feedback.sent_from == ""


def test_the_form_about_a_page_and_odd_trang_parameters(portal, notice):
    client = Client()
    response = client.get(SEND, {"trang": notice.pk})
    assert response.status_code == 200
    assert notice.title in response.content.decode()
    for odd in ("²", "abc", "9" * 40, "-1", "١"):
        assert client.get(SEND, {"trang": odd}).status_code == 200, odd


def test_a_source_path_is_kept_only_when_it_is_a_local_path(portal):
    client, token = csrf_client()
    for source, kept in [
        ("/phat-thanh/", "/phat-thanh/"),
        ("//evil.example/", ""),
        ("https://evil.example/", ""),
        ("/" + "a" * 300, ""),
    ]:
        Feedback.objects.all().delete()
        cache_clear()
        assert post(client, token, valid(source=source)).status_code == 303
        assert Feedback.objects.get().sent_from == kept


def cache_clear():
    from django.core.cache import cache

    cache.clear()


# --- CSRF ------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "x" * 64, "wrong"])
def test_without_a_good_csrf_token_403_in_vietnamese(portal, token):
    client, _good = csrf_client()
    data = valid()
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    response = client.post(SEND, data)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert not Feedback.objects.exists()


def test_without_the_cookie_403(portal):
    _client, token = csrf_client()
    response = Client(enforce_csrf_checks=True).post(
        SEND, {**valid(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


# --- Limits per address ----------------------------------------------------------


def test_the_11th_send_from_one_address_gets_429(portal):
    client, token = csrf_client()
    for n in range(10):
        response = post(client, token, valid(message=f"Góp ý số {n}"))
        assert response.status_code == 303, n
    response = post(client, token, valid(message="Góp ý số 11"))
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "Bạn đã gửi quá nhiều lần" in html and "mười phút" in html
    assert Feedback.objects.count() == 10
    # Another address is counted on its own.
    other, other_token = csrf_client(REMOTE_ADDR="203.0.113.9")
    assert post(other, other_token, valid()).status_code == 303
    assert Feedback.objects.count() == 11


@override_settings(FEEDBACK_LIMITS={"send": [(2, 600)]})
def test_bad_input_counts_towards_the_limit_too(portal):
    client, token = csrf_client()
    assert post(client, token, valid(message="")).status_code == 400
    assert post(client, token, valid(topic="x")).status_code == 400
    assert post(client, token, valid()).status_code == 429
    assert not Feedback.objects.exists()


@override_settings(
    FEEDBACK_LIMITS={"send": [(2, 600)]},
    AXES_CLIENT_IP_CALLABLE="cms.login_limits.forwarded_client_ip",
)
def test_behind_the_proxy_each_forwarded_address_is_counted(portal):
    client, token = csrf_client()
    for n in range(2):
        for address in ("198.51.100.1", "198.51.100.2"):
            response = post(
                client, token, valid(), HTTP_X_FORWARDED_FOR=f"1.1.1.1, {address}"
            )
            assert response.status_code == 303, (n, address)
    # The proxy's own (last) entry counts, not what the client put before it.
    response = post(
        client, token, valid(), HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1"
    )
    assert response.status_code == 429
    assert Feedback.objects.count() == 4


# --- The e-mail receipt ----------------------------------------------------------


@override_settings(SITE_URL="https://phuong.example.vn")
def test_the_receipt_carries_the_code_and_the_public_status_url(portal):
    client, token = csrf_client()
    post(client, token, valid())
    feedback = Feedback.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert feedback.code in message.subject
    assert feedback.code in message.body
    assert f"https://phuong.example.vn/gop-y/da-nhan/{feedback.code}/" in message.body
    for secret in (NAME, PHONE, PHONE_STORED, feedback.message):
        assert secret not in message.body and secret not in message.subject


def test_no_email_no_receipt(portal):
    client, token = csrf_client()
    assert post(client, token, valid(email="")).status_code == 303
    assert not mail.outbox


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient: smtplib names the address
    in the exception."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 unknown") for m in messages for address in m.to}
        )


BACKEND = f"{__name__}.RefusingBackend"


@override_settings(EMAIL_BACKEND=BACKEND)
def test_a_failing_mail_server_loses_nothing_and_logs_no_personal_data(portal, caplog):
    caplog.set_level(logging.DEBUG)
    client, token = csrf_client()
    response = post(client, token, valid())
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.email == EMAIL
    assert client.get(response["Location"]).status_code == 200
    assert feedback.code in caplog.text  # the failure is logged…
    for secret in PERSONAL:  # …without whom it was for
        assert secret not in caplog.text


@override_settings(EMAIL_BACKEND=BACKEND)
def test_a_failing_mail_server_logs_no_address_when_answering(portal, caplog):
    """The answer's mail fails like the receipt's: the log names the code,
    never the address (no traceback, whose exception text names it)."""
    caplog.set_level(logging.DEBUG)
    feedback = Feedback.objects.create(
        topic="hoi-dap", message="Xin hỏi giờ làm việc?", name=NAME, email=EMAIL
    )
    handling.answer(feedback, "Từ 7 giờ 30.", None)
    feedback.refresh_from_db()
    assert feedback.status == "da-tra-loi"
    assert feedback.code in caplog.text
    for secret in PERSONAL:
        assert secret not in caplog.text


def test_sending_and_failing_logs_no_personal_data(portal, caplog):
    caplog.set_level(logging.DEBUG)
    client, token = csrf_client()
    post(client, token, valid())
    post(client, token, valid(email="sai-email@", phone="0987 654 32x"))
    post(client, token, valid(website="spam"))
    client.post(SEND, valid())  # no CSRF token
    assert caplog.records
    for secret in (*PERSONAL, "sai-email@", "0987 654 32x"):
        assert secret not in caplog.text


# --- Lookup ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["gy 7k3q 9mza", "7K3Q9MZA", "GY-7K3Q-9MZA"])
def test_lookup_redirects_any_spelling_to_the_status_page(portal, typed):
    response = Client().get("/gop-y/tra-cuu/", {"ma": typed})
    assert response.status_code == 302
    assert response["Location"] == "/gop-y/da-nhan/GY-7K3Q-9MZA/"


def test_lookup_form_and_garbage(portal):
    client = Client()
    response = client.get("/gop-y/tra-cuu/")
    assert response.status_code == 200
    assert not response.cookies
    for garbage, message in [
        ("xyz", "Mã tra cứu có dạng GY-XXXX-XXXX"),
        ("<script>", "Mã tra cứu có dạng GY-XXXX-XXXX"),
        ("", "Vui lòng nhập mã tra cứu."),
        ("G" * 21, "tối đa 20"),
        ("\x00", "Không cho phép ký tự rỗng"),
    ]:
        response = client.get("/gop-y/tra-cuu/", {"ma": garbage})
        assert response.status_code == 400, garbage
        html = response.content.decode()
        assert message in html, garbage
        assert "<script>" not in html.split("</header>")[-1]


# --- "Trang này có hữu ích không?" ----------------------------------------------


def test_a_useful_vote_is_counted_without_csrf_or_cookie(portal, notice):
    client = Client(enforce_csrf_checks=True)
    for value in ("co", "co", "khong"):
        response = client.post("/gop-y/huu-ich/", {"page": notice.pk, "huu_ich": value})
        assert response.status_code == 303
        assert response["Location"] == f"{notice.url}?da-danh-gia={value}#huu-ich"
        assert not response.cookies
    rating = PageRating.objects.get(page=notice)
    assert (rating.useful, rating.not_useful) == (2, 1)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"page": "abc", "huu_ich": "co"},
        {"page": "²", "huu_ich": "co"},
        {"page": "9" * 40, "huu_ich": "co"},
        {"page": "1", "huu_ich": "maybe"},
        {"page": "", "huu_ich": ""},
    ],
)
def test_a_useful_vote_of_garbage_is_400(portal, data):
    response = Client().post("/gop-y/huu-ich/", data)
    assert response.status_code == 400
    assert "Không ghi nhận được đánh giá" in response.content.decode()
    assert not response.cookies
    assert not PageRating.objects.exists()


def test_a_useful_vote_on_a_hidden_page_is_404(portal):
    draft = NoticePageFactory(parent=portal["NoticeIndexPage"], live=False)
    private = NoticePageFactory(parent=portal["NoticeIndexPage"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    root = Page.get_first_root_node()
    for page in (draft, private, root):
        response = Client().post("/gop-y/huu-ich/", {"page": page.pk, "huu_ich": "co"})
        assert response.status_code == 404, page
        assert not response.cookies
    assert not PageRating.objects.exists()


def test_the_useful_vote_only_accepts_post(portal, notice):
    assert Client().get("/gop-y/huu-ich/", {"page": notice.pk}).status_code == 405


# --- Cookies ---------------------------------------------------------------------


def test_the_form_sets_no_cookie_but_csrftoken(portal, notice):
    client = Client()
    for params in ({}, {"trang": notice.pk}, {"trang": "x"}):
        response = client.get(SEND, params)
        assert set(response.cookies) <= {"csrftoken"}, response.cookies
        assert response["Cache-Control"].startswith("max-age=0")
    client, token = csrf_client()
    for data in (valid(), valid(message="")):
        response = post(client, token, data)
        assert set(response.cookies) <= {"csrftoken"}, response.cookies
    status = client.get(f"/gop-y/da-nhan/{Feedback.objects.get().code}/")
    assert set(status.cookies) <= {"csrftoken"}


# --- The limit on the file cache gunicorn's workers share ------------------------


@pytest.fixture
def file_cache(tmp_path):
    location = tmp_path / "cache"
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    caches = {"default": {"BACKEND": backend, "LOCATION": location}}
    with override_settings(CACHES=caches):
        yield location


def test_on_the_file_cache_a_count_lasts_its_whole_window(file_cache, monkeypatch):
    """The file cache's own `incr` wrote the count back with the default
    timeout (300 s): the daily limit forgot every message after 5 minutes."""
    from django.test import RequestFactory

    from cms.feedback import limits

    now = [1_800_000_000.0 - 1_800_000_000.0 % 86400 + 10]
    monkeypatch.setattr(time, "time", lambda: now[0])
    request = RequestFactory().post(SEND, REMOTE_ADDR="198.51.100.7")
    with override_settings(FEEDBACK_LIMITS={"send": [(2, 86400)]}):
        assert limits.allow(request, "send")
        assert limits.allow(request, "send")
        now[0] += 400
        assert not limits.allow(request, "send")
        now[0] += 86400
        assert limits.allow(request, "send")  # a new day


def test_on_the_file_cache_threads_count_exactly(file_cache):
    from concurrent.futures import ThreadPoolExecutor

    from django.test import RequestFactory

    from cms.feedback import limits

    request = RequestFactory().post(SEND, REMOTE_ADDR="198.51.100.8")
    with override_settings(FEEDBACK_LIMITS={"send": [(25, 600)]}):
        with ThreadPoolExecutor(8) as pool:
            allowed = list(pool.map(lambda _: limits.allow(request, "send"), range(60)))
    assert allowed.count(True) == 25


def test_counts_live_apart_from_the_culled_default_cache(tmp_path):
    """As in settings: the default file cache keeps 300 entries and deletes a
    third at random when full; the counts are in a cache of their own."""
    from django.test import RequestFactory

    from cms.feedback import limits

    backend = "django.core.cache.backends.filebased.FileBasedCache"
    caches = {
        "default": {"BACKEND": backend, "LOCATION": tmp_path / "cache"},
        "feedback-limits": {
            "BACKEND": backend,
            "LOCATION": tmp_path / "limits",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    flooder = RequestFactory().post(SEND, REMOTE_ADDR="198.51.100.9")
    with override_settings(CACHES=caches, FEEDBACK_LIMITS={"send": [(3, 600)]}):
        for _ in range(3):
            assert limits.allow(flooder, "send")
        for n in range(400):  # a botnet: one message each
            other = RequestFactory().post(SEND, REMOTE_ADDR=f"10.0.{n // 200}.{n}")
            assert limits.allow(other, "send")
        assert not limits.allow(flooder, "send")


def test_a_mistake_sent_from_a_pages_box_keeps_naming_the_page(notice):
    """The corrected form on /gop-y/ still says which page it is about."""
    client, token = csrf_client()
    response = post(client, token, valid(message="", page=str(notice.pk)))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Về trang:" in body and notice.title in body
    assert f'value="{notice.pk}"' in body
