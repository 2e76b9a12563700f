from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Abbreviation, BroadcastSlot, IssuingBody


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    menu_label = _("Cơ quan ban hành")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "short_name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "short_name"]
    ordering = ["name"]


register_snippet(IssuingBodyViewSet)


class AbbreviationViewSet(SnippetViewSet):
    """Ward staff teach the loudspeaker verbaliser their own abbreviations."""

    model = Abbreviation
    icon = "openquote"
    menu_label = _("Chữ viết tắt (loa)")
    list_display = ["abbreviation", "expansion"]
    search_fields = ["abbreviation", "expansion"]


class BroadcastSlotViewSet(SnippetViewSet):
    model = BroadcastSlot
    icon = "calendar-alt"
    menu_label = _("Lịch phát thanh")
    list_display = ["day", "period", "page", "reading_time"]
    list_filter = ["period"]
    ordering = ["-day", "period", "sort_order"]


class BroadcastViewSetGroup(SnippetViewSetGroup):
    items = (BroadcastSlotViewSet, AbbreviationViewSet)
    menu_icon = "calendar"
    menu_label = _("Phát thanh")
    menu_order = 220


register_snippet(BroadcastViewSetGroup)
