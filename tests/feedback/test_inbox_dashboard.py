"""Overdue and new unassigned messages on the ward's dashboard."""

import pytest
from django.urls import reverse

from cms.feedback.models import Status

from .conftest import client_for, make_feedback

pytestmark = pytest.mark.django_db


def panel(client, panel_id: str) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index(f'id="{panel_id}')
    return html[start : html.index("</section>", start)]


def test_overdue_messages_oldest_due_first_with_an_answer_action(editor_client, editor):
    older = make_feedback(days_ago=60, assignee=editor, status=Status.IN_PROGRESS)
    newer = make_feedback(days_ago=30, name="Lê Văn Ba")
    make_feedback(days_ago=60, status=Status.ANSWERED)
    not_due = make_feedback()
    html = panel(editor_client, "feedback-overdue")
    assert "Góp ý quá hạn" in html
    assert html.index(older.code) < html.index(newer.code)
    assert not_due.code not in html
    assert f"Hạn {older.due_on:%d/%m/%Y}, quá " in html
    assert "Nguyễn Thị Lan" in html and "chưa giao ai" in html
    assert reverse("feedback:edit", args=(older.pk,)) + "#tra-loi" in html
    assert "Trả lời" in html
    assert "Lê Văn Ba" not in html


def test_new_unassigned_messages(editor_client, editor):
    waiting = make_feedback()
    taken = make_feedback(assignee=editor)
    html = panel(editor_client, "feedback-new")
    assert "Góp ý mới chưa giao" in html
    assert waiting.code in html and taken.code not in html
    full = editor_client.get(reverse("ward_dashboard_panel", args=("feedback-new",)))
    assert waiting.code in full.content.decode()


def test_panels_only_for_staff_who_read_feedback(outsider, leader_client):
    make_feedback(days_ago=60)
    client = client_for(outsider)
    html = client.get("/admin/").content.decode()
    assert "Góp ý quá hạn" not in html and "Góp ý mới chưa giao" not in html
    url = reverse("ward_dashboard_panel", args=("feedback-overdue",))
    assert client.get(url).status_code == 404
    assert leader_client.get(url).status_code == 200
