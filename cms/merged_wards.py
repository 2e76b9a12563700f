"""The host of a ward merged into another (`manage.py merge_wards`).

The old ward's Site keeps its host (cms/ward_merge.py) and a `MergedWard`
row says which ward it went into. On that host every request is answered
here, before URL routing, so no view runs for an empty ward (none creates
its settings, lists nothing or takes a resident's message):

- an exact `Redirect` of the old host (a page's old address, with or without
  its query string) sends where it says: the page where it is now;
- a page's rendition (`…/poster.pdf`, `…/loa.txt`, `…/loa.html`,
  `…/loa.mp3`, `…/loa.wav`, `…/anh-chia-se.png`) follows its page's
  Redirect: the same rendition of the page where it is now;
- any other address (search, the feedback pages, the questions page, feeds,
  the broadcast programme, the APIs, sitemap.xml, robots.txt…) goes to the
  same path on the new ward's host;

always with the query string (`poster.pdf?size=A3`, `/tim-kiem/?q=…`), 301
for GET and HEAD. Another method (POST…) gets 308 to the same place, so a
machine or a script (a loudspeaker reporting what it aired, a page's
"useful?" vote) sends it again there; but a browser's form carries the old
host's CSRF token, which the new host would refuse, so it gets a 410 page in
Vietnamese: the ward has merged, nothing was sent, here is the same page at
the new address (the Back button still holds what was typed).

Ordinary hosts pay one cache read per request and no query: the names of
merged hosts are kept in Django's cache (shared by the server's processes),
deleted whenever a MergedWard or a Site is saved or deleted, and again when
that transaction commits (a request in between may have cached the old
state).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.template import loader
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from directives.caching import VersionMemo

from .hosts import public_root_url
from .models import MergedWard, ward_name

CACHE_KEY = "cms:merged-ward-hosts"
CACHE_SECONDS = 3600

# The renditions served beside a page (cms/urls.py).
RENDITIONS = (
    "loa.txt",
    "loa.html",
    "loa.mp3",
    "loa.wav",
    "poster.pdf",
    "anh-chia-se.png",
)
_NAMES = "|".join(re.escape(name) for name in RENDITIONS)
RENDITION = re.compile(rf"^(?P<page>/(?:.*/)?)(?P<name>{_NAMES})$")
SAFE_METHODS = ("GET", "HEAD")


_HOSTNAMES = VersionMemo(maxsize=1)


def merged_hostnames() -> frozenset[str]:
    """The hostnames of merged wards' Sites (from the cache), kept per
    content version in this process (a merge and a Site saved move it on)."""
    return _HOSTNAMES.get(None, cached_merged_hostnames)


def cached_merged_hostnames() -> frozenset[str]:
    hosts = cache.get(CACHE_KEY)
    if hosts is None:
        hosts = frozenset(
            name.lower()
            for name in MergedWard.objects.values_list("old_site__hostname", flat=True)
        )
        cache.set(CACHE_KEY, hosts, CACHE_SECONDS)
    return hosts


def forget_merged_hostnames(**kwargs) -> None:
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def connect_signals() -> None:
    for model in (MergedWard, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_merged_hostnames,
                sender=model,
                dispatch_uid=f"merged-hosts-{signal is post_save}-{model.__name__}",
            )


def merge_for(request) -> MergedWard | None:
    """The merge that retired the Site of `request`'s host, if any."""
    hostname = split_domain_port(request.get_host())[0].lower()
    if hostname not in merged_hostnames():
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    return (
        MergedWard.objects.select_related("new_site__root_page")
        .filter(old_site=site)
        .first()
    )


def new_address(request, merge: MergedWard) -> str:
    """Where the address of `request` on the old host is now (a full URL)."""
    query = request.META.get("QUERY_STRING", "")
    full = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    path = urlsplit(full).path
    if query:
        redirect = get_redirect(request, full)
        if redirect is not None and redirect.link:
            return redirect.link  # a record made for this very query string
    redirect = get_redirect(request, path)
    if redirect is not None and redirect.link:
        return with_query(redirect.link, query)
    rendition = RENDITION.match(request.path)
    if rendition:
        page = Redirect.normalise_path(rendition["page"], decode_unicode=False)
        redirect = get_redirect(request, page)
        if redirect is not None and redirect.redirect_page_id and redirect.link:
            link = redirect.link.rstrip("/") + "/" + rendition["name"]
            return with_query(link, query)
    return public_root_url(merge.new_site).rstrip("/") + request.get_full_path()


def with_query(link: str, query: str) -> str:
    if not query:
        return link
    return f"{link}{'&' if '?' in link else '?'}{query}"


def is_browser_form(request) -> bool:
    """A form posted from a page of the old host: it carries a CSRF token."""
    return "HTTP_X_CSRFTOKEN" in request.META or (
        request.content_type
        in ("application/x-www-form-urlencoded", "multipart/form-data")
        and "csrfmiddlewaretoken" in request.POST
    )


def answer(request, merge: MergedWard):
    target = new_address(request, merge)
    if request.method in SAFE_METHODS:
        return HttpResponsePermanentRedirect(target)
    if is_browser_form(request):
        new_site = merge.new_site
        html = loader.get_template("410_merged.html").render(
            {
                # its settings' name: the first ward's home is "Trang chủ"
                "ward": ward_name(new_site),
                "target": target,
                "home": public_root_url(new_site).rstrip("/") + "/",
            }
        )
        return HttpResponse(html, status=410)
    return HttpResponsePermanentRedirect(target, preserve_request=True)


class MergedWardMiddleware:
    """Answers every request to a merged ward's host (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        merge = merge_for(request)
        if merge is not None:
            return answer(request, merge)
        return self.get_response(request)
