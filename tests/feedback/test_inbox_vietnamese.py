"""Every admin screen of the inbox speaks Vietnamese (tests/visible_text.py):
the listing with its filters, a message, the reports, the dashboard."""

import pytest
from django.urls import reverse

from cms.feedback import handling
from cms.feedback.models import PageRating
from tests.factories import NoticePageFactory
from tests.visible_text import english_words

from .conftest import make_feedback, visible_text

pytestmark = pytest.mark.django_db

#: Names in the test data, not words of the interface.
NAMES = {"bientap", "lanhdao", "example", "org", "thong", "bao"}


@pytest.fixture
def data(editor, sections):
    page = NoticePageFactory(parent=sections["NoticeIndexPage"], title="Lịch tiêm")
    feedback = make_feedback(
        days_ago=40,
        name="Lê Văn Ba",
        email="ba@example.org",
        to_dan_pho="Tổ 12",
        page=page,
        may_publish=True,
        sent_from="/thong-bao/lich-tiem/",
    )
    handling.assign(feedback, editor, editor)
    handling.add_note(feedback, "Đã gọi điện.", editor)
    handling.answer(feedback, "Cần căn cước.", editor)
    make_feedback()
    PageRating.count(page, useful=True)
    return feedback


def screens(feedback):
    return {
        "inbox": "/admin/gop-y/",
        "inbox-filtered": "/admin/gop-y/?status=moi&overdue=1&q=khong-co",
        "inbox-nobody": "/admin/gop-y/?assignee=null&topic=hoi-dap",
        "message": reverse("feedback:edit", args=(feedback.pk,)),
        "figures": "/admin/thong-ke-gop-y/",
        "ratings": "/admin/danh-gia-trang/",
        "dashboard": "/admin/",
        "overdue-panel": "/admin/viec-can-lam/feedback-overdue/",
    }


def test_no_english_on_any_screen(editor_client, data):
    for name, url in screens(data).items():
        response = editor_client.get(url)
        assert response.status_code == 200, name
        assert english_words([visible_text(response.content.decode())], NAMES) == [], (
            name
        )


def test_no_english_in_form_errors(editor_client, data):
    url = reverse("feedback:edit", args=(data.pk,))
    for post in (
        {"action": "due", "due-due_on": "hôm qua"},
        {"action": "status", "status-status": "khong-xu-ly"},
        {"action": "note"},
        {"action": "khong-co"},
    ):
        response = editor_client.post(url, post)
        assert response.status_code == 400
        html = response.content.decode()
        assert english_words([visible_text(html)], NAMES) == [], post
