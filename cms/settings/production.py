"""Production: refuses to start without a real SECRET_KEY, or with a SITE_URL
that is not a public https address."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from cms.hosts import is_loopback

from .base import *  # noqa: F403

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-"):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

# Unset, absolute URLs come from the Site records (checked by `check --deploy`,
# cms/checks.py); set, it must be the public https address.
_site = urlsplit(SITE_URL)  # noqa: F405
if SITE_URL and (_site.scheme != "https" or is_loopback(_site.hostname)):  # noqa: F405
    raise ImproperlyConfigured(
        "SITE_URL phải là địa chỉ công khai, bắt đầu bằng https:// "
        "(ví dụ https://haichau.danang.gov.vn): mã QR trên áp phích, bản tin "
        "và sơ đồ trang dùng địa chỉ này. SITE_URL must be the public https "
        f"address of the portal, not {SITE_URL!r}."  # noqa: F405
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind that proxy every connection comes from the proxy's address: login
# limits key on the address it forwards (a user name from one address).
AXES_CLIENT_IP_CALLABLE = "cms.login_limits.forwarded_client_ip"
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# X_FRAME_OPTIONS is SAMEORIGIN for Wagtail's live preview (base.py).
SILENCED_SYSTEM_CHECKS = ["security.W019"]
CSRF_TRUSTED_ORIGINS = (
    [SITE_URL] if SITE_URL else [f"https://{host}" for host in ALLOWED_HOSTS]  # noqa: F405
)
