"""Editor panels: the loudspeaker reading time, shown while a page is edited."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from cms.models import WardSettings


class ReadingTimePanel(Panel):
    """How long the announcer needs to read this page's script on air."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Đọc trên loa"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directives/panels/reading_time.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            if page.pk is None:
                context["script"] = None  # unsaved: no issuer or dates yet
            else:
                ward = WardSettings.for_request(self.request)
                context["script"] = page.broadcast_script(ward)
            return context
