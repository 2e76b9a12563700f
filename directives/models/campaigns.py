"""Campaigns (đợt tuyên truyền) with their slogans."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.visibility import ResidentQuerySet

from .base import ContentPage, PosterMixin, SectionPage
from .documents import DirectivePage
from .implementing import linked_visible_directives
from .news import ArticlePage
from .notices import NoticePage


class CampaignQuerySet(ResidentQuerySet):
    def running(self, today: datetime.date | None = None):
        return self.for_residents().in_progress(today)

    def in_progress(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return (
            self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .order_by("-starts_on")
        )


class CampaignSlogan(Orderable):
    page = ParentalKey(
        "directives.CampaignPage", related_name="slogans", on_delete=models.CASCADE
    )
    text = models.CharField(
        _("khẩu hiệu"), max_length=255, help_text=_("Ví dụ: 5 xây, 3 chống.")
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("khẩu hiệu")
        verbose_name_plural = _("khẩu hiệu")

    def __str__(self):
        return self.text


class CampaignPage(PosterMixin, ContentPage):
    """Đợt tuyên truyền: khẩu hiệu, thời gian, văn bản, thông báo và tin bài."""

    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    summary = models.TextField(
        _("mục đích"), blank=True, help_text=_("Đợt tuyên truyền nhằm điều gì, cho ai.")
    )
    directives = ParentalManyToManyField(
        DirectivePage, verbose_name=_("văn bản"), blank=True, related_name="+"
    )

    objects = PageManager.from_queryset(CampaignQuerySet)()
    kind = "campaign"
    kind_label = _("Tuyên truyền")

    content_panels = [
        TitleFieldPanel("title", help_text=_("Tên đợt tuyên truyền.")),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("summary"),
        InlinePanel("slogans", heading=_("Khẩu hiệu"), label=_("khẩu hiệu")),
        FieldPanel("directives"),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("summary"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body_text"),
    ]
    parent_page_types = ["directives.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("đợt tuyên truyền")
        verbose_name_plural = _("đợt tuyên truyền")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Ngày kết thúc không thể trước ngày bắt đầu.")}
            )

    def poster_directives(self) -> list:
        """The directives residents may see. On a poster this page is the live
        revision, whose links are in-memory lists: the live and public checks
        are asked of the database."""
        chosen = list(self.directives.all())
        visible = set(
            DirectivePage.objects.filter(pk__in=[d.pk for d in chosen])
            .for_residents()
            .values_list("pk", flat=True)
        )
        return [d for d in chosen if d.pk in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for name, model in (("notices", NoticePage), ("articles", ArticlePage)):
            # A new campaign in preview has nothing filed under it yet.
            pages = model.objects.visible()
            context[name] = pages.filter(campaign=self) if self.pk else pages.none()
        context["campaign_directives"] = linked_visible_directives(self)
        return context


class CampaignIndexPage(SectionPage):
    """Các đợt tuyên truyền của phường."""

    subpage_types = ["directives.CampaignPage"]
    default_description = _(
        "Các đợt tuyên truyền của phường: khẩu hiệu, thời gian, văn bản và tin bài."
    )

    class Meta:
        verbose_name = _("danh sách đợt tuyên truyền")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = CampaignPage.objects.child_of(self).for_residents()
        # The campaign card shows the first slogan.
        context["campaigns"] = campaigns.order_by("-starts_on", "-pk").prefetch_related(
            "slogans"
        )
        return context
