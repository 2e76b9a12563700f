"""How often one address may send: a fixed window counted in a cache.

The cache is one every gunicorn worker shares, so the limit holds across
workers: CACHES["feedback-limits"] when set (a file cache of its own under
DATA_DIR, see settings), else the default cache (Redis, or the local-memory
cache of the tests). The address itself is never stored: the key is a keyed
hash of it, and the count expires with its window.

Redis, Memcached and the local-memory cache add one atomically and keep the
key's expiry. The file cache does neither: its `incr` reads, adds one and
writes back with the default timeout (300 s), so two workers counting at
once wrote the same number, and a daily count expired five minutes after
each message. On such a cache the count is read and written under a file
lock, with its own timeout. (The default file cache also deleted a third of
its 300 entries at random when full: a flood from many addresses erased the
count of one, hence a cache apart.)
"""

import fcntl
import hashlib
import hmac
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

# (sends, seconds) per address; each window is counted on its own. Mobile
# carriers put many residents behind one address, so the limits are loose
# enough for a tổ dân phố meeting and tight enough to stop a flood.
DEFAULT_LIMITS = {
    "send": [(10, 10 * 60), (40, 24 * 60 * 60)],
    "lookup": [(30, 10 * 60)],
    "rate": [(60, 10 * 60)],
}


def client_address(request) -> str:
    """The address the login limits use too (behind the proxy in production)."""
    callable_path = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    if callable_path:
        return import_string(callable_path)(request) or ""
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, address: str, seconds: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256
    ).hexdigest()[:32]
    window = int(time.time() // seconds)
    return f"feedback-limit:{scope}:{seconds}:{window}:{digest}"


_thread_lock = threading.Lock()


def _cache():
    alias = "feedback-limits" if "feedback-limits" in settings.CACHES else "default"
    return caches[alias]


@contextmanager
def _one_at_a_time():
    """Across the threads of this process and every process on DATA_DIR."""
    path = Path(settings.DATA_DIR) / "feedback-limits.lock"
    with _thread_lock, open(path, "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _count(key: str, seconds: int) -> int:
    cache = _cache()
    if type(cache).incr is BaseCache.incr:  # not atomic (the file cache)
        with _one_at_a_time():
            count = cache.get(key, 0) + 1
            # The key names its window: kept `seconds` after its last count,
            # it outlives the window.
            cache.set(key, count, timeout=seconds)
        return count
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def allow(request, scope: str) -> bool:
    """Count one more `scope` action from this request's address; False when
    it is over any of the scope's limits."""
    limits = getattr(settings, "FEEDBACK_LIMITS", DEFAULT_LIMITS).get(scope, [])
    address = client_address(request)
    allowed = True
    for most, seconds in limits:
        if _count(_key(scope, address, seconds), seconds) > most:
            allowed = False
    return allowed
