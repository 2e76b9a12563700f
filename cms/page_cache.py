"""Whole pages for residents, kept in Django's cache (the "pages" alias:
Redis with REDIS_URL, else files under DATA_DIR).

What is kept: the answer to a GET of a Wagtail page (the
`before_serve_page` hook marks the request) by a request with no session
cookie, no CSRF cookie and no credentials, with status 200, that set no
cookie and is not marked `private`, `no-store` or `no-cache`. Wagtail marks
every response of a page under a view restriction (the page, its password
form, the redirect to the login) with `private, no-store`: private pages
are never kept, even if a restriction let the request through. Never the
admin, previews (admin URLs), search, feeds, renditions, pages with a form
(they set the CSRF cookie: the feedback box under a directive or notice),
and an editor signed in sees the site straight from the database and never
fills the cache. Pages say `Vary: Cookie` (the templates look at the user);
without a session cookie the user is always anonymous, and the key holds
the other cookies anyway.

Who is served what is kept: any request with no session cookie and no
credentials, also a resident with a CSRF cookie (everyone who once opened a
directive or a notice, whose feedback box set it), whose own requests never
fill the cache: what they render may hold their token.

The key is made from the request alone: host, path and query string (as
Django's `get_cache_key` has them) and what the request headers the
portal's pages vary on decide (`KEYED_HEADERS`: of `Accept-Language`, the
language served; the cookies),
with the local date (lists say "hôm nay"), so two wards on one installation
never share an entry. A response that varies on any other header is not
kept. Django's own key needs one more read on every hit (the list of
headers the URL varies on, learned from its last response), which with
Redis is one more round trip; the headers here are known.

The entry holds the content version (directives/caching.py) it was made
under, which every change to what residents see moves on: a hit is an entry
of the current version, read with the version in one `get_many` when Redis
holds both (one round trip a hit). The version is read once per request and
used for both the lookup and the store, so a publish while the page renders
files it under the version before the publish, which is never served again.
An entry lives `PAGE_CACHE_SECONDS` at most, and never past the next moment
a live page expires (`expire_at`): lists hide such a page from that moment,
before `publish_scheduled` unpublishes it.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, set_response_etag
from wagtail.models import Page

from directives.caching import read_content_version, read_once, read_version_and

# A response header for operators and tests (`hit` or `miss`); never shown.
HEADER = "X-Page-Cache"
NO_EXPIRY = "none"
# The request headers portal pages vary on (`Vary: Accept-Language, Cookie`),
# all part of the key (`page_key`), lower case.
KEYED_HEADERS = frozenset({"accept-language", "cookie"})


def note_page_served(page, request, serve_args, serve_kwargs):
    """`before_serve_page` hook: this response is a Wagtail page, which the
    middleware may keep."""
    request.page_cache_candidate = True


def request_may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "authorization" not in request.headers
        and not request.path_info.startswith("/admin/")
    )


def request_may_fill_cache(request) -> bool:
    """Only a request with no CSRF cookie fills the cache: a page it gets
    holds no one's token (a page with a form gives it the cookie, and is not
    kept). A resident who has the cookie (they opened a directive, whose
    feedback box set it) is served what is kept, never keeps what they get:
    it may hold their token."""
    return settings.CSRF_COOKIE_NAME not in request.COOKIES


def response_may_be_kept(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        getattr(request, "page_cache_candidate", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and varies_only_on_keyed_headers(response)
        and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )
    )


def page_key(request) -> str:
    """The entry of this request's page: its URL (with the host), what the
    `KEYED_HEADERS` decide (the language served, the cookies), on today's
    date."""
    # The cookies without the CSRF one, which changes nothing on a kept page
    # (`request_may_fill_cache`): with it or without, one entry.
    cookies = sorted(
        (name, value)
        for name, value in request.COOKIES.items()
        if name != settings.CSRF_COOKIE_NAME
    )
    # Of Accept-Language, what it decides: the language LocaleMiddleware will
    # serve (`LANGUAGES`), not each browser's own list of preferences.
    parts = [
        request.build_absolute_uri(),
        translation.get_language_from_request(request),
        "; ".join(f"{name}={value}" for name, value in cookies),
    ]
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False)
    return f"page.{timezone.localdate():%Y%m%d}.{digest.hexdigest()}"


def varies_only_on_keyed_headers(response) -> bool:
    named = {
        name.strip().lower()
        for name in cc_delim_re.split(response.get("Vary", ""))
        if name.strip()
    }
    return named <= KEYED_HEADERS


def seconds_to_keep(version: int) -> int:
    """`PAGE_CACHE_SECONDS`, or less when a live page expires sooner (one
    query per content version)."""
    key = f"portal:next-expiry:{version}"
    next_expiry = default_cache.get(key)
    if next_expiry is None:
        next_expiry = (
            Page.objects.filter(live=True, expire_at__gt=timezone.now()).aggregate(
                first=Min("expire_at")
            )["first"]
            or NO_EXPIRY
        )
        default_cache.set(key, next_expiry, settings.PAGE_CACHE_SECONDS)
    if next_expiry == NO_EXPIRY:
        return settings.PAGE_CACHE_SECONDS
    left = (next_expiry - timezone.now()) / datetime.timedelta(seconds=1)
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(left)))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not request_may_use_cache(request):
            # A page read once per request: every cached menu, memo and
            # fragment below agrees on the version, which is read once.
            with read_once():
                return self.get_response(request)
        key = page_key(request)
        version, entry = read_version_and("pages", key)
        with read_once(version):
            if entry is not None and entry[0] == version:
                response = entry[1]
                response[HEADER] = "hit"
                return response
            return self.serve(request, key, version)

    def serve(self, request, key: str, version: int):
        response = self.get_response(request)
        if (
            request.method != "GET"
            or not request_may_fill_cache(request)
            or not response_may_be_kept(request, response)
        ):
            return response
        timeout = seconds_to_keep(version)
        if timeout <= 0:
            return response
        # The ETag goes into the cache with the page, so a hit is not hashed
        # again by ConditionalGetMiddleware.
        set_response_etag(response)
        # Every version shares the key: a page that took long to make, while
        # a publish committed, must not replace the newer version's entry.
        if read_content_version() != version:
            return response
        caches["pages"].set(key, (version, response), timeout)
        response[HEADER] = "miss"
        return response
