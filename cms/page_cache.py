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
without a session cookie the user is always anonymous, and Django's key
holds the Cookie header anyway.

The key is Django's (`get_cache_key` / `learn_cache_key`: host, path, query
string and the `Vary` headers, so two wards on one installation never share
an entry) with a prefix of the content version (directives/caching.py),
which every change to what residents see moves on, and the local date
(lists say "hôm nay"). An entry lives `PAGE_CACHE_SECONDS` at most, and
never past the next moment a live page expires (`expire_at`): lists hide
such a page from that moment, before `publish_scheduled` unpublishes it.

Django's own UpdateCacheMiddleware/FetchFromCacheMiddleware take their key
prefix once, from settings; the version must be read once per request and
used for both the lookup and the store (a publish between the two would
otherwise file an old page under the new version), hence this small
middleware over Django's key functions.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    set_response_etag,
)
from wagtail.models import Page

from directives.caching import content_version, read_once

# A response header for operators and tests (`hit` or `miss`); never shown.
HEADER = "X-Page-Cache"
NO_EXPIRY = "none"


def note_page_served(page, request, serve_args, serve_kwargs):
    """`before_serve_page` hook: this response is a Wagtail page, which the
    middleware may keep."""
    request.page_cache_candidate = True


def request_may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
        and "authorization" not in request.headers
        and not request.path_info.startswith("/admin/")
    )


def response_may_be_kept(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        getattr(request, "page_cache_candidate", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(
            word in cache_control for word in ("private", "no-store", "no-cache")
        )
    )


def key_prefix(version: int) -> str:
    return f"{version}.{timezone.localdate():%Y%m%d}"


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
        # A page read once per request: every cached menu, memo and fragment
        # below agrees on the version, which is read once.
        with read_once():
            return self.serve(request)

    def serve(self, request):
        if not request_may_use_cache(request):
            return self.get_response(request)
        cache = caches["pages"]
        version = content_version()
        prefix = key_prefix(version)
        # The language is part of Django's key; this middleware runs before
        # LocaleMiddleware, so the key is made in the portal's language.
        with translation.override(settings.LANGUAGE_CODE):
            key = get_cache_key(request, prefix, "GET", cache=cache)
        response = cache.get(key) if key else None
        if response is not None:
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method != "GET" or not response_may_be_kept(request, response):
            return response
        timeout = seconds_to_keep(version)
        if timeout <= 0:
            return response
        # The ETag goes into the cache with the page, so a hit is not hashed
        # again by ConditionalGetMiddleware.
        set_response_etag(response)
        with translation.override(settings.LANGUAGE_CODE):
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
        cache.set(key, response, timeout)
        response[HEADER] = "miss"
        return response
