"""The ward's dashboard: residents' messages past their due date, and new
ones nobody handles yet (`cms.dashboard.WardPanel`), for the staff who may
read them."""

from django.urls import reverse
from django.utils import timezone

from cms.dashboard import WardPanel

from .handling import display_name
from .models import Status
from .permissions import feedback_of, may_read_feedback

HANDLE_URL = "feedback:edit"


def handle_url(feedback) -> str:
    return reverse(HANDLE_URL, args=(feedback.pk,))


class FeedbackPanel(WardPanel):
    @classmethod
    def shown_to(cls, user) -> bool:
        return may_read_feedback(user)

    def items(self):
        raise NotImplementedError

    def detail(self, feedback) -> str:
        raise NotImplementedError

    def rows(self):
        return [
            {
                "title": str(feedback),
                "url": handle_url(feedback),
                "detail": self.detail(feedback),
                "actions": [("Trả lời", handle_url(feedback) + "#tra-loi")],
            }
            for feedback in self.window(self.items())
        ]


class OverdueFeedbackPanel(FeedbackPanel):
    name = "feedback-overdue"
    heading = "Góp ý quá hạn"
    empty = "Không có góp ý nào quá hạn trả lời."
    order = 120

    def items(self):
        return (
            feedback_of(self.request.user)
            .overdue()
            .select_related("assignee")
            .order_by("due_on", "received_at", "pk")
        )

    def detail(self, feedback):
        late = (timezone.localdate() - feedback.due_on).days
        handler = display_name(feedback.assignee)
        return f"Hạn {feedback.due_on:%d/%m/%Y}, quá {late} ngày" + (
            f" · {handler}" if handler else " · chưa giao ai"
        )


class NewFeedbackPanel(FeedbackPanel):
    name = "feedback-new"
    heading = "Góp ý mới chưa giao"
    empty = "Không có góp ý mới nào chờ giao."
    order = 130

    def items(self):
        return (
            feedback_of(self.request.user)
            .filter(status=Status.NEW, assignee=None)
            .order_by("received_at", "pk")
        )

    def detail(self, feedback):
        received = timezone.localtime(feedback.received_at)
        return f"Nhận {received:%d/%m/%Y}, hạn {feedback.due_on:%d/%m/%Y}"
