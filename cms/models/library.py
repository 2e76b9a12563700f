"""The city's library of shared directives.

Since 01/07/2025 wards report straight to the city: a directive of the city
(Chỉ thị 29-CT/TU of the Đà Nẵng city committee) must reach every ward's
residents. City staff publish it once here; every ward site shows it as a
Wagtail alias under its own "Văn bản chỉ đạo" (`cms.wards.share`), which
Wagtail republishes whenever the original is published again, so the ward's
header, search, feeds, posters and scripts carry it as the ward's own.

The library is a child of Wagtail's root and the root of no Site: it has no
public address of its own.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .site import WardPageMixin


class CityLibraryPage(WardPageMixin, Page):
    """Thư viện văn bản dùng chung của thành phố."""

    intro = RichTextField(
        _("giới thiệu"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Văn bản đăng ở đây hiện trên cổng thông tin của mọi phường, "
            "dưới mục Văn bản chỉ đạo của từng phường."
        ),
    )

    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directives.DirectivePage"]
    max_count = 1

    class Meta:
        verbose_name = _("thư viện văn bản dùng chung")

    def serve(self, request, *args, **kwargs):
        # Residents read the library's directives on their ward's site.
        raise Http404
