"""Answers in every state, and a message whose sender must never show, for
the tests of the public side of Hỏi đáp."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from cms.feedback.models import AnswerPage, Feedback
from tests.factories import NoticePageFactory

# A word only in the live answer's text (never in a title or a question).
ANSWER_WORD = "bơm chìm"
ANSWER_WORD_FOLDED = "bom chim"
# The sender of the message the live answer was made from.
NAME = "Nguyễn Thị Bímật"
PHONE = "0900000099"
EMAIL = "bimat99@example.org"
PERSONAL = (NAME, PHONE, EMAIL, "0900 000 099", "Bímật", "bimat99")


def add_answer(section, *, live=True, **fields):
    values = {
        "title": "Câu hỏi thử nghiệm",
        "question": "Một câu hỏi.",
        "answer": "Một câu trả lời.",
        "office": "Văn phòng HĐND và UBND phường",
        "answered_on": datetime.date(2026, 11, 24),
        "topic": "hoi-dap",
        **fields,
    }
    page = AnswerPage(**values)
    section.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    return page


@pytest.fixture(name="qa")
def qa_fixture(sections):
    """A notice; a live answer about it, made from a message with contact
    details; a draft, an unpublished and a private answer about it too."""
    section = sections["QuestionIndexPage"]
    notice = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Thông báo lịch thu gom rác"
    )
    live = add_answer(
        section,
        title="Kiệt ngập nước khi mưa lớn, phường xử lý thế nào?",
        question="Mưa lớn là kiệt nhà tôi ngập nửa bánh xe, nước rút rất chậm.",
        answer=(
            f"Phường đã đặt một máy {ANSWER_WORD} ở đầu kiệt.\n\n"
            "Tổ dân phố báo phường khi nước lên quá mắt cá chân."
        ),
        office="Công an phường",
        answered_on=datetime.date(2026, 11, 3),
        about_page=notice,
    )
    draft = add_answer(
        section,
        live=False,
        title="Bản nháp chưa duyệt về lịch thu gom",
        answer=f"Nháp: máy {ANSWER_WORD} thứ hai.",
        about_page=notice,
    )
    unpublished = add_answer(
        section,
        title="Câu trả lời đã gỡ về lịch thu gom",
        answer=f"Đã gỡ: máy {ANSWER_WORD} thứ ba.",
        about_page=notice,
    )
    unpublished.unpublish()
    private = add_answer(
        section,
        title="Câu trả lời riêng tư về lịch thu gom",
        answer=f"Riêng tư: máy {ANSWER_WORD} thứ tư.",
        about_page=notice,
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    feedback = Feedback.objects.create(
        topic="hoi-dap",
        message="Kiệt nhà tôi ngập, số nhà 12.",
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        to_dan_pho="Tổ 99",
        may_publish=True,
        page=notice,
        status="da-tra-loi",
        answer_page=live,
    )
    return {
        "notice": notice,
        "live": live,
        "draft": draft,
        "unpublished": unpublished,
        "private": private,
        "hidden": (draft, unpublished, private),
        "feedback": feedback,
        "section": section,
    }


def assert_no_personal_data(text: str, where: str) -> None:
    for value in PERSONAL:
        assert value not in text, f"{value!r} on {where}"
