"""The loudspeaker programme's slots and the log of printed and spoken
renditions."""

from django.contrib.admin import display as admin_display
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    PageChooserPanel,
)

from cms.models import WardSettings

from .base import BroadcastMixin
from .documents import DirectivePage
from .notices import NoticePage


class BroadcastPeriod(models.TextChoices):
    MORNING = "morning", _("Buổi sáng")
    EVENING = "evening", _("Buổi chiều")


class BroadcastSlot(models.Model):
    """Một bài phát trên loa truyền thanh: ngày, buổi và văn bản hoặc thông báo."""

    day = models.DateField(_("ngày phát"), default=timezone.localdate)
    period = models.CharField(
        _("buổi"),
        max_length=10,
        choices=BroadcastPeriod.choices,
        default=BroadcastPeriod.MORNING,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("văn bản hoặc thông báo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đọc trước.")
    )
    note = models.CharField(
        _("ghi chú cho phát thanh viên"), max_length=255, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("period")]),
        PageChooserPanel("page", ["directives.DirectivePage", "directives.NoticePage"]),
        FieldPanel("sort_order"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("lượt phát thanh")
        verbose_name_plural = _("lịch phát thanh")
        ordering = ["day", "period", "sort_order", "pk"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_period_display()}: {self.page.title}"

    @admin_display(description=_("văn bản hoặc thông báo"))
    def page_name(self) -> str:
        """“Chỉ thị 29-CT/TU — trích yếu” for a directive, the title otherwise."""
        return self.page.specific_deferred.get_admin_display_title()

    @admin_display(description=_("thời lượng đọc"))
    def reading_time(self) -> str:
        page = self.page.specific
        if not isinstance(page, BroadcastMixin):
            return "–"
        site = page.get_site()
        minutes = page.reading_minutes(WardSettings.for_site(site)) if site else 0
        return _("khoảng %(minutes)s phút") % {"minutes": minutes}

    def clean(self):
        if self.page_id and not isinstance(
            self.page.specific, (DirectivePage, NoticePage)
        ):
            raise ValidationError(
                {"page": _("Chỉ chọn được văn bản chỉ đạo hoặc thông báo.")}
            )


class RenditionRecord(models.Model):
    """That a page's poster or loudspeaker script was produced for one of its
    revisions: the dashboard lists live pages whose current version has none."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("áp phích")
        SCRIPT = "script", _("kịch bản phát thanh")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    revision_id = models.BigIntegerField(null=True)
    first_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần tạo áp phích, kịch bản")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "revision_id"], name="one_record_per_revision"
            )
        ]

    @classmethod
    def note(cls, page, kind: str) -> None:
        """Record that `page`'s live revision now has a rendition of `kind`."""
        # 0 for a page published without a revision (NULL never compares equal).
        cls.objects.get_or_create(
            page_id=page.pk, kind=kind, revision_id=page.live_revision_id or 0
        )

    @classmethod
    def missing(cls, pages, kind: str):
        """`pages` whose live revision has no rendition of `kind` yet."""
        done = cls.objects.filter(
            page=models.OuterRef("pk"), kind=kind, revision_id=models.OuterRef("rev")
        )
        revision = Coalesce("live_revision_id", 0)
        return pages.annotate(rev=revision).filter(~models.Exists(done))
