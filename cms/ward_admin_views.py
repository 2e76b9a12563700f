"""Cài đặt → Các phường: the city's wards, and a form to add one (what
`manage.py create_ward` does), for the installation's administrators."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth.decorators import user_passes_test
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.sites.views import DeleteView as SiteDeleteView

from . import wards
from .login_limits import is_ward_administrator
from .models import WardSettings


class WardForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên phường"),
        max_length=120,
        help_text=gettext_lazy("Viết đầy đủ, ví dụ: Phường Hòa Cường."),
        error_messages={"required": gettext_lazy("Cần tên phường.")},
    )
    host = forms.CharField(
        label=gettext_lazy("Tên miền"),
        max_length=255,
        help_text=gettext_lazy(
            "Địa chỉ cổng thông tin của phường, ví dụ hoacuong.danang.gov.vn "
            "(thêm :cổng nếu không phải cổng 80)."
        ),
        error_messages={"required": gettext_lazy("Cần tên miền của phường.")},
    )
    district = forms.CharField(
        label=gettext_lazy("Quận, huyện"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Để trống nếu phường trực thuộc thẳng thành phố."),
    )
    city = forms.CharField(
        label=gettext_lazy("Tỉnh, thành phố"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Để trống để dùng tên của phường đầu tiên."),
    )


@method_decorator(user_passes_test(is_ward_administrator), name="dispatch")
class WardsView(WagtailAdminTemplateMixin, FormView):
    template_name = "cms/admin/wards.html"
    page_title = gettext_lazy("Các phường")
    header_icon = "site"
    form_class = WardForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": None, "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for site in wards.ward_sites():
            editors, leaders = wards.role_groups(site)
            rows.append(
                {
                    "site": site,
                    "name": WardSettings.for_site(site).ward_name,
                    "pages": Page.objects.descendant_of(site.root_page).count(),
                    "editors": editors,
                    "leaders": leaders,
                }
            )
        context["rows"] = rows
        context["library"] = wards.library()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        existing = wards.ward_sites().first()
        first = WardSettings.for_site(existing) if existing else None
        try:
            site = wards.create_ward(
                data["host"],
                data["name"],
                district=data["district"],
                city=data["city"] or (first.city if first else ""),
            )
        except wards.WardError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã tạo cổng thông tin %(ward)s tại %(url)s/.")
            % {"ward": site.root_page.title, "url": site.root_url},
        )
        return redirect("ward_sites")


class WardsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_ward_administrator(request.user)


def wards_menu_item():
    return WardsMenuItem(
        gettext_lazy("Các phường"),
        reverse("ward_sites"),
        name="ward-sites",
        icon_name="site",
        order=640,
    )


class WardSiteDeleteView(SiteDeleteView):
    """Cài đặt → Cổng thông tin → Xóa: a ward's lists and logs (tổ dân phố,
    cụm loa, lịch phát thanh…) keep its Site (on_delete=PROTECT), so the
    deletion is refused with a message, not a server error; a ward goes
    away by merging into another (`manage.py merge_wards`)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError) as exc:
            messages.error(self.request, site_delete_refusal(self.object, exc))
            return redirect(self.edit_url_name, quote(self.object.pk))


def site_delete_refusal(site, exc) -> str:
    """Why the ward's Site cannot be deleted, in Vietnamese."""
    objects = getattr(exc, "protected_objects", None) or getattr(
        exc, "restricted_objects", ()
    )
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
    return _(
        "Không thể xóa cổng thông tin %(host)s: phường còn %(what)s. Hãy dùng "
        "lệnh “manage.py merge_wards” để sáp nhập phường này vào phường khác."
    ) % {
        "host": site.hostname,
        "what": ", ".join(kinds) or _("dữ liệu của phường"),
    }
