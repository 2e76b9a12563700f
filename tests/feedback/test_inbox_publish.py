"""“Đăng lên Hỏi đáp”: an answered message the resident allowed to publish
becomes a draft, an editor submits it, a ward leader approves it, and it is
on /hoi-dap/ without the resident's name."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState

from cms.feedback import handling
from cms.feedback.models import AnswerPage, FeedbackEvent
from tests.factories import NoticePageFactory

from .conftest import make_feedback, shown_messages

pytestmark = pytest.mark.django_db

QUESTION = (
    "Xin hỏi thủ tục đăng ký tạm trú cần những giấy tờ gì? Tôi ở tổ 12, "
    "nhà số 5, tên Lê Văn Ba."
)


def publish(client, feedback, **kwargs):
    return client.post(
        reverse("feedback:edit", args=(feedback.pk,)), {"action": "publish"}, **kwargs
    )


def test_refused_without_consent_or_answer(editor_client, editor):
    private = make_feedback(may_publish=False)
    handling.answer(private, "Trả lời.", editor)
    response = publish(editor_client, private)
    assert response.status_code == 400
    assert "Người gửi không đồng ý đăng công khai" in response.content.decode()

    unanswered = make_feedback(may_publish=True)
    response = publish(editor_client, unanswered)
    assert response.status_code == 400
    assert "chưa có câu trả lời" in response.content.decode()
    assert not AnswerPage.objects.exists()
    assert not FeedbackEvent.objects.filter(kind="publish").exists()


def test_a_draft_with_the_question_and_the_latest_answer(
    editor_client, editor, sections
):
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    feedback = make_feedback(
        may_publish=True,
        message=QUESTION,
        name="Lê Văn Ba",
        phone="0905123456",
        page=notice,
        topic="hoi-dap",
    )
    handling.answer(feedback, "Cần căn cước.", editor)
    handling.answer(feedback, "Cần căn cước và giấy tờ nhà.", editor)
    response = publish(editor_client, feedback, follow=True)
    page = AnswerPage.objects.get()
    assert response.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    assert any("Gửi duyệt" in m and "người hỏi" in m for m in shown_messages(response))
    assert not page.live
    assert page.get_parent().specific == sections["QuestionIndexPage"]
    assert page.title == "Xin hỏi thủ tục đăng ký tạm trú cần những giấy tờ gì?"
    assert page.question == QUESTION  # the editor removes what identifies
    assert page.answer == "Cần căn cước và giấy tờ nhà."
    assert page.office == "Ủy ban nhân dân phường"
    assert page.about_page_id == notice.pk and page.topic == "hoi-dap"
    assert "0905123456" not in page.answer + page.question
    feedback.refresh_from_db()
    assert feedback.answer_page_id == page.pk
    assert feedback.events.first().kind == "publish"
    # Once only.
    assert publish(editor_client, feedback).status_code == 400


def test_the_title_is_the_first_sentence_within_120_characters():
    assert handling.question_title("Một câu ngắn. Câu thứ hai.") == "Một câu ngắn."
    long = "Xin hỏi " + "rất " * 60 + "dài?"
    title = handling.question_title(long)
    assert len(title) <= 120 and title.endswith("…")


def test_the_section_is_made_when_missing(editor):
    """No Hỏi đáp section yet (an older site): the site structure adds it."""
    from cms.site_structure import ensure_site_structure

    ensure_site_structure()["QuestionIndexPage"].delete()
    feedback = make_feedback(may_publish=True)
    handling.answer(feedback, "Trả lời.", editor)
    page = handling.publish_draft(feedback, editor)
    assert page.get_parent().slug == "hoi-dap"


def test_editor_submits_leader_approves_and_it_is_on_hoi_dap(
    editor_client, leader_client, editor, leader, sections
):
    feedback = make_feedback(may_publish=True, message="Khi nào phát loa buổi sáng?")
    handling.answer(feedback, "Lúc 6 giờ sáng mỗi ngày.", editor)
    publish(editor_client, feedback)
    page = AnswerPage.objects.get()

    # The editor submits the draft to the ward's workflow.
    workflow = page.get_workflow()
    assert workflow == Workflow.objects.get(name="Phê duyệt của lãnh đạo phường")
    workflow.start(page, editor)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert task.get_actions(page, editor) == []

    # The leader approves on the dashboard's action.
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", state.current_task_state.pk),
    )
    response = leader_client.post(url, {"comment": "Đồng ý đăng."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    # What /hoi-dap/ lists (its template is the public side's work).
    section = sections["QuestionIndexPage"]
    assert list(AnswerPage.objects.child_of(section).visible()) == [page]
