"""Deployment checks.

QR codes on printed posters must reach the public site: `manage.py check
--deploy` reports an error for each Site record whose address is the server
itself or plain http, when SITE_URL does not override them (with SITE_URL
set, `cms.settings.production` checks that instead).

Several app servers (SEVERAL_SERVERS=1 on each) must share what the site
writes: `manage.py check` (and `migrate`, which the deploy runs) reports a
database, a search index or a cache that lives on one machine only
(README, "Several servers").
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
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


# Cache backends whose entries only this machine sees.
LOCAL_CACHES = {
    "django.core.cache.backends.filebased.FileBasedCache": "tệp trong DATA_DIR",
    "django.core.cache.backends.locmem.LocMemCache": "bộ nhớ của tiến trình",
}


@register("several_servers")
def several_servers(app_configs=None, **kwargs):
    if not settings.SEVERAL_SERVERS:
        return []
    return unshared(settings.DATABASES, settings.ELASTICSEARCH_URL, settings.CACHES)


def unshared(databases: dict, search_url: str | None, caches: dict) -> list:
    """What of these settings one machine keeps to itself."""
    problems = []
    if databases["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Error(
                "Cơ sở dữ liệu là SQLite, một tệp trên máy chủ này: "
                "các máy chủ khác không thấy dữ liệu của nó.",
                hint="Đặt DATABASE_URL=postgres://… giống nhau trên mọi máy chủ.",
                id="cms.E101",
            )
        )
    if not search_url:
        problems.append(
            Error(
                "Chỉ mục tìm kiếm nhúng là một thư mục trên máy chủ này "
                "(SEARCH_INDEX_PATH): mỗi máy chủ sẽ tìm trong chỉ mục của riêng nó.",
                hint="Đặt ELASTICSEARCH_URL=http://… giống nhau trên mọi máy chủ.",
                id="cms.E102",
            )
        )
    for alias, cache in caches.items():
        where = LOCAL_CACHES.get(cache["BACKEND"])
        if where:
            problems.append(
                CheckWarning(
                    f"Bộ nhớ đệm “{alias}” nằm trên máy chủ này ({where}): "
                    "các máy chủ khác không thấy những gì nó ghi.",
                    hint="Đặt REDIS_URL=redis://… giống nhau trên mọi máy chủ.",
                    id="cms.W103",
                )
            )
    return problems
