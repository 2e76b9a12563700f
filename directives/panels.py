"""Editor panels shown while a page is edited: the loudspeaker reading time,
and the text read from the attached original."""

from django.urls import reverse
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


class OriginalTextPanel(Panel):
    """What was read from the attached original: status, confidence per page,
    and the actions (use the text as the body, read again)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Văn bản trích từ bản gốc"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "directives/panels/original_text.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(original_text_context(self.instance))
            return context


METHODS = {
    "text-layer": _("lớp chữ của tệp PDF"),
    "ocr": _("nhận dạng chữ (OCR)"),
    "mixed": _("lớp chữ PDF và nhận dạng chữ"),
    "none": _("không có chữ"),
}


def percent(confidence) -> str:
    return "" if confidence is None else f"{round(confidence * 100)}%"


def original_text_context(page) -> dict:
    """The panel's context for `page` (the revision being edited)."""
    document = getattr(page, "original_file", None)
    reading = page.original_text() if document is not None else None
    rows = [
        {
            "number": row.get("number"),
            "method": METHODS.get(row.get("method"), row.get("method") or ""),
            "confidence": percent(row.get("confidence")),
            "chars": len(row.get("text") or ""),
        }
        for row in (reading.pages if reading is not None else [])
    ]
    return {
        "rows": rows,
        "method": METHODS.get(reading.method, "") if reading is not None else "",
        "confidence": percent(reading.confidence) if reading is not None else "",
        "page": page,
        "document": document,
        "reading": reading,
        "status_url": (
            reverse("directives_original_status", args=[page.pk]) if page.pk else ""
        ),
        "use_url": (
            reverse("directives_original_use", args=[page.pk]) if page.pk else ""
        ),
        "reread_url": (
            reverse("directives_original_reread", args=[page.pk]) if page.pk else ""
        ),
    }
