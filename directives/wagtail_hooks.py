from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import IssuingBody


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
