"""Notices (thông báo) posted by the ward, current and expired."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cms.cards import notice_card_rows
from cms.sharing import description as sharing_description
from cms.structured_data import area, home_url, organisation

from ..loudspeaker.script import dmy
from ..panels import OriginalTextPanel, ReadingTimePanel
from .base import (
    BroadcastMixin,
    ContentPage,
    PosterMixin,
    SectionPage,
    ward_settings_of,
)
from .documents import legislation_ref
from .implementing import ImplementsDirectivesMixin
from .originals import OriginalFileMixin


class NoticePage(
    BroadcastMixin,
    PosterMixin,
    ImplementsDirectivesMixin,
    OriginalFileMixin,
    ContentPage,
):
    """Thông báo niêm yết của phường.

    Hết hạn vẫn xem được, nhưng tự rời danh sách thông báo đang hiệu lực.
    """

    valid_until = models.DateField(
        _("hiệu lực đến"),
        null=True,
        blank=True,
        help_text=_(
            "Sau ngày này thông báo được đánh dấu hết hạn. Để trống: không thời hạn."
        ),
    )
    posted_at = models.CharField(
        _("niêm yết tại"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ví dụ: Bảng tin trụ sở UBND phường và nhà văn hóa các tổ dân phố."
        ),
    )
    audience = models.CharField(
        _("đối tượng"),
        max_length=120,
        default="Toàn phường",
        help_text=_(
            "Ví dụ: Toàn phường; Tổ dân phố 5; Hộ kinh doanh trên đường Bạch Đằng."
        ),
    )

    kind = "notice"
    kind_label = _("Thông báo")
    og_type = "article"

    content_panels = [
        TitleFieldPanel("title"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("posted_at"), FieldPanel("audience")]),
        FieldPanel("body"),
        FieldPanel("original_file"),
        OriginalTextPanel(),
        FieldPanel("directives"),
        FieldPanel("campaign"),
        ReadingTimePanel(),
    ]
    api_fields = [
        APIField("published_on"),
        APIField("valid_until"),
        APIField("posted_at"),
        APIField("audience"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body_text"),
        index.FilterField("published_on"),
        index.FilterField("valid_until"),
    ]
    parent_page_types = ["directives.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["published_on"], name="notice_published_on"),
            # The list of a section, newest first, and its current and
            # expired notices counted, from the index alone.
            models.Index(
                fields=["listed_in", "published_on", "page_ptr", "valid_until"],
                name="notice_listed_valid",
            ),
        ]

    def clean(self):
        super().clean()
        if (
            self.valid_until
            and self.published_on
            and self.valid_until < self.published_on
        ):
            raise ValidationError(
                {"valid_until": _("Ngày hết hạn không thể trước ngày đăng.")}
            )

    def describe_for_search(self, doc) -> None:
        super().describe_for_search(doc)
        doc.about = self.audience
        self.describe_original_for_search(doc)

    def poster_text(self) -> str:
        return self.body_text

    def script_notes(self) -> list[str]:
        notes = []
        # An expired notice says so near the top instead (`build_script`).
        if self.valid_until and not self.is_expired:
            notes.append(f"Thông báo có hiệu lực đến hết ngày {dmy(self.valid_until)}.")
        if self.posted_at:
            notes.append(f"Thông báo được niêm yết tại {self.posted_at}.")
        return notes

    def script_valid_until(self):
        return self.valid_until

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    def json_ld(self, request=None) -> dict:
        """schema.org `SpecialAnnouncement`: a notice to the residents of a
        place, from its posting day until it lapses."""
        ward = ward_settings_of(self)
        home = home_url(self, request)
        data = {
            "@context": "https://schema.org",
            "@type": "SpecialAnnouncement",
            "name": self.title,
            "url": self.get_full_url(request),
            "datePosted": self.published_on.isoformat(),
            "inLanguage": "vi",
            "announcementLocation": area(ward),
            "spatialCoverage": area(ward),
            "author": organisation(ward, home),
            "text": sharing_description(self),
        }
        if self.valid_until:
            data["expires"] = self.valid_until.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        directives = list(self.linked_directives())
        if directives:
            data["about"] = [legislation_ref(d, request) for d in directives]
        return data


class NoticeIndexPage(SectionPage):
    """Danh sách thông báo: đang hiệu lực trước, hết hạn sau."""

    subpage_types = ["directives.NoticePage"]
    default_description = _(
        "Thông báo của phường gửi bà con: đang hiệu lực trước, đã hết hạn sau."
    )

    class Meta:
        verbose_name = _("danh sách thông báo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        since = timezone.now()
        notices = notice_card_rows(NoticePage.objects.listed(self))
        context["current_notices"] = self.paginate(
            request, notices.still_valid(), count_key=("current",), since=since
        )
        context["expired_notices"] = self.paginate(
            request, notices.lapsed(), "het-han", count_key=("lapsed",), since=since
        )
        return context
