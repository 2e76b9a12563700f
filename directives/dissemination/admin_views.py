"""“Báo cáo tuyên truyền” in the admin: choose a directive (or a campaign)
and a period, read the figures, download the report as PDF, XLSX or DOCX.

Open to those who may view the aired log (`directives.view_airedrecord`:
the ward's editors and leaders), as the report reads it. Bad input is the
form again with the reason, never an error page.
"""

from django import forms
from django.db.models import Q
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Site

from cms.wards import user_sites
from directives import posters
from directives.models import AiredRecord, CampaignPage, DirectivePage
from directives.models.dissemination import ward_name

from . import render, report

DAY_ERRORS = {
    "required": _("Vui lòng nhập ngày, ví dụ 01/11/2026."),
    "invalid": _("Ngày không đúng, ví dụ đúng: 30/11/2026."),
}


class ReportForm(forms.Form):
    directive = forms.ModelChoiceField(
        label=_("Văn bản"),
        queryset=DirectivePage.objects.none(),
        required=False,
        empty_label=_("— Chọn văn bản —"),
        error_messages={"invalid_choice": _("Văn bản này không có trong danh sách.")},
    )
    campaign = forms.ModelChoiceField(
        label=_("hoặc đợt tuyên truyền"),
        queryset=CampaignPage.objects.none(),
        required=False,
        empty_label=_("— Không chọn —"),
        help_text=_(
            "Chọn một đợt thay cho văn bản để báo cáo các thông báo, tin bài của đợt."
        ),
        error_messages={"invalid_choice": _("Đợt này không có trong danh sách.")},
    )
    start = forms.DateField(
        label=_("Từ ngày"), widget=AdminDateInput, error_messages=DAY_ERRORS
    )
    end = forms.DateField(
        label=_("Đến ngày"), widget=AdminDateInput, error_messages=DAY_ERRORS
    )
    site = forms.ModelChoiceField(
        label=_("Phường"),
        queryset=Site.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Phường này không có trong danh sách."),
            "required": _("Chọn phường cần báo cáo."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the wards the user works in, and their directives and campaigns.
        self.wards = user_sites(user)
        in_wards = Q(pk__in=[])
        for site in self.wards:
            in_wards |= Q(path__startswith=site.root_page.path)
        directives = self.fields["directive"]
        directives.queryset = DirectivePage.objects.filter(in_wards).order_by(
            "-signed_on", "-pk"
        )
        directives.label_from_instance = lambda page: page.get_admin_display_title()
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            in_wards
        ).order_by("-starts_on", "-pk")
        site = self.fields["site"]
        site.queryset = Site.objects.filter(pk__in=[s.pk for s in self.wards])
        site.label_from_instance = ward_name
        if len(self.wards) == 1:
            site.widget = forms.HiddenInput()
            site.required = False
        if self.wards and not self.is_bound:
            self.initial.setdefault("site", self.wards[0].pk)

    def clean_site(self):
        if len(self.wards) == 1:
            return self.wards[0]
        return self.cleaned_data.get("site")

    def clean(self):
        data = super().clean()
        directive, campaign = data.get("directive"), data.get("campaign")
        site = data.get("site")
        for name, page in (("directive", directive), ("campaign", campaign)):
            if page and site and not page.path.startswith(site.root_page.path):
                self.add_error(
                    name,
                    _("“%(page)s” không thuộc %(ward)s.")
                    % {"page": page.title, "ward": ward_name(site)},
                )
        if not directive and not campaign and "directive" not in self.errors:
            self.add_error(
                "directive", _("Chọn một văn bản hoặc một đợt tuyên truyền.")
            )
        if directive and campaign:
            self.add_error(
                "campaign",
                _("Chỉ chọn văn bản hoặc đợt tuyên truyền, không chọn cả hai."),
            )
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not report.EARLIEST <= day <= report.LATEST:
                self.add_error(
                    name,
                    _("Chỉ báo cáo được các ngày từ năm %(first)s đến năm %(last)s.")
                    % {"first": report.EARLIEST.year, "last": report.LATEST.year},
                )
                data[name] = None
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."))
        return data


class DisseminationReportView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Báo cáo kết quả tuyên truyền, triển khai một văn bản."""

    model = AiredRecord
    any_permission_required = ["view"]
    template_name = "dissemination/admin/report.html"
    page_title = _("Báo cáo tuyên truyền")
    header_icon = "doc-full-inverse"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [
            {"url": "", "label": _("Báo cáo")},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def form(self) -> ReportForm:
        user = self.request.user
        if self.request.GET:
            return ReportForm(self.request.GET, user=user)
        start, end = report.last_month()
        return ReportForm(initial={"start": start, "end": end}, user=user)

    def get(self, request, *args, **kwargs):
        form = self.form
        fmt = request.GET.get("format", "")
        if not form.is_bound:
            return self.render_to_response(self.get_context_data())
        if fmt and fmt not in render.FORMATS:
            form.add_error(
                None, _("Định dạng tệp không hỗ trợ: chọn PDF, XLSX hoặc DOCX.")
            )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        data = form.cleaned_data
        try:
            made = report.build_report(
                directive=data["directive"],
                campaign=data["campaign"],
                start=data["start"],
                end=data["end"],
                site=data.get("site"),
            )
        except report.ReportError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(), status=400)
        if not fmt:
            return self.render_to_response(self.get_context_data(report=made))
        try:
            content = render.render(made, fmt)
        except posters.PosterEngineUnavailable as exc:
            form.add_error(None, str(exc))
            context = self.get_context_data(report=made)
            return self.render_to_response(context, status=503)
        response = HttpResponse(content, content_type=render.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{made.filename}.{fmt}"'
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        made = kwargs.get("report")
        context["form"] = self.form
        context["report"] = made
        if made is not None:
            context["figures"] = [
                (f.label, report.number(f.value), f.note) for f in made.figures()
            ]
            query = {k: v for k, v in self.request.GET.items() if k != "format"}
            context["downloads"] = [
                (label, f"?{urlencode({**query, 'format': fmt})}")
                for fmt, label in (
                    ("pdf", _("Tải PDF để in")),
                    ("xlsx", _("Tải bảng tính XLSX")),
                    ("docx", _("Tải DOCX để sửa")),
                )
            ]
        return context
