"""How often one address may send: a fixed window counted in Django's cache.

The cache is the one every gunicorn worker shares (the file cache under
DATA_DIR, or Redis), so the limit holds across workers. The address itself
is never stored: the key is a keyed hash of it, and the count expires with
its window.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
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


def _count(key: str, seconds: int) -> int:
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
