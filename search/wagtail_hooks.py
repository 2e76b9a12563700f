from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Từ đồng nghĩa"
    add_to_admin_menu = False
    list_display = ["__str__", "note"]
    search_fields = ["phrases", "note"]


register_snippet(SynonymViewSet)
