"""Deployment checks: QR codes on printed posters must reach the public site.

`manage.py check --deploy` reports an error for each Site record whose
address is the server itself or plain http, when SITE_URL does not override
them (with SITE_URL set, `cms.settings.production` checks that instead).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from wagtail.models import Site

from .hosts import is_loopback


@register(Tags.security, deploy=True)
def public_site_addresses(app_configs=None, **kwargs):
    if settings.SITE_URL:
        return []
    try:
        sites = list(Site.objects.all())
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Error(
            f"Cổng thông tin “{site.site_name or site.hostname}” có địa chỉ "
            f"{site.root_url}: mã QR trên áp phích sẽ trỏ về đó.",
            hint="Đặt tên máy chủ công khai và cổng 443 ở Cài đặt → Cổng thông tin, "
            "hoặc đặt SITE_URL=https://….",
            obj=site,
            id="cms.E001",
        )
        for site in sites
        if is_loopback(site.hostname) or site.port != 443
    ]
