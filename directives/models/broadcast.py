"""The loudspeaker programme's slots and the log of printed and spoken
renditions."""

import datetime

from django import forms
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
from .dissemination import LoudspeakerZone, Priority, Repeat, WardOwned
from .documents import DirectivePage
from .notices import NoticePage


def period_of(time: datetime.time) -> str:
    """The part of the day announcers and residents name a slot by."""
    if time < datetime.time(11, 0):
        return _("Buổi sáng")
    if time < datetime.time(13, 30):
        return _("Buổi trưa")
    if time < datetime.time(18, 30):
        return _("Buổi chiều")
    return _("Buổi tối")


class BroadcastSlotQuerySet(models.QuerySet):
    def between(self, first: datetime.date, last: datetime.date):
        """Slots with at least one occurrence from `first` to `last`."""
        return self.filter(day__lte=last).filter(
            models.Q(day__gte=first)
            | (~models.Q(repeat=Repeat.NONE) & models.Q(repeat_until__gte=first))
        )


class BroadcastSlot(WardOwned):
    """Một lượt phát trên loa truyền thanh: giờ, cụm loa, mức ưu tiên và văn
    bản hoặc thông báo được đọc; có thể lặp lại đến một ngày."""

    day = models.DateField(_("ngày phát"), default=timezone.localdate)
    time = models.TimeField(
        _("giờ phát"),
        default=datetime.time(6, 30),
        help_text=_("Giờ bắt đầu đọc, ví dụ 06:30 hoặc 17:00."),
    )
    zone = models.ForeignKey(
        LoudspeakerZone,
        verbose_name=_("cụm loa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # empty means every zone
        related_name="slots",
        help_text=_("Để trống để phát trên mọi cụm loa của phường."),
    )
    priority = models.CharField(
        _("mức ưu tiên"),
        max_length=10,
        choices=Priority.choices,
        default=Priority.NORMAL,
        help_text=_(
            "Tin khẩn cấp được phát ngay, đứng đầu lịch hôm nay và được xếp "
            "ngoài khung giờ phát của phường."
        ),
    )
    repeat = models.CharField(
        _("lặp lại"), max_length=10, choices=Repeat.choices, blank=True, default=""
    )
    repeat_until = models.DateField(_("lặp lại đến hết ngày"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("văn bản hoặc thông báo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Cùng giờ, số nhỏ đọc trước.")
    )
    note = models.CharField(
        _("ghi chú cho phát thanh viên"), max_length=255, blank=True
    )

    objects = BroadcastSlotQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        PageChooserPanel("page", ["directives.DirectivePage", "directives.NoticePage"]),
        FieldRowPanel([FieldPanel("day"), FieldPanel("time")]),
        FieldRowPanel(
            [FieldPanel("zone", widget=forms.Select), FieldPanel("priority")]
        ),
        FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
        FieldPanel("sort_order"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("lượt phát thanh")
        verbose_name_plural = _("lịch phát thanh")
        ordering = ["day", "time", "sort_order", "pk"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.time:%H:%M}: {self.page.title}"

    @property
    def period(self) -> str:
        return period_of(self.time)

    @property
    def is_emergency(self) -> bool:
        return self.priority == Priority.EMERGENCY

    def occurs_on(self, date: datetime.date) -> bool:
        if date == self.day:
            return True
        if not self.repeat or date < self.day:
            return False
        if self.repeat_until is None or date > self.repeat_until:
            return False
        if self.repeat == Repeat.WORKDAYS:
            return date.weekday() < 5
        if self.repeat == Repeat.WEEKLY:
            return date.weekday() == self.day.weekday()
        return True

    def occurrences(self, first: datetime.date, last: datetime.date):
        """The days from `first` to `last` this slot is aired on."""
        end = min(last, self.repeat_until or self.day) if self.repeat else self.day
        date = max(first, self.day)
        while date <= end:
            if self.occurs_on(date):
                yield date
            date += datetime.timedelta(days=1)

    @admin_display(description=_("văn bản hoặc thông báo"))
    def page_name(self) -> str:
        """“Chỉ thị 29-CT/TU — trích yếu” for a directive, the title otherwise."""
        return self.page.specific_deferred.get_admin_display_title()

    @admin_display(description=_("cụm loa"))
    def zone_name(self) -> str:
        return self.zone.name if self.zone_id else _("Mọi cụm loa")

    @admin_display(description=_("thời lượng đọc"))
    def reading_time(self) -> str:
        page = self.page.specific
        if not isinstance(page, BroadcastMixin):
            return "–"
        site = page.get_site()
        minutes = page.reading_minutes(WardSettings.for_site(site)) if site else 0
        return _("khoảng %(minutes)s phút") % {"minutes": minutes}

    def clean(self):
        errors = self.ward_errors(
            page=self.page if self.page_id else None, zone=self.zone
        )
        page = self.page.specific if self.page_id else None
        if page is not None and not isinstance(page, (DirectivePage, NoticePage)):
            errors["page"] = _("Chỉ chọn được văn bản chỉ đạo hoặc thông báo.")
        if self.repeat and not self.repeat_until:
            errors["repeat_until"] = _("Cần ghi ngày cuối cùng được lặp lại.")
        elif self.repeat and self.day and self.repeat_until < self.day:
            errors["repeat_until"] = _("Ngày cuối không thể trước ngày phát.")
        last = self.repeat_until if self.repeat and self.repeat_until else self.day
        valid_until = getattr(page, "valid_until", None)
        if valid_until and last and last > valid_until:
            errors["repeat_until" if self.repeat else "day"] = _(
                "Thông báo hết hiệu lực sau ngày %(date)s: không xếp lịch phát "
                "sau ngày đó được."
            ) % {"date": f"{valid_until:%d/%m/%Y}"}
        if page is not None and self.time and not self.is_emergency:
            ward = WardSettings.for_site(self.site) if self.site_id else None
            if ward and not ward.allows_broadcast_at(self.time):
                errors["time"] = _(
                    "Phường chỉ phát từ %(earliest)s đến %(latest)s (sửa trong "
                    "Thông tin phường). Ngoài giờ đó chỉ phát tin khẩn cấp."
                ) % {
                    "earliest": f"{ward.broadcast_earliest:%H:%M}",
                    "latest": f"{ward.broadcast_latest:%H:%M}",
                }
        if errors:
            raise ValidationError(errors)


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
