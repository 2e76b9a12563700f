"""Báo cáo → “Tìm kiếm toàn thành phố”: city staff search every ward at once
(`search.city`). The admin's login comes first; a signed-in user who may not
is sent back to the dashboard with Wagtail's "no permission" message, as the
other reports do."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .city import city_search, may_search_city
from .plan import Params
from .views import kind_labels


class CitySearchView(WagtailAdminTemplateMixin, TemplateView):
    """Tìm kiếm toàn thành phố: mỗi kết quả ghi rõ thuộc phường nào."""

    template_name = "search/admin/city_search.html"
    page_title = _("Tìm kiếm toàn thành phố")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not may_search_city(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": "", "label": _("Báo cáo")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = Params.from_query_dict(self.request.GET)
        context["params"] = params
        if params.q:
            results, hits = city_search(params)
            context.update(results=results, hits=hits, kind_labels=kind_labels())
        return context


class CitySearchMenuItem(MenuItem):
    def is_shown(self, request):
        return may_search_city(request.user)
