"""The ward itself: the pages Nghị định 42/2022/NĐ-CP (Art. 4.1) and Nghị
định 13/2018/NĐ-CP (Art. 11) ask every ward portal to carry.

Under the "Giới thiệu" section (`AboutIndexPage`): an introduction and the
functions and tasks (`InformationPage`, which also serves "Tiếp cận thông
tin"), and the one-stop office (`OneStopPage`). The structure, the contacts and
the English page that prints them are in `cms.models.organisation`, the
lists of public documents in `cms.models.public_documents`.

Docstrings on models speak to editors; they appear in the Wagtail admin.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.structured_data import StructuredDataMixin, home_url, organisation
from cms.visibility import ResidentQuerySet, for_residents
from directives.blocks import BodyBlock, stream_to_text
from search.builder import iso_day

from .site import WardPageMixin, WardSettings

WardPageManager = PageManager.from_queryset(ResidentQuerySet)


class AboutIndexPage(WardPageMixin, Page):
    """Chuyên mục “Giới thiệu”: các trang về phường (giới thiệu, cơ cấu tổ
    chức, lãnh đạo, một cửa, công khai ngân sách, kế hoạch, tiếp cận thông tin)."""

    intro = RichTextField(
        _("giới thiệu"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.InformationPage",
        "cms.OrganisationPage",
        "cms.ContactsPage",
        "cms.OneStopPage",
        "cms.DocumentListPage",
        "cms.EnglishPage",
    ]
    max_count_per_parent = 1
    default_description = _(
        "Giới thiệu phường: cơ cấu tổ chức, lãnh đạo và cán bộ đầu mối, nơi làm "
        "thủ tục, công khai ngân sách, kế hoạch và tiếp cận thông tin."
    )

    class Meta:
        verbose_name = _("chuyên mục giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = [
            page.specific
            for page in for_residents(self.get_children()).specific(defer=True)
        ]
        return context


class WardOrganisationMixin(StructuredDataMixin):
    """Pages whose structured data is the ward's People's Committee."""

    @cached_property
    def ward_settings(self):
        site = self.get_site()
        return WardSettings.for_site(site) if site else None

    def ward_organisation(self, request=None) -> dict:
        """The ward's People's Committee (schema.org), its home page as url."""
        home = home_url(self, request)
        return {
            "@context": "https://schema.org",
            **organisation(self.ward_settings, home),
        }


class WardInfoPage(WardOrganisationMixin, WardPageMixin, Page):
    """What the ward's own pages share: a short summary (shown first, used
    for search and previews), the text, and the search kind "page"."""

    summary = models.TextField(
        _("tóm tắt"),
        blank=True,
        max_length=600,
        help_text=_("Một hai câu nói trang này có gì; hiện đầu trang và khi chia sẻ."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    objects = WardPageManager()
    kind = "page"  # the search API's kind: the ward's own information
    kind_label = _("Thông tin phường")

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    api_fields = [APIField("summary"), APIField("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_text"),
    ]
    parent_page_types = ["cms.AboutIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    @cached_property
    def body_text(self) -> str:
        return stream_to_text(self.body)

    def describe_for_search(self, doc) -> None:
        """The ward's own pages: introduction, structure, contacts, one-stop
        office, public documents."""
        doc.summary = self.summary
        doc.body = self.search_text
        doc.date = self.search_date.toordinal()
        doc.display.update(published_on=iso_day(self.search_date))

    @property
    def search_text(self) -> str:
        """The text the search index holds beside the title and summary."""
        return self.body_text

    @property
    def search_date(self) -> datetime.date:
        moment = self.last_published_at or self.first_published_at or timezone.now()
        return timezone.localdate(moment)


class InformationPage(WardInfoPage):
    """Trang thông tin: giới thiệu phường, chức năng nhiệm vụ, tiếp cận thông tin …"""

    class Meta:
        verbose_name = _("trang thông tin")
        verbose_name_plural = _("trang thông tin")


class OneStopPage(WardInfoPage):
    """Bộ phận tiếp nhận và trả kết quả (một cửa): địa chỉ và giờ làm việc lấy
    từ “Thông tin phường”; nội dung trang ghi thêm lịch tiếp công dân, cách hẹn."""

    class Meta:
        verbose_name = _("trang bộ phận một cửa")
        verbose_name_plural = _("trang bộ phận một cửa")

    @property
    def search_text(self) -> str:
        ward = self.ward_settings
        parts = [ward.one_stop_address, ward.one_stop_hours] if ward else []
        return "\n".join([*filter(None, parts), self.body_text])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The procedures section of the same site (directives' model, looked
        # up by name: directives.models imports this package).
        procedures = apps.get_model("directives", "ProcedureIndexPage").objects
        site = self.get_site()
        if site is not None:
            procedures = procedures.descendant_of(site.root_page)
        context["procedures"] = for_residents(procedures.all()).first()
        return context
