"""The staff inbox of residents' messages (issue 13): listing, filters,
search, the handling screen and every action on it."""

import datetime
import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.feedback import handling
from cms.feedback import mail as feedback_mail
from cms.feedback.models import Feedback, FeedbackEvent, Status
from tests.factories import NoticePageFactory, UserFactory

from .conftest import client_for, make_feedback, shown_messages

pytestmark = pytest.mark.django_db

INBOX = "/admin/gop-y/"


def handle_url(feedback) -> str:
    return reverse("feedback:edit", args=(feedback.pk,))


def sidebar(client) -> str:
    """The sidebar's menu (JSON in a script element), as text."""
    html = client.get("/admin/").content.decode()
    props = BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props")
    return json.dumps(json.loads(props.string), ensure_ascii=False)


def listing(client, **params) -> str:
    response = client.get(INBOX, params)
    assert response.status_code == 200
    return response.content.decode()


# --- The menu and the listing -------------------------------------------------


def test_the_menu_shows_the_inbox_with_the_number_of_new_messages(editor_client):
    make_feedback()
    make_feedback()
    make_feedback(status=Status.ANSWERED)
    assert "Góp ý người dân (2)" in sidebar(editor_client)


def test_the_menu_is_only_for_staff_who_read_feedback(outsider):
    make_feedback()
    assert "Góp ý người dân" not in sidebar(client_for(outsider))


def test_the_listing_shows_each_message_newest_first(editor_client, editor, sections):
    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Lịch tiêm")
    old = make_feedback(days_ago=30, to_dan_pho="Tổ 12", page=page, assignee=editor)
    new = make_feedback(
        topic="phan-anh",
        message="Đèn đường hỏng",
        name="Phạm Thị Tư",
        phone="0905111222",
        email="tu@example.org",
    )
    html = listing(editor_client)
    assert html.index(new.code) < html.index(old.code)
    for text in (
        "Mã",
        "Loại",
        "Tình trạng",
        "Ngày nhận",
        "Hạn trả lời",
        "Cán bộ xử lý",
        "Tổ dân phố",
        "Về trang",
        "Nội dung",
        "Đèn đường hỏng",
        "Phản ánh – kiến nghị",
        "Tổ 12",
        "Lịch tiêm",
        "Nguyễn Thị Lan",
        f"{timezone.localtime(old.received_at):%d/%m/%Y}",
        f"{old.due_on:%d/%m/%Y}",
    ):
        assert text in html, text
    assert handle_url(new) in html
    # The sender's details only on the message's own screen.
    for detail in ("Phạm Thị Tư", "0905111222", "tu@example.org"):
        assert detail not in html


def test_overdue_open_messages_say_so(editor_client):
    late = make_feedback(days_ago=40)
    answered_late = make_feedback(days_ago=40, status=Status.ANSWERED)
    html = listing(editor_client)
    row = html[html.index(late.code) : html.index("</tr>", html.index(late.code))]
    assert "Quá hạn" in row
    done = html[html.index(answered_late.code) :]
    assert "Quá hạn" not in done[: done.index("</tr>")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "dang-xu-ly"}, {"working"}),
        ({"topic": "phan-anh"}, {"report"}),
        ({"to_dan_pho": "Tổ 3"}, {"report"}),
        ({"overdue": "1"}, {"late"}),
        ({"q": "đèn đường"}, {"report"}),
    ],
)
def test_filters_and_search(editor_client, params, expected):
    items = {
        "working": make_feedback(status=Status.IN_PROGRESS),
        "report": make_feedback(
            topic="phan-anh", message="Đèn đường tổ 3 hỏng", to_dan_pho="Tổ 3"
        ),
        "late": make_feedback(days_ago=40),
    }
    html = listing(editor_client, **params)
    assert {name for name, item in items.items() if item.code in html} == expected


def test_filter_by_page_and_assignee_and_search_by_code(
    editor_client, editor, sections
):
    page = NoticePageFactory(parent=sections["NoticeIndexPage"])
    about = make_feedback(page=page)
    mine = make_feedback(assignee=editor)
    nobodys = make_feedback()
    html = listing(editor_client, page=page.pk)
    assert about.code in html and mine.code not in html
    html = listing(editor_client, assignee=editor.pk)
    assert mine.code in html and about.code not in html
    html = listing(editor_client, assignee="null")
    assert nobodys.code in html and mine.code not in html
    html = listing(editor_client, q=mine.code.lower())
    assert mine.code in html and nobodys.code not in html


def test_a_bad_filter_value_is_not_an_error(editor_client):
    make_feedback()
    assert editor_client.get(INBOX, {"status": "khong-co"}).status_code == 200
    assert editor_client.get(INBOX, {"page": "abc", "p": "x"}).status_code == 200


# --- One message ---------------------------------------------------------------


def test_the_handling_screen_shows_the_message_and_its_sender(editor_client, sections):
    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Lịch tiêm")
    feedback = make_feedback(
        name="Lê Văn Ba",
        phone="0905123456",
        email="ba@example.org",
        page=page,
        sent_from="/thong-bao/lich-tiem/",
    )
    html = editor_client.get(handle_url(feedback)).content.decode()
    for text in (
        feedback.code,
        "Xin hỏi thủ tục đăng ký tạm trú",
        "Lê Văn Ba",
        "0905123456",
        "ba@example.org",
        "/thong-bao/lich-tiem/",
        f"/admin/pages/{page.pk}/edit/",
        "Lịch tiêm",
        f"{timezone.localtime(feedback.received_at):%d/%m/%Y %H:%M}",
    ):
        assert text in html, text


def test_erased_sender_details_say_why(editor_client):
    feedback = make_feedback(name="Lê Văn Ba", phone="0905123456")
    feedback.erase_personal_data()
    html = editor_client.get(handle_url(feedback)).content.decode()
    assert "Đã xóa theo thời hạn lưu giữ" in html
    assert "Lê Văn Ba" not in html


def test_assigning_records_who_and_starts_handling(editor_client, editor, leader):
    feedback = make_feedback()
    response = editor_client.post(
        handle_url(feedback), {"action": "assign", "assign-assignee": leader.pk}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.assignee == leader
    assert feedback.status == Status.IN_PROGRESS
    event = feedback.events.get()
    assert (event.kind, event.user, event.text) == (
        "assign",
        editor,
        "Giao cho Trần Văn Hùng.",
    )


def test_only_staff_can_be_assigned(editor_client):
    stranger = UserFactory(username="nguoingoai")
    feedback = make_feedback()
    response = editor_client.post(
        handle_url(feedback), {"action": "assign", "assign-assignee": stranger.pk}
    )
    assert response.status_code == 400
    assert "Vui lòng chọn một cán bộ trong danh sách." in response.content.decode()
    assert not feedback.events.exists()


def test_staff_are_the_wards_groups_and_superusers(editor, leader, outsider):
    boss = UserFactory(username="quantri", is_superuser=True)
    assert set(handling.staff_users()) == {editor, leader, boss}


def test_changing_status_and_declining_needs_a_reason(editor_client):
    feedback = make_feedback()
    url = handle_url(feedback)
    response = editor_client.post(
        url, {"action": "status", "status-status": "khong-xu-ly"}
    )
    assert response.status_code == 400
    assert "Vui lòng giải thích vì sao không xử lý." in response.content.decode()
    response = editor_client.post(
        url,
        {
            "action": "status",
            "status-status": "khong-xu-ly",
            "status-reason": "Không thuộc thẩm quyền phường.",
        },
        follow=True,
    )
    assert "Đã chuyển góp ý" in " ".join(shown_messages(response))
    feedback.refresh_from_db()
    assert feedback.status == Status.DECLINED
    event = feedback.events.get()
    assert event.kind == "status" and "Không thuộc thẩm quyền" in event.text
    # "Đã trả lời" comes only with an answer.
    response = editor_client.post(
        url, {"action": "status", "status-status": "da-tra-loi"}
    )
    assert response.status_code == 400


def test_moving_the_due_date_for_a_holiday(editor_client):
    feedback = make_feedback()
    url = handle_url(feedback)
    new_due = feedback.due_on + datetime.timedelta(days=3)
    response = editor_client.post(
        url,
        {
            "action": "due",
            "due-due_on": f"{new_due:%d/%m/%Y}",
            "due-reason": "Nghỉ lễ 2/9.",
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.due_on == new_due
    assert "Nghỉ lễ 2/9." in feedback.events.get().text
    for bad in ("31/02/2026", "ngày mai", ""):
        response = editor_client.post(url, {"action": "due", "due-due_on": bad})
        assert response.status_code == 400
        assert "ví dụ" in response.content.decode()
    before = timezone.localdate(feedback.received_at) - datetime.timedelta(days=1)
    response = editor_client.post(
        url, {"action": "due", "due-due_on": f"{before:%d/%m/%Y}"}
    )
    assert "Hạn trả lời không thể trước ngày nhận." in response.content.decode()


def test_an_internal_note(editor_client):
    feedback = make_feedback()
    url = handle_url(feedback)
    assert (
        editor_client.post(url, {"action": "note", "note-text": "  "}).status_code
        == 400
    )
    editor_client.post(url, {"action": "note", "note-text": "Đã gọi điện hẹn."})
    assert feedback.events.get().text == "Đã gọi điện hẹn."
    html = editor_client.get(url).content.decode()
    assert "Đã gọi điện hẹn." in html and "Ghi chú nội bộ" in html


def test_answering_records_mails_and_keeps_earlier_answers(editor_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    feedback = make_feedback(email="ba@example.org")
    url = handle_url(feedback)
    editor_client.post(url, {"action": "answer", "answer-text": "Cần căn cước."})
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    first_answer_at = feedback.answered_at
    assert first_answer_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ba@example.org"]
    assert "Cần căn cước." in mail.outbox[0].body
    assert f"/gop-y/da-nhan/{feedback.code}/" in mail.outbox[0].body

    editor_client.post(url, {"action": "answer", "answer-text": "Bổ sung: sổ hộ khẩu."})
    feedback.refresh_from_db()
    answers = feedback.events.filter(kind="answer")
    assert [a.text for a in answers] == ["Bổ sung: sổ hộ khẩu.", "Cần căn cước."]
    assert feedback.answered_at == first_answer_at
    assert feedback.latest_answer().text == "Bổ sung: sổ hộ khẩu."
    # The resident reads the latest answer by the code.
    status_page = editor_client.get(f"/gop-y/da-nhan/{feedback.code}/")
    assert "Bổ sung: sổ hộ khẩu." in status_page.content.decode()


def test_a_mail_failure_keeps_the_answer_and_logs_no_address(
    editor_client, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr(feedback_mail, "send_mail", broken)
    feedback = make_feedback(email="ba@example.org", name="Lê Văn Ba")
    with caplog.at_level(logging.ERROR):
        response = editor_client.post(
            handle_url(feedback), {"action": "answer", "answer-text": "Trả lời."}
        )
    assert response.status_code == 302
    assert feedback.events.filter(kind="answer").count() == 1
    assert feedback.code in caplog.text
    assert "ba@example.org" not in caplog.text and "Lê Văn Ba" not in caplog.text


def test_bad_actions_are_vietnamese_400s(editor_client):
    feedback = make_feedback()
    url = handle_url(feedback)
    response = editor_client.post(url, {"action": "xoa-het"})
    assert response.status_code == 400
    assert "Thao tác không hợp lệ." in response.content.decode()
    response = editor_client.post(url, {})
    assert response.status_code == 400
    response = editor_client.post(url, {"action": "answer", "answer-text": "x" * 6000})
    assert response.status_code == 400
    assert "Nội dung dài quá 5000 ký tự." in response.content.decode()
    assert editor_client.get("/admin/gop-y/999999/").status_code == 404
    assert not FeedbackEvent.objects.exists()


def test_history_is_newest_first_with_user_and_time(editor_client, editor):
    feedback = make_feedback()
    handling.add_note(feedback, "Ghi chú thứ nhất", editor)
    second = handling.add_note(feedback, "Ghi chú thứ hai", editor)
    html = editor_client.get(handle_url(feedback)).content.decode()
    assert html.index("Ghi chú thứ hai") < html.index("Ghi chú thứ nhất")
    assert f"{timezone.localtime(second.at):%d/%m/%Y %H:%M}" in html
    assert "Nguyễn Thị Lan" in html


def test_nothing_personal_in_urls_or_messages(editor_client):
    feedback = make_feedback(name="Lê Văn Ba", email="ba@example.org")
    response = editor_client.post(
        handle_url(feedback),
        {"action": "answer", "answer-text": "Trả lời."},
        follow=True,
    )
    assert all("Lê Văn Ba" not in m for m in shown_messages(response))
    assert "ba@example.org" not in response.redirect_chain[-1][0]
    assert Feedback.objects.get(pk=feedback.pk).status == Status.ANSWERED
