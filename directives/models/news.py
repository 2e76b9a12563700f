"""News (tin tức) of how the ward carries directives out."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cms.sharing import card_url as sharing_card_url
from cms.sharing import description as sharing_description
from cms.structured_data import home_url, organisation

from .base import ContentPage, SectionPage, ward_settings_of
from .documents import legislation_ref
from .implementing import ImplementsDirectivesMixin


class ArticlePage(ImplementsDirectivesMixin, ContentPage):
    """Tin tức: phường triển khai các văn bản chỉ đạo như thế nào."""

    author = models.CharField(_("tác giả"), max_length=120, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.TextField(
        _("đoạn mở đầu"), blank=True, help_text=_("Một đoạn ngắn tóm ý chính của bài.")
    )

    kind = "article"
    kind_label = _("Tin tức")
    og_type = "article"

    content_panels = [
        TitleFieldPanel("title"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("author")]),
        FieldPanel("lead"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("directives"),
        FieldPanel("campaign"),
    ]
    api_fields = [
        APIField("published_on"),
        APIField("author"),
        APIField("lead"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body_text"),
        index.FilterField("published_on"),
    ]
    parent_page_types = ["directives.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        indexes = [
            models.Index(fields=["published_on"], name="article_published_on"),
            models.Index(fields=["listed_in", "published_on"], name="article_listed"),
        ]

    def describe_for_search(self, doc) -> None:
        super().describe_for_search(doc)
        doc.summary = self.lead

    @property
    def valid_until(self):
        return None

    def json_ld(self, request=None) -> dict:
        """schema.org `NewsArticle`: who wrote it, when, for which ward."""
        ward = ward_settings_of(self)
        home = home_url(self, request)
        publisher = organisation(ward, home)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "url": self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            "datePublished": self.published_on.isoformat(),
            "inLanguage": "vi",
            "publisher": publisher,
            "author": (
                {"@type": "Person", "name": self.author} if self.author else publisher
            ),
            "description": sharing_description(self),
            "image": [sharing_card_url(self, request)],
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        directives = list(self.linked_directives())
        if directives:
            data["about"] = [legislation_ref(d, request) for d in directives]
        return data


class ArticleIndexPage(SectionPage):
    """Tin tức về việc triển khai các văn bản tại phường."""

    subpage_types = ["directives.ArticlePage"]
    default_description = _(
        "Tin tức về việc phường và các tổ dân phố thực hiện các văn bản chỉ đạo."
    )

    class Meta:
        verbose_name = _("chuyên mục tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.listed_in(self).order_by("-published_on", "-pk")
        context["articles"] = self.paginate(request, articles)
        return context
