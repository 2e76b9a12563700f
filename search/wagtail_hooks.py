from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import CitySearchMenuItem, CitySearchView
from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Từ đồng nghĩa"
    add_to_admin_menu = False
    list_display = ["__str__", "note"]
    search_fields = ["phrases", "note"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def city_search_urls():
    return [
        path(
            "tim-kiem-toan-thanh-pho/",
            CitySearchView.as_view(),
            name="city_search",
        )
    ]


@hooks.register("register_reports_menu_item")
def city_search_menu_item():
    return CitySearchMenuItem(
        _("Tìm kiếm toàn thành phố"),
        reverse("city_search"),
        name="city-search",
        icon_name="search",
        order=1500,
    )
