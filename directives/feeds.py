"""RSS and Atom feeds of live, public directives and notices."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.hosts import public_root_url
from cms.models import WardSettings
from search import analysis

from .models import DirectivePage, NoticePage

FEED_SIZE = 30


class CleanTextFeed:
    """A feed generator that writes every item's text through
    `analysis.clean_controls`: XML 1.0 cannot carry control characters, and
    a page stored before they were cleaned on save must not make the whole
    feed fail (Django raises on them)."""

    def add_item(self, title, link, description, **kwargs):
        clean = analysis.clean_controls
        for name, value in kwargs.items():
            if isinstance(value, str):
                kwargs[name] = clean(value)
        if kwargs.get("categories"):
            kwargs["categories"] = [clean(str(c)) for c in kwargs["categories"]]
        if description:
            description = clean(description)
        super().add_item(clean(title), link, description, **kwargs)


class RssFeed(CleanTextFeed, Rss201rev2Feed):
    pass


class AtomFeed(CleanTextFeed, Atom1Feed):
    pass


class PageFeed(Feed):
    """One host throughout: the feed's own address, its link and every
    entry's come from the Wagtail Site serving the request (as QR codes and
    the sitemap do). The ward is the feed's author, which RFC 4287 lets
    stand for every entry's; each entry has its update time."""

    feed_type = RssFeed
    language = "vi"
    section_path = "/"

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        return {"site": site, "path": request.path, "ward": WardSettings.for_site(site)}

    def link(self, obj):
        return public_root_url(obj["site"]) + self.section_path

    def feed_url(self, obj):
        return public_root_url(obj["site"]) + obj["path"]

    def author_name(self, obj):
        return obj["ward"].committee_name

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        # Stable when the slug changes: the site's address and the page id.
        parts = item.get_url_parts()
        return f"{parts[1] if parts else ''}/#page-{item.pk}"

    item_guid_is_permalink = False


class DirectiveFeed(PageFeed):
    title = _("Văn bản chỉ đạo mới")
    description = _("Các văn bản chỉ đạo phường đang triển khai")
    section_path = "/van-ban/"

    def items(self):
        return DirectivePage.objects.visible().order_by("-first_published_at")[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return f"{item.display_name}: {item.title}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.doc_type, item.issuer.name]


class NoticeFeed(PageFeed):
    title = _("Thông báo của phường")
    description = _("Thông báo mới của Ủy ban nhân dân phường")
    section_path = "/thong-bao/"

    def items(self):
        return NoticePage.objects.visible()[:FEED_SIZE]

    def item_description(self, item):
        return item.body_text[:600]

    def item_pubdate(self, item):
        """The notice's own date (a notice imported or typed in later keeps
        the day the ward issued it), at the start of that day."""
        start = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(start)


class DirectiveAtomFeed(DirectiveFeed):
    feed_type = AtomFeed
    subtitle = DirectiveFeed.description


class NoticeAtomFeed(NoticeFeed):
    feed_type = AtomFeed
    subtitle = NoticeFeed.description
