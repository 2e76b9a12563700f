import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import media
from cms import views as cms_views
from cms.api import api_router
from directives import feeds
from directives import views as directive_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("favicon.ico", cms_views.favicon, name="favicon"),
    path("manifest.webmanifest", cms_views.web_manifest, name="web_manifest"),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)*)anh-chia-se\.png$",
        cms_views.share_card,
        name="share_card",
    ),
    path("", include("search.urls")),
    path("", include("cms.feedback.urls")),
    path("", include("directives.loudspeaker.urls")),
    path("feed/van-ban/rss/", feeds.DirectiveFeed(), name="feed_directives_rss"),
    path("feed/van-ban/atom/", feeds.DirectiveAtomFeed(), name="feed_directives_atom"),
    path("feed/thong-bao/rss/", feeds.NoticeFeed(), name="feed_notices_rss"),
    path("feed/thong-bao/atom/", feeds.NoticeAtomFeed(), name="feed_notices_atom"),
    path("feed/phat-thanh/", feeds.BroadcastFeed(), name="feed_broadcast"),
    # Renditions live beside the page: /van-ban/<slug>/loa.txt
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+)loa\.txt$",
        directive_views.loudspeaker_script,
        name="loudspeaker_script",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+)loa\.html$",
        directive_views.loudspeaker_print,
        name="loudspeaker_print",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+)loa\.wav$",
        directive_views.loudspeaker_audio,
        name="loudspeaker_audio",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+)loa\.mp3$",
        directive_views.loudspeaker_mp3,
        name="loudspeaker_mp3",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+)poster\.pdf$",
        directive_views.poster,
        name="poster",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            media.serve_media,
            name="media",
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "cms.errors.server_error"
