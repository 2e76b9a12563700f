"""Public addresses: what a QR code on a printed poster may point to.

Pure Python: the production settings read it before Django is set up
(settings are read only when a function runs)."""

from django.conf import settings


def is_loopback(hostname: str | None) -> bool:
    """The server itself (localhost, 127.x, ::1) or no host at all."""
    host = (hostname or "").strip("[]").lower()
    return not host or host == "localhost" or host.startswith("127.") or host == "::1"


def public_root_url(site) -> str:
    """The public address of a Wagtail Site: SITE_URL when it is set (one
    ward behind a proxy, as pages' own addresses) and this is the default
    site, else the Site record's (each ward of a city has its own)."""
    if settings.SITE_URL and site.is_default_site:
        return settings.SITE_URL
    return site.root_url
