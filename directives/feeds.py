"""RSS and Atom feeds of live, public directives and notices."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import DirectivePage, NoticePage

FEED_SIZE = 30


class PageFeed(Feed):
    language = "vi"

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
    link = "/van-ban/"

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
    link = "/thong-bao/"

    def items(self):
        return NoticePage.objects.visible()[:FEED_SIZE]

    def item_description(self, item):
        return item.body_text[:600]

    def item_pubdate(self, item):
        return item.first_published_at


class DirectiveAtomFeed(DirectiveFeed):
    feed_type = Atom1Feed
    subtitle = DirectiveFeed.description


class NoticeAtomFeed(NoticeFeed):
    feed_type = Atom1Feed
    subtitle = NoticeFeed.description
