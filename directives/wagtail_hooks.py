from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Abbreviation, BroadcastSlot, IssuingBody
from .posters import POSTER_TYPES


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    menu_label = _("Cơ quan ban hành")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "short_name", "level"]
    list_filter = ["level"]
    # No `search_fields` here: naming fields breaks Wagtail's SQLite search
    # ("no such column", wagtail/django-modelsearch#47); the model's own
    # search fields (name and short name) are searched, accents folded.
    ordering = ["name"]


register_snippet(IssuingBodyViewSet)


class AbbreviationViewSet(SnippetViewSet):
    """Ward staff teach the loudspeaker verbaliser their own abbreviations."""

    model = Abbreviation
    icon = "openquote"
    menu_label = _("Chữ viết tắt (loa)")
    list_display = ["abbreviation", "expansion"]
    # Searched through the index, as the model declares (see IssuingBodyViewSet).


class BroadcastSlotViewSet(SnippetViewSet):
    model = BroadcastSlot
    icon = "calendar-alt"
    menu_label = _("Lịch phát thanh")
    list_display = ["day", "time", "zone_name", "priority", "page_name", "reading_time"]
    list_filter = ["priority", "zone"]
    ordering = ["-day", "time", "sort_order"]


class BroadcastViewSetGroup(SnippetViewSetGroup):
    items = (BroadcastSlotViewSet, AbbreviationViewSet)
    menu_icon = "calendar"
    menu_label = _("Phát thanh")
    menu_order = 220


register_snippet(BroadcastViewSetGroup)


# Posters: preview and download on each printable page, and the print pack.


@hooks.register("register_admin_urls")
def poster_admin_urls():
    return [
        path("ap-phich/<int:page_id>/", admin_views.poster, name="directives_poster"),
        path(
            "ap-phich/in/",
            admin_views.PrintPackView.as_view(),
            name="directives_print_pack",
        ),
    ]


@hooks.register("register_admin_menu_item")
def print_pack_menu_item():
    return MenuItem(
        _("In áp phích"),
        reverse("directives_print_pack"),
        icon_name="doc-full",
        order=230,
    )


def poster_buttons(page, priority: int):
    # specific_class comes from the content type: no query per listed page.
    if not (page.live and issubclass(page.specific_class or object, POSTER_TYPES)):
        return
    url = reverse("directives_poster", args=[page.pk])
    yield Button(
        _("Xem áp phích"),
        url,
        icon_name="view",
        attrs={"target": "_blank", "rel": "noopener"},
        priority=priority,
    )
    yield Button(
        _("Tải áp phích"), f"{url}?download=1", icon_name="download", priority=priority
    )


@hooks.register("register_page_listing_more_buttons")
def poster_listing_buttons(page, user, next_url=None):
    yield from poster_buttons(page, priority=55)


@hooks.register("register_page_header_buttons")
def poster_header_buttons(page, user, view_name, next_url=None):
    yield from poster_buttons(page, priority=66)


# The dissemination report (Reports menu) registers its own hooks.
from .dissemination import wagtail_hooks as _dissemination  # noqa: E402, F401
