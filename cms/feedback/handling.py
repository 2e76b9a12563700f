"""What the ward's staff do with a message: assign it, change its status or
due date, note something, answer it, and publish it in Hỏi đáp.

Every step is one `FeedbackEvent` (the history staff read), written in the
same transaction as the change it records. The admin views only parse input
and call these functions.
"""

import datetime
import logging
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.site_structure import ensure_site_structure
from cms.visibility import in_site

from . import mail
from .models import AnswerPage, Feedback, FeedbackEvent, QuestionIndexPage, Status

logger = logging.getLogger(__name__)

TITLE_MAX = 120
Kind = FeedbackEvent.Kind


class NotPublishable(Exception):
    """The message cannot go to Hỏi đáp; the text says why, in Vietnamese."""


def in_trees(sites) -> Q:
    """Users whose groups have page rights in one of these wards' trees (on
    its home, a page under it, or a page above it)."""
    query = Q(pk__in=[])
    for site in sites:
        path = site.root_page.path
        above = [path[:n] for n in range(Page.steplen, len(path) + 1, Page.steplen)]
        query |= Q(groups__page_permissions__page__path__in=above)
        query |= Q(groups__page_permissions__page__path__startswith=path)
    return query


def staff_users(sites=None):
    """Who may be given a message: active superusers and members of the groups
    that may change feedback (Biên tập viên, Lãnh đạo phường); with `sites`,
    only those who work in one of these wards' trees."""
    permission = Permission.objects.filter(
        content_type__app_label="feedback", codename="change_feedback"
    ).first()
    who = Q(is_superuser=True)
    if permission is not None:
        staff = Q(groups__permissions=permission) | Q(user_permissions=permission)
        if sites is not None:
            staff &= in_trees(sites)
        who |= staff
    return (
        get_user_model()
        .objects.filter(who, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def _record(feedback, kind, user, text="", status=""):
    return FeedbackEvent.objects.create(
        feedback=feedback, kind=kind, user=user, text=text, status=status
    )


@transaction.atomic
def assign(feedback: Feedback, assignee, by) -> FeedbackEvent:
    """Give the message to a staff member (None: to nobody). A new message
    someone now handles is "đang xử lý"."""
    feedback.assignee = assignee
    fields = ["assignee"]
    if assignee is not None and feedback.status == Status.NEW:
        feedback.status = Status.IN_PROGRESS
        fields.append("status")
    feedback.save(update_fields=fields)
    text = (
        _("Giao cho %(name)s.") % {"name": display_name(assignee)}
        if assignee
        else _("Bỏ giao: chưa ai xử lý.")
    )
    return _record(feedback, Kind.ASSIGN, by, text, feedback.status)


@transaction.atomic
def change_status(feedback: Feedback, status: str, by, reason: str = ""):
    """A new status; "không xử lý" should come with the reason."""
    old = feedback.get_status_display()
    feedback.status = status
    feedback.save(update_fields=["status"])
    text = _("Từ “%(old)s” sang “%(new)s”.") % {
        "old": old,
        "new": feedback.get_status_display(),
    }
    if reason:
        text = f"{text}\n{reason}"
    return _record(feedback, Kind.STATUS, by, text, status)


@transaction.atomic
def move_due_date(feedback: Feedback, due_on: datetime.date, by, reason: str = ""):
    """A holiday inside the period, or an agreed extension: a new due date."""
    old = feedback.due_on
    feedback.due_on = due_on
    feedback.save(update_fields=["due_on"])
    text = _("Hạn trả lời đổi từ %(old)s sang %(new)s.") % {
        "old": f"{old:%d/%m/%Y}",
        "new": f"{due_on:%d/%m/%Y}",
    }
    if reason:
        text = f"{text}\n{reason}"
    return _record(feedback, Kind.NOTE, by, text, feedback.status)


def add_note(feedback: Feedback, text: str, by) -> FeedbackEvent:
    """Something staff tell each other; never shown to the resident."""
    return _record(feedback, Kind.NOTE, by, text, feedback.status)


def answer(feedback: Feedback, text: str, by, request=None) -> FeedbackEvent:
    """The ward's answer: stored first (a new event; an earlier answer stays
    in the history), then e-mailed when the resident gave an address. The
    first answer's time is the one the on-time figures count."""
    with transaction.atomic():
        feedback.status = Status.ANSWERED
        if feedback.answered_at is None:
            feedback.answered_at = timezone.now()
        feedback.save(update_fields=["status", "answered_at"])
        event = _record(feedback, Kind.ANSWER, by, text, Status.ANSWERED)
    if feedback.email:
        email_answer(feedback, event, request)
    return event


def email_answer(feedback: Feedback, event: FeedbackEvent, request=None) -> bool:
    """Send the answer to the resident (`mail.mail_resident`)."""
    context = {
        "feedback": feedback,
        "answer": event,
        "status_url": mail.status_url(feedback, request),
    }
    return mail.mail_resident(
        feedback,
        _("Phường trả lời góp ý %(code)s") % {"code": feedback.code},
        "feedback/email_answer.txt",
        context,
    )


def question_title(message: str) -> str:
    """A page title from the question: its first sentence, at most 120
    characters, cut at a word."""
    text = " ".join(message.split())
    first = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    if len(first) <= TITLE_MAX:
        return first
    cut = first[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:– ") + "…"


def question_section(feedback: Feedback) -> QuestionIndexPage:
    """The Hỏi đáp section of the message's site (made if missing)."""
    site = feedback.site or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        section = (
            QuestionIndexPage.objects.descendant_of(site.root_page).order_by("path")
        ).first()
        if section is not None:
            return section
    return ensure_site_structure()["QuestionIndexPage"]


def why_not_publishable(feedback: Feedback) -> str:
    """Why the message cannot go to Hỏi đáp, in Vietnamese; "" when it can.
    The handling screen shows the button by this, `publish_draft` refuses by
    it."""
    if not feedback.may_publish:
        return _("Người gửi không đồng ý đăng công khai: không thể đăng lên Hỏi đáp.")
    if feedback.answer_page_id is not None:
        return _("Góp ý này đã có bài hỏi đáp.")
    if not feedback.events.filter(kind=Kind.ANSWER).exists():
        return _("Góp ý này chưa có câu trả lời để đăng.")
    return ""


def same_ward_page(page: Page | None, section: Page) -> Page | None:
    """`page` when it is on the same ward as `section`, else None: an answer
    is never about another ward's page (a message sent across wards before
    the form was narrowed to its ward)."""
    if page is None:
        return None
    same = in_site(Page.objects.filter(pk=page.pk), section.get_site())
    return page if same.exists() else None


@transaction.atomic
def publish_draft(feedback: Feedback, by) -> AnswerPage:
    """A draft `AnswerPage` with the question and the latest answer, for an
    editor to clean of anything identifying and submit for approval. Nothing
    of the sender (name, phone, e-mail, tổ dân phố) is copied."""
    if reason := why_not_publishable(feedback):
        raise NotPublishable(reason)
    latest = feedback.latest_answer()
    section = question_section(feedback)
    page = AnswerPage(
        title=question_title(feedback.message),
        topic=feedback.topic,
        question=feedback.message,
        answer=latest.text,
        answered_on=timezone.localdate(latest.at),
        about_page=same_ward_page(feedback.page, section),
        live=False,
    )
    section.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    feedback.answer_page = page
    feedback.save(update_fields=["answer_page"])
    _record(
        feedback,
        Kind.PUBLISH,
        by,
        _("Tạo bản nháp hỏi đáp “%(title)s”, chờ gửi duyệt.") % {"title": page.title},
        feedback.status,
    )
    return page
