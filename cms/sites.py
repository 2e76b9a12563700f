"""The Site of a request, without a query on every request.

Wagtail finds the Site of every request by its hostname with one query
(`Site.find_for_request`), and routes from the Site's home page with one
more (`root_page.specific`). Sites and pages change only when a row is
saved, which moves the content version on (directives/caching.py): the
Site of a hostname, with its home page, is kept per content version in
each process, and every request gets its own copy.
"""

from __future__ import annotations

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from directives.caching import VersionMemo, copy_instance

_BY_HOST = VersionMemo(maxsize=64)
_BY_ID = VersionMemo(maxsize=64)
_ROOT_PATHS = VersionMemo(maxsize=1)


def site_for_request(request) -> Site | None:
    """What `Site.find_for_request` finds (the same rules: hostname and
    port, else the default site), its `root_page` already specific."""
    # As Wagtail: the raw host, before the ALLOWED_HOSTS check.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    site = _BY_HOST.get((hostname, port), lambda: _site_for(hostname, port))
    return copy_instance(site)


def _site_for(hostname: str, port) -> Site | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific
    return site


def site_by_id(site_id: int) -> Site:
    """`Site.objects.get(id=site_id)`, kept per content version."""
    return copy_instance(_BY_ID.get(site_id, lambda: Site.objects.get(id=site_id)))


def site_root_paths() -> list:
    """`Site.get_site_root_paths()` (Wagtail keeps them in the cache, read
    again by every request), kept per content version: they change with a
    Site or a page's address, which move it on."""
    return _ROOT_PATHS.get(None, Site.get_site_root_paths)


class SiteMiddleware:
    """Gives the request its Site (`request._wagtail_site`, where Wagtail
    looks first) and the Sites' root paths (where pages' URLs look first,
    `request._wagtail_cached_site_root_paths`) from the memos."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        request._wagtail_cached_site_root_paths = site_root_paths()
        return self.get_response(request)
