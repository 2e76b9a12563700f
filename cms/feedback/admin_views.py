"""The staff inbox of residents' messages, one message's handling screen,
and the two reports (Thống kê góp ý, Đánh giá trang).

Only users with the feedback model's permissions open them (Wagtail's
permission policy; anyone else is sent to the dashboard with Wagtail's
"no permission" message). Views parse input and call `handling`, `figures`.
"""

import datetime
import unicodedata
from operator import itemgetter

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput, ListingButton
from wagtail.models import Page, Site

from cms.wards import user_sites

from . import figures, handling
from .models import (
    MESSAGE_MAX,
    Feedback,
    PageRating,
    Status,
    Topic,
    normalise_code,
)
from .permissions import feedback_of

ALL = gettext_lazy("Tất cả")
NOT_ASSIGNED = gettext_lazy("Chưa giao")


def day(value: datetime.date | datetime.datetime) -> str:
    """dd/mm/yyyy, a moment in the ward's time zone."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


# --- The inbox -------------------------------------------------------------


def areas(messages):
    names = (
        messages.exclude(to_dan_pho="")
        .order_by()
        .values_list("to_dan_pho", flat=True)
        .distinct()
    )
    return [(name, name) for name in sorted(names, key=str.casefold)]


def pages_with_feedback(messages):
    return Page.objects.filter(
        pk__in=messages.exclude(page=None).values("page")
    ).order_by("title")


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Tình trạng"), choices=Status.choices, empty_label=ALL
    )
    topic = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại"), choices=Topic.choices, empty_label=ALL
    )
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Về trang"),
        queryset=lambda request: pages_with_feedback(feedback_of(request.user)),
        empty_label=ALL,
    )
    to_dan_pho = django_filters.ChoiceFilter(
        label=gettext_lazy("Tổ dân phố"), choices=[], empty_label=ALL
    )
    assignee = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cán bộ xử lý"),
        queryset=lambda request: handling.staff_users(user_sites(request.user)),
        empty_label=ALL,
        null_label=NOT_ASSIGNED,
    )
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Quá hạn"),
        choices=[("1", gettext_lazy("Chỉ góp ý quá hạn"))],
        empty_label=ALL,
        method="filter_overdue",
    )

    class Meta:
        model = Feedback
        fields = ["status", "topic", "page", "to_dan_pho", "assignee", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the names, pages and people of the user's wards are offered.
        user = self.request.user if self.request else None
        self.filters["to_dan_pho"].extra["choices"] = (
            areas(feedback_of(user)) if user else []
        )
        self.filters["assignee"].field.label_from_instance = self.assignee_label

    @staticmethod
    def assignee_label(value) -> str:
        """A staff member's name; the active-filter chip passes the "nobody"
        choice as its raw value."""
        if isinstance(value, str):
            return str(NOT_ASSIGNED)
        return handling.display_name(value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "1" else queryset


class DueColumn(Column):
    """The due date; an open message past it says "Quá hạn"."""

    cell_template_name = "feedback/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


class FeedbackIndexView(IndexView):
    page_title = gettext_lazy("Góp ý của người dân")
    search_fields = ["code", "message"]
    search_backend_name = None  # the database: codes and words as typed
    default_ordering = "-received_at"
    list_per_page = 30

    def search_queryset(self, queryset):
        """A code in any spelling, or words of the message. SQLite folds case
        for ASCII letters only ("Đèn" is not "đèn"): the words are also
        tried in lower case and with a capital first letter."""
        if not self.is_searching:
            return queryset
        text = unicodedata.normalize("NFC", self.search_query.strip())
        query = Q(code__icontains=text)
        if code := normalise_code(text):
            query |= Q(code=code)
        for variant in {text, text.lower(), text[:1].upper() + text[1:].lower()}:
            query |= Q(message__icontains=variant)
        return queryset.filter(query)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .of_sites(user_sites(self.request.user))
            .select_related("assignee", "page", "answer_page")
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "code",
                label=_("Mã"),
                get_url=self.get_edit_url,
                sort_key="code",
                classname="feedback-code",
            ),
            Column(
                "excerpt",
                label=_("Nội dung"),
                accessor=lambda item: Truncator(item.message).chars(70),
            ),
            Column("get_topic_display", label=_("Loại"), sort_key="topic"),
            StatusTagColumn(
                "get_status_display",
                label=_("Tình trạng"),
                sort_key="status",
                primary=lambda item: item.status == Status.NEW,
            ),
            Column(
                "received",
                label=_("Ngày nhận"),
                accessor=lambda item: day(item.received_at),
                sort_key="received_at",
            ),
            DueColumn(
                "due",
                label=_("Hạn trả lời"),
                accessor=lambda item: day(item.due_on),
                sort_key="due_on",
            ),
            Column(
                "assignee",
                label=_("Cán bộ xử lý"),
                accessor=lambda item: handling.display_name(item.assignee),
            ),
            Column("to_dan_pho", label=_("Tổ dân phố"), sort_key="to_dan_pho"),
            Column(
                "page",
                label=_("Về trang"),
                accessor=lambda item: item.page.title if item.page else "",
            ),
        ]

    def get_edit_url(self, instance):
        return reverse(self.edit_url_name, args=(instance.pk,))

    def get_add_url(self):
        return None  # residents send messages; staff do not make them up

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                _("Xử lý"),
                url=self.get_edit_url(instance),
                icon_name="edit",
                priority=10,
            )
        ]


# --- One message -------------------------------------------------------------


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Giao cho"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("— Chưa giao ai —"),
        error_messages={
            "invalid_choice": gettext_lazy("Vui lòng chọn một cán bộ trong danh sách.")
        },
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, initial={"assignee": feedback.assignee_id}, **kwargs)
        site = feedback.site or Site.objects.filter(is_default_site=True).first()
        self.fields["assignee"].queryset = handling.staff_users(
            [site] if site else None
        )
        self.fields["assignee"].label_from_instance = handling.display_name

    def run(self, feedback, user):
        handling.assign(feedback, self.cleaned_data["assignee"], user)
        return _("Đã giao góp ý %(code)s.") % {"code": feedback.code}


class StatusForm(forms.Form):
    CHOICES = [
        (value, label) for value, label in Status.choices if value != Status.ANSWERED
    ]
    status = forms.ChoiceField(
        label=gettext_lazy("Tình trạng mới"),
        choices=CHOICES,
        error_messages={
            "required": gettext_lazy("Vui lòng chọn tình trạng."),
            "invalid_choice": gettext_lazy(
                "Tình trạng “Đã trả lời” chỉ có khi gửi câu trả lời."
            ),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Giải thích"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Bắt buộc khi không xử lý."),
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, initial={"status": feedback.status}, **kwargs)
        self.feedback = feedback

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == self.feedback.status:
            self.add_error("status", _("Góp ý đã ở tình trạng này."))
        if status == Status.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Vui lòng giải thích vì sao không xử lý."))
        return data

    def run(self, feedback, user):
        data = self.cleaned_data
        handling.change_status(feedback, data["status"], user, data["reason"].strip())
        return _("Đã chuyển góp ý %(code)s sang “%(status)s”.") % {
            "code": feedback.code,
            "status": feedback.get_status_display(),
        }


class DueDateForm(forms.Form):
    due_on = forms.DateField(
        label=gettext_lazy("Hạn trả lời mới"),
        widget=AdminDateInput,
        error_messages={
            "required": gettext_lazy("Vui lòng nhập ngày, ví dụ 15/12/2026."),
            "invalid": gettext_lazy("Ngày không đúng, ví dụ đúng: 15/12/2026."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Giải thích"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Ví dụ: nghỉ lễ Quốc khánh 2/9."),
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, initial={"due_on": feedback.due_on}, **kwargs)
        self.feedback = feedback

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate(self.feedback.received_at):
            raise forms.ValidationError(_("Hạn trả lời không thể trước ngày nhận."))
        return due_on

    def run(self, feedback, user):
        data = self.cleaned_data
        handling.move_due_date(feedback, data["due_on"], user, data["reason"].strip())
        return _("Hạn trả lời góp ý %(code)s nay là %(due)s.") % {
            "code": feedback.code,
            "due": day(feedback.due_on),
        }


class TextForm(forms.Form):
    text = forms.CharField(
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Vui lòng viết nội dung."),
            "max_length": gettext_lazy("Nội dung dài quá %(limit_value)d ký tự."),
        },
    )

    def __init__(self, *args, feedback, **kwargs):
        # The field strips spaces: a blank text is refused as required.
        super().__init__(*args, **kwargs)


class NoteForm(TextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Ghi chú nội bộ")
        self.fields["text"].help_text = _("Chỉ cán bộ phường đọc được.")

    def run(self, feedback, user):
        handling.add_note(feedback, self.cleaned_data["text"], user)
        return _("Đã thêm ghi chú vào góp ý %(code)s.") % {"code": feedback.code}


class AnswerForm(TextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Câu trả lời")
        self.fields["text"].widget.attrs["rows"] = 8
        self.fields["text"].help_text = _(
            "Người gửi đọc câu trả lời bằng mã tra cứu, và nhận qua thư điện tử "
            "nếu có để lại địa chỉ. Câu trả lời trước vẫn giữ trong lịch sử."
        )

    def run(self, feedback, user, request=None):
        handling.answer(feedback, self.cleaned_data["text"], user, request)
        return _("Đã trả lời góp ý %(code)s.") % {"code": feedback.code}


ACTIONS = {
    "assign": AssignForm,
    "status": StatusForm,
    "due": DueDateForm,
    "note": NoteForm,
    "answer": AnswerForm,
}


class FeedbackHandleView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Một góp ý: nội dung, người gửi, lịch sử và các việc cần làm."""

    model = Feedback
    any_permission_required = ["view", "change"]
    template_name = "feedback/admin/handle.html"
    header_icon = "mail"
    index_url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Another ward's message is not found.
        self.feedback = get_object_or_404(
            feedback_of(request.user).select_related("assignee", "page", "answer_page"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Góp ý %(code)s") % {"code": self.feedback.code}

    def get_page_subtitle(self):
        return self.feedback.get_topic_display()

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Trang quản trị")},
            {"url": reverse(self.index_url_name), "label": _("Góp ý của người dân")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def can_change(self):
        return self.user_has_permission("change")

    def forms(self, bound_action=None, data=None):
        return {
            action: form_class(
                data if action == bound_action else None,
                feedback=self.feedback,
                prefix=action,
            )
            for action, form_class in ACTIONS.items()
        }

    def get_context_data(self, **kwargs):
        feedback = self.feedback
        context = super().get_context_data(**kwargs)
        context.update(
            feedback=feedback,
            events=feedback.events.select_related("user"),
            forms=kwargs.get("forms") or self.forms(),
            can_change=self.can_change,
            can_publish=not handling.why_not_publishable(feedback),
            page_edit_url=reverse("wagtailadmin_pages:edit", args=(feedback.page_id,))
            if feedback.page_id
            else "",
            answer_page_edit_url=reverse(
                "wagtailadmin_pages:edit", args=(feedback.answer_page_id,)
            )
            if feedback.answer_page_id
            else "",
            assignee_name=handling.display_name(feedback.assignee),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_change:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "publish":
            return self.publish()
        if action not in ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
            return self.render_to_response(self.get_context_data(), status=400)
        forms_ = self.forms(action, request.POST)
        form = forms_[action]
        if not form.is_valid():
            messages.error(request, _("Chưa lưu được: vui lòng sửa các lỗi bên dưới."))
            context = self.get_context_data(forms=forms_)
            return self.render_to_response(context, status=400)
        if action == "answer":
            message = form.run(self.feedback, request.user, request)
        else:
            message = form.run(self.feedback, request.user)
        messages.success(request, message)
        return redirect(request.path)

    def publish(self):
        try:
            page = handling.publish_draft(self.feedback, self.request.user)
        except handling.NotPublishable as exc:
            messages.error(self.request, str(exc))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.warning(
            self.request,
            _(
                "Đã tạo bản nháp hỏi đáp. Trước khi gửi: bỏ mọi chi tiết cho biết "
                "người hỏi là ai (họ tên, số điện thoại, địa chỉ nhà, tổ dân phố "
                "nếu cần), rồi bấm “Gửi duyệt” để lãnh đạo phường phê duyệt."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


# --- Thống kê góp ý ----------------------------------------------------------


def year_choices():
    first = Feedback.objects.order_by("received_at").values_list(
        "received_at", flat=True
    )[:1]
    this_year = timezone.localdate().year
    start = timezone.localdate(first[0]).year if first else this_year
    return [(str(year), str(year)) for year in range(this_year, start - 1, -1)]


class FiguresFilterSet(WagtailFilterSet):
    """The period: a year, or from and to dates (both included)."""

    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Năm"),
        choices=year_choices,
        empty_label=gettext_lazy("Năm nay"),
        method="keep",
    )
    start = django_filters.DateFilter(
        label=gettext_lazy("Từ ngày"), widget=AdminDateInput, method="keep"
    )
    end = django_filters.DateFilter(
        label=gettext_lazy("Đến ngày"), widget=AdminDateInput, method="keep"
    )
    site = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cổng thông tin"),
        queryset=lambda request: Site.objects.filter(
            pk__in=[site.pk for site in user_sites(request.user)]
        ),
        empty_label=gettext_lazy("Mọi phường của tôi"),
        method="keep",
    )

    class Meta:
        model = Feedback
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the period is read by the view (`period`)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.form.cleaned_data if self.is_valid() else {}
        if data.get("start") or data.get("end"):
            start = data.get("start") or today.replace(month=1, day=1)
            end = data.get("end") or today
            return (start, end) if start <= end else (end, start)
        year = int(data.get("year") or today.year)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class FiguresReportView(ReportView):
    """Thống kê góp ý theo tháng (`figures.table`), xuất ra CSV hoặc XLSX."""

    page_title = gettext_lazy("Thống kê góp ý")
    header_icon = "table"
    index_url_name = "feedback_figures"
    index_results_url_name = "feedback_figures_results"
    filterset_class = FiguresFilterSet
    model = Feedback
    any_permission_required = ["view", "change"]
    paginate_by = None

    @cached_property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.filters.period()

    @cached_property
    def table_data(self):
        valid = self.filters.is_valid()
        site = self.filters.form.cleaned_data.get("site") if valid else None
        sites = [site] if site else user_sites(self.request.user)
        return figures.table(figures.monthly_figures(*self.period, sites=sites))

    def get_filtered_queryset(self):
        return self.table_data[1]

    @cached_property
    def columns(self):
        return [
            Column(str(index), label=heading, accessor=itemgetter(index))
            for index, heading in enumerate(self.table_data[0])
        ]

    @property
    def list_export(self):
        return [column.name for column in self.columns]

    @property
    def export_headings(self):
        return {column.name: column.label for column in self.columns}

    def to_row_dict(self, item):
        return dict(zip(self.list_export, item, strict=True))

    def get_filename(self):
        start, end = self.period
        return f"thong-ke-gop-y-{start:%Y%m%d}-{end:%Y%m%d}"

    def get_page_subtitle(self):
        start, end = self.period
        return _("Từ %(start)s đến %(end)s") % {"start": day(start), "end": day(end)}


# --- Đánh giá trang ----------------------------------------------------------


def rating_months():
    return [
        (f"{month:%Y-%m}", f"{month:%m/%Y}")
        for month in PageRating.objects.dates("month", "month", order="DESC")
    ]


def ratings_of(user):
    """The counts of the pages in the trees of `user`'s wards."""
    query = Q(pk__in=[])
    for site in user_sites(user):
        query |= Q(page__path__startswith=site.root_page.path)
    return PageRating.objects.filter(query)


class RatingFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=gettext_lazy("Tháng"),
        choices=rating_months,
        empty_label=gettext_lazy("Mọi tháng"),
        method="filter_month",
    )

    class Meta:
        model = PageRating
        fields = ["month"]

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(month=datetime.date(year, month, 1))


class RatingReportView(ReportView):
    """“Trang này có hữu ích không?”: the counts per page."""

    page_title = gettext_lazy("Đánh giá trang")
    header_icon = "pick"
    index_url_name = "feedback_ratings"
    index_results_url_name = "feedback_ratings_results"
    filterset_class = RatingFilterSet
    model = PageRating
    any_permission_required = ["view"]
    export_filename = "danh-gia-trang"
    list_export = ["title", "useful", "not_useful", "total"]
    export_headings = {
        "title": gettext_lazy("Trang"),
        "useful": gettext_lazy("Hữu ích"),
        "not_useful": gettext_lazy("Chưa hữu ích"),
        "total": gettext_lazy("Tổng số lượt"),
    }

    def get_filtered_queryset(self):
        counts = (
            self.filter_queryset(ratings_of(self.request.user))
            .values("page", "page__title")
            .annotate(useful_sum=Sum("useful"), not_useful_sum=Sum("not_useful"))
            .order_by("-not_useful_sum", "-useful_sum", "page__title")
        )
        return [
            {
                "page": row["page"],
                "title": row["page__title"],
                "useful": row["useful_sum"],
                "not_useful": row["not_useful_sum"],
                "total": row["useful_sum"] + row["not_useful_sum"],
            }
            for row in counts
        ]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Trang"),
                get_url=lambda row: reverse(
                    "wagtailadmin_pages:edit", args=(row["page"],)
                ),
            ),
            Column("useful", label=_("Hữu ích")),
            Column("not_useful", label=_("Chưa hữu ích")),
            Column("total", label=_("Tổng số lượt")),
        ]
