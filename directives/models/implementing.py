"""Pages that carry out directives (notices and news): a publication date,
the directives they carry out and the campaign they belong to."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import PageManager

from cms.visibility import ResidentQuerySet
from search.builder import iso_day

from .base import visible_page
from .documents import DirectivePage, as_seen_on


class DatedQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().order_by("-published_on", "-pk")

    def listed(self, sections):
        """The pages on the lists of `sections`, newest first (the rule of
        `visible`, from the listing column: cms.visibility.listed_in)."""
        return self.listed_in(sections).order_by("-published_on", "-pk")

    def current(self, today: datetime.date | None = None):
        return self.visible().still_valid(today)

    def expired(self, today: datetime.date | None = None):
        return self.visible().lapsed(today)

    def still_valid(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def lapsed(self, today: datetime.date | None = None):
        return self.filter(valid_until__lt=today or timezone.localdate())


DatedManager = PageManager.from_queryset(DatedQuerySet)


def linked_visible_directives(page):
    """The directives `page` links to through its `directives` field that a
    resident may see. In preview the links are still in memory (a
    modelcluster FakeQuerySet, which has no live() or public())."""
    ids = list(page.directives.values_list("id", flat=True))
    directives = DirectivePage.objects.filter(pk__in=ids).visible()
    site = page.get_site() if page.path else None
    if site is None:  # preview of a page not saved yet, or the library's
        return list(directives.order_by("-signed_on", "-pk"))
    # A link to a city-library directive shows the ward's copy of it.
    shown = as_seen_on(site, directives.in_bulk())
    return sorted(shown.values(), key=lambda d: (d.signed_on, d.pk), reverse=True)


class ImplementsDirectivesMixin(models.Model):
    """Pages that carry out directives: notices and news articles."""

    published_on = models.DateField(_("ngày đăng"), default=timezone.localdate)
    directives = ParentalManyToManyField(
        DirectivePage,
        verbose_name=_("văn bản thực hiện"),
        blank=True,
        related_name="+",
        help_text=_("Các văn bản chỉ đạo mà bài này triển khai."),
    )
    campaign = models.ForeignKey(
        "directives.CampaignPage",
        verbose_name=_("đợt tuyên truyền"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DatedManager()

    class Meta:
        abstract = True

    def describe_for_search(self, doc) -> None:
        doc.date = self.published_on.toordinal()
        doc.display.update(
            published_on=iso_day(self.published_on),
            valid_until=iso_day(self.valid_until),
        )

    def linked_directives(self):
        return linked_visible_directives(self)

    @property
    def visible_campaign(self):
        campaigns = self._meta.get_field("campaign").related_model
        return visible_page(campaigns, self.campaign_id)
