"""RSS and Atom feeds of live, public directives and notices."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.hosts import public_root_url
from cms.models import WardSettings
from search import analysis

from .loudspeaker import speech
from .models import DirectivePage, NoticePage

FEED_SIZE = 30
BROADCAST_FEED_SIZE = 20


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

    def __call__(self, request, *args, **kwargs):
        """Feeds list only public pages: any cache may keep one, and asks
        each time whether it changed (its ETag, from ConditionalGetMiddleware,
        and Last-Modified, the newest entry's, answer with a 304)."""
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, no_cache=True)
        return response

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

    def items(self, obj):
        return (
            DirectivePage.objects.visible()
            .in_site(obj["site"])
            .order_by("-first_published_at")[:FEED_SIZE]
        )

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

    def items(self, obj):
        return NoticePage.objects.visible().in_site(obj["site"])[:FEED_SIZE]

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


class BroadcastFeed(PageFeed):
    """/feed/phat-thanh/: the newest scripts read on the loudspeakers (live,
    public directives and unexpired notices, by last publication), each with
    its opening as the description and its MP3 as the enclosure, with the
    file's real length.

    The feed never synthesises: an item whose audio is not rendered yet (it
    is rendered when the page is published, on the first request for its
    `loa.mp3`, or by `render_broadcast_audio`) goes out without an
    enclosure, so a feed request stays fast whatever the backlog."""

    description = _(
        "Kịch bản và bản đọc các văn bản, thông báo phát trên loa truyền thanh "
        "của phường"
    )
    section_path = "/phat-thanh/"

    def title(self, obj):
        return _("Phát thanh – %(ward)s") % {"ward": obj["ward"].ward_name}

    def items(self, obj):
        root = obj["site"].root_page
        today = timezone.localdate()
        directives = (
            DirectivePage.objects.visible()
            .descendant_of(root)
            .order_by("-last_published_at")[:BROADCAST_FEED_SIZE]
        )
        notices = (
            NoticePage.objects.for_residents()
            .descendant_of(root)
            .exclude(valid_until__lt=today)
            .order_by("-last_published_at")[:BROADCAST_FEED_SIZE]
        )
        pages = sorted(
            [*directives, *notices],
            key=lambda page: page.last_published_at or page.first_published_at,
            reverse=True,
        )[:BROADCAST_FEED_SIZE]
        ward = obj["ward"]
        for page in pages:
            page.feed_script = page.broadcast_script(ward)
            page.feed_audio = speech.audio_info(page, ward, script=page.feed_script)
            page.feed_key = speech.cache_key(
                page.feed_script.text, speech.EspeakEngine.for_ward(ward)
            )
        return pages

    def item_title(self, item):
        if isinstance(item, DirectivePage):
            return f"{item.display_name}: {item.title}"
        return item.title

    def item_description(self, item):
        """The script's opening: what is read after the station's greeting."""
        lines = item.feed_script.lines[1:]
        text, opening = "", []
        for line in lines:
            opening.append(line)
            text = " ".join(opening)
            if len(text) >= 400:
                break
        return text if len(text) <= 600 else text[:599].rsplit(" ", 1)[0] + "…"

    def item_pubdate(self, item):
        return item.last_published_at or item.first_published_at

    def item_guid(self, item):
        """A new guid when what is read changes (text, voice or rate): for a
        podcast client, new audio is a new episode."""
        return f"{super().item_guid(item)}-loa-{item.feed_key[:16]}"

    def item_enclosures(self, item):
        audio = item.feed_audio
        if audio is None:
            return []
        return [
            Enclosure(
                f"{item.get_full_url()}loa.mp3", str(audio.mp3_bytes), "audio/mpeg"
            )
        ]
