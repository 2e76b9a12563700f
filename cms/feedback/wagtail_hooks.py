"""The staff side of residents' feedback in the admin: the inbox
("Góp ý người dân", with the number of new messages), the reports
(Thống kê góp ý, Đánh giá trang) and two dashboard panels."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from cms import dashboard

from . import admin_views, panels
from .models import Feedback, PageRating, Status
from .permissions import READ, feedback_of, may, may_read_feedback


class InboxMenuItem(MenuItem):
    """The inbox in the sidebar, with the number of new messages: one COUNT
    on an indexed column per admin page."""

    def is_shown(self, request):
        return may_read_feedback(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        new = feedback_of(request.user).filter(status=Status.NEW).count()
        if new:
            component.label = f"{self.label} ({new})"
        return component


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    name = "feedback"
    url_prefix = "gop-y"
    icon = "mail"
    menu_label = _("Góp ý người dân")
    menu_order = 205
    add_to_admin_menu = True
    menu_item_class = InboxMenuItem
    index_view_class = admin_views.FeedbackIndexView
    filterset_class = admin_views.FeedbackFilterSet
    ordering = "-received_at"
    list_per_page = 30
    copy_view_enabled = False
    add_to_reference_index = False

    def get_urlpatterns(self):
        # Messages come from residents and stay: no add, copy or delete here.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                self.construct_view(
                    admin_views.FeedbackHandleView,
                    index_url_name=self.get_url_name("index"),
                ),
                name="edit",
            ),
        ]


@hooks.register("register_admin_viewset")
def feedback_viewset():
    return FeedbackViewSet()


@hooks.register("register_admin_urls")
def report_urls():
    figures = admin_views.FiguresReportView
    ratings = admin_views.RatingReportView
    return [
        path("thong-ke-gop-y/", figures.as_view(), name="feedback_figures"),
        path(
            "thong-ke-gop-y/ket-qua/",
            figures.as_view(results_only=True),
            name="feedback_figures_results",
        ),
        path("danh-gia-trang/", ratings.as_view(), name="feedback_ratings"),
        path(
            "danh-gia-trang/ket-qua/",
            ratings.as_view(results_only=True),
            name="feedback_ratings_results",
        ),
    ]


class ReportMenuItem(MenuItem):
    """A report for those with any of `actions` on `model`."""

    def __init__(self, *args, model, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.actions = model, actions

    def is_shown(self, request):
        return may(request.user, self.model, self.actions)


@hooks.register("register_reports_menu_item")
def figures_menu_item():
    return ReportMenuItem(
        _("Thống kê góp ý"),
        reverse("feedback_figures"),
        name="feedback-figures",
        icon_name="table",
        order=1300,
        model=Feedback,
        actions=READ,
    )


@hooks.register("register_reports_menu_item")
def ratings_menu_item():
    return ReportMenuItem(
        _("Đánh giá trang"),
        reverse("feedback_ratings"),
        name="feedback-ratings",
        icon_name="pick",
        order=1400,
        model=PageRating,
        actions=["view"],
    )


dashboard.register_panel(panels.OverdueFeedbackPanel)
dashboard.register_panel(panels.NewFeedbackPanel)
