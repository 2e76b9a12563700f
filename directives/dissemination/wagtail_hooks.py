"""The dissemination report in the admin's Reports menu (imported by
`directives.wagtail_hooks`, which Wagtail loads)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.feedback.wagtail_hooks import ReportMenuItem
from directives.models import AiredRecord

from .admin_views import DisseminationReportView


@hooks.register("register_admin_urls")
def dissemination_report_urls():
    return [
        path(
            "bao-cao-tuyen-truyen/",
            DisseminationReportView.as_view(),
            name="dissemination_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def dissemination_report_menu_item():
    return ReportMenuItem(
        _("Báo cáo tuyên truyền"),
        reverse("dissemination_report"),
        name="dissemination-report",
        icon_name="doc-full-inverse",
        order=1250,
        model=AiredRecord,
        actions=["view"],
    )
