"""Admin views for posters: preview or download one, and build a print pack.

Editors print what is published: every poster here is the page's live
revision, the same one residents get from `<page>/poster.pdf`.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.forms import label_pages
from cms.models import CityLibraryPage

from . import posters
from .models import CampaignPage
from .views import pdf_response, poster_response


def printable_pages(user):
    """Live pages with a poster that this user may see in the admin."""
    explorable = PagePermissionPolicy().explorable_instances(user)
    pages = (
        Page.objects.live()
        .type(*posters.POSTER_TYPES)
        .filter(pk__in=explorable.values("pk"))
    )
    # The city library's pages have no address: each ward prints its copy.
    for path in CityLibraryPage.objects.values_list("path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages


def poster(request, page_id: int):
    page = get_object_or_404(printable_pages(request.user), pk=page_id).specific
    download = request.GET.get("download") == "1"
    return poster_response(request, page, download=download)


class PrintPackForm(forms.Form):
    SOURCES = [
        ("pages", _("Các trang được chọn")),
        ("notices", _("Mọi thông báo đang hiệu lực")),
        ("campaign", _("Tài liệu của một đợt tuyên truyền")),
    ]
    source = forms.ChoiceField(
        label=_("In gì"), choices=SOURCES, initial="pages", widget=forms.RadioSelect
    )
    pages = forms.ModelMultipleChoiceField(
        label=_("Trang"),
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Văn bản, thông báo và đợt tuyên truyền đã xuất bản."),
    )
    campaign = forms.ModelChoiceField(
        label=_("Đợt tuyên truyền"),
        queryset=CampaignPage.objects.none(),
        required=False,
        help_text=_("Áp phích của đợt, các văn bản và thông báo đang hiệu lực."),
    )
    size = forms.ChoiceField(
        label=_("Khổ giấy"), choices=[(s, s) for s in posters.SIZES], initial="A4"
    )
    mode = forms.ChoiceField(
        label=_("Chế độ in"),
        choices=[("color", _("In màu")), ("bw", _("Đen trắng, tiết kiệm mực"))],
        initial="color",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pages = printable_pages(user)
        self.fields["pages"].queryset = pages.order_by(
            "content_type", "title"
        ).specific()
        label_pages(self.fields["pages"])
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            pk__in=pages.values("pk")
        )

    def chosen_pages(self) -> list:
        data = self.cleaned_data
        if data["source"] == "notices":
            allowed = set(self.fields["pages"].queryset.values_list("pk", flat=True))
            return [n for n in posters.current_notices() if n.pk in allowed]
        if data["source"] == "campaign":
            return posters.campaign_material(data["campaign"])
        return [page.specific for page in data["pages"]]

    def clean(self):
        data = super().clean()
        if data.get("source") == "pages" and not data.get("pages"):
            self.add_error("pages", _("Chọn ít nhất một trang."))
        if data.get("source") == "campaign" and not data.get("campaign"):
            self.add_error("campaign", _("Chọn một đợt tuyên truyền."))
        return data


class PrintPackView(WagtailAdminTemplateMixin, FormView):
    """Gộp nhiều áp phích thành một tệp PDF, mỗi trang một áp phích."""

    form_class = PrintPackForm
    template_name = "posters/admin/print_pack.html"
    page_title = _("In áp phích")
    header_icon = "doc-full"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Trang quản trị")},
        {"url": "", "label": _("In áp phích")},
    ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        pages = form.chosen_pages()
        if not pages:
            form.add_error(None, _("Không có trang nào để in."))
            return self.form_invalid(form)
        size, mode = form.cleaned_data["size"], form.cleaned_data["mode"]
        pdf = posters.render_pack(pages, size, mode)
        return pdf_response(pdf, f"ap-phich-{len(pages)}-trang-{size}.pdf", True)
