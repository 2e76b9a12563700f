"""A content version that changes whenever published content changes.

Cached fragments that depend on what is live (the directive filter choices)
include it in their key, so a publish anywhere makes them fresh at once, in
every worker process (the cache is shared: a file cache under DATA_DIR).
"""

from django.core.cache import cache

KEY = "portal:content-version"


def content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, 1, timeout=None)
        version = cache.get(KEY, 1)
    return version


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # expired or never set
        cache.set(KEY, 2, timeout=None)
