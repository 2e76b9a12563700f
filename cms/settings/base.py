"""Settings shared by every environment.

The environment is read here and only here (see INTERFACES.md for the variables).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Everything the running site writes lives under DATA_DIR.
DATA_DIR = Path(os.environ.get("DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = os.environ.get("DJANGO_DEBUG", "0").lower() in {"1", "true", "yes", "on"}
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,127.0.0.2").split(
        ","
    )
    if host.strip()
]
# The public address of the default site (QR codes, feeds, sitemap, admin
# links), overriding its Wagtail Site record; unset, every absolute URL comes
# from the Site that serves the page (Cài đặt → Website in the admin).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# Where the first Site record points when there is no SITE_URL (make run).
DEFAULT_SITE_URL = SITE_URL or "http://127.0.0.1:8000"
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL") or None
# Set on each of several app servers behind one address: `manage.py check`
# then reports what cannot be shared between them (cms/checks.py).
SEVERAL_SERVERS = os.environ.get("SEVERAL_SERVERS", "0").lower() in {
    "1",
    "true",
    "yes",
    "on",
}

# Mail to residents (the code of their feedback, the ward's answer) and to
# staff (workflow notices): through the SMTP server EMAIL_HOST when it is
# set, else kept as files in DATA_DIR/mail (never printed into the server's
# log, which must not hold residents' addresses). `manage.py runserver`
# (cms.settings.dev) prints mail on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587
EMAIL_USE_SSL = EMAIL_PORT == 465
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cổng thông tin phường <khong-tra-loi@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The embedded search index, a folder of its own (search/engines/embedded/);
# unused when ELASTICSEARCH_URL is set.
SEARCH_INDEX_PATH = Path(
    os.environ.get("SEARCH_INDEX_PATH") or DATA_DIR / "search-index"
).resolve()

INSTALLED_APPS = [
    "cms",
    "cms.feedback",
    "directives",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security_headers.WardCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every response, and 304 when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    # Residents' pages from the page cache, before sessions, CSRF and the
    # view: a hit costs a few cache reads (cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    # The Site of the request's host from a memo per content version, not a
    # query per request (cms/sites.py).
    "cms.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A merged ward's host: every request redirected to the ward it went
    # into, before any view runs; other hosts pay one cache read
    # (cms/merged_wards.py).
    "cms.merged_wards.MergedWardMiddleware",
    # Last, as axes asks: it turns a lockout flagged during the login view
    # into the Vietnamese 429 page (cms/login_limits.py).
    "axes.middleware.AxesMiddleware",
]

# Wagtail's live preview shows the page in a same-origin iframe; DENY would
# break the editor, SAMEORIGIN still blocks framing by other sites.
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp; cms/security_headers.py). The portal
# loads nothing from elsewhere and runs no inline script or style: everything
# is a file under /static/ or /media/.
_PORTAL_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _PORTAL_CSP}
# The Wagtail admin after login (also the live preview's frame). Wagtail 8's
# widgets start themselves with inline scripts (`new PageChooser(…)`,
# `initDateChooser(…)`, InlinePanel), the modals' responses carry more, and
# its JavaScript sets inline styles: none of them carry a nonce, so the admin
# needs 'unsafe-inline' (Wagtail issue #1288). Everything else stays as
# strict as the portal's, and the login page keeps the portal's policy.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_PORTAL_CSP,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # The image uploader previews the chosen file from a blob: address.
        "img-src": [SELF, "data:", "blob:"],
    }
}
# Permissions-Policy: the portal and the admin use none of these.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Form widgets render through TEMPLATES, so templates/ can hold the project's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets gunicorn's workers read while one of them writes. SQLite has one
    # writer at a time, so the others queue: IMMEDIATE takes the write lock at
    # BEGIN, where waiting works (a deferred transaction that reads, then
    # writes, fails at once when another wrote meanwhile); `timeout` is how
    # long a writer waits, 30 s: an import holds the lock for its whole
    # transaction (about 10 documents a second), and a login during it must
    # wait, not answer 500 "database is locked" after SQLite's 5 s; yet it
    # stays under gunicorn's 60 s worker timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first.
LANGUAGE_CODE = "vi"
# Vietnamese only: staff whose browser asks for English still get the admin
# in Vietnamese (Wagtail would otherwise follow Accept-Language).
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
# Uploads (images, documents, originals). Several app servers must all see
# the same files: MEDIA_ROOT on shared storage (an NFS mount), apart from the
# rest of DATA_DIR, which each server keeps to itself.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or DATA_DIR / "media").resolve()
# The portal serves uploaded images itself (cms/media.py): a ward site has no
# separate web server. SERVE_MEDIA=0 when a reverse proxy serves MEDIA_ROOT.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "1").lower() in {"1", "true", "yes", "on"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600

# REDIS_URL set: the default cache (the content version, fragments) and the
# page cache live in Redis, shared by every worker and every machine.
# Unset: files under DATA_DIR, shared by the workers of one machine.
REDIS_URL = os.environ.get("REDIS_URL", "").strip() or None
if REDIS_URL:
    _DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
    }
    # The same store and key space as the default cache: a page-cache hit
    # reads the content version and the page in one round trip
    # (directives/caching.py `read_version_and`).
    _PAGE_CACHE = dict(_DEFAULT_CACHE)
    # One count per address for every server (Redis expires each count with
    # its window and never culls at random).
    _FEEDBACK_LIMITS = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal-feedback-limits",
    }
else:
    _DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
    }
    # Apart from the default cache, whose culling (a third of its 300 entries
    # at random when full) would otherwise throw out the content version.
    _PAGE_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "page-cache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
    _FEEDBACK_LIMITS = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "feedback-limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }

CACHES = {
    "default": _DEFAULT_CACHE,
    # Whole public pages for residents (cms/page_cache.py).
    "pages": _PAGE_CACHE,
    # The counts of the feedback limits (cms/feedback/limits.py), apart: the
    # default cache keeps 300 entries and deletes a third of them at random
    # when full, so a flood from many addresses erased the counts of one.
    # Here a count is deleted only past its window (or beyond 100,000 in
    # files).
    "feedback-limits": _FEEDBACK_LIMITS,
}

# How long a resident's page stays in the page cache at most. Every change
# to what public pages show moves the content version on (cms/page_cache.py)
# and so empties it at once; the timeout only bounds what no signal tells.
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or 300)

# Wagtail
WAGTAIL_SITE_NAME = _("Cổng thông tin phường")
# Links in notification e-mails to staff.
WAGTAILADMIN_BASE_URL = DEFAULT_SITE_URL
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin's page search, accent-insensitive (the portal's own search is
# search/: an embedded Tantivy index, or Elasticsearch with ELASTICSEARCH_URL).
# On PostgreSQL, the "simple" text search configuration: the default one is
# English, whose stop words and stemmer would drop folded Vietnamese words
# ("so", "do", "to", "an" are sổ, đỏ, tổ, An).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.admin_backend", "SEARCH_CONFIG": "simple"}
}
# The open API (/api/v2/pages/, cms/api.py): at most this many pages a request.
WAGTAILAPI_LIMIT_MAX = 100
# The API's own addresses (detail_url) on the public host, as pages' are.
WAGTAILAPI_BASE_URL = SITE_URL or None
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xlsx", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The password form of a private page or document, as a portal page.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: no request leaves the admin, no staff e-mail hash
# goes abroad; Wagtail shows its own local placeholder instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.WardLoginForm"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (cms/background.py): two queues, each a table of jobs in
# the database (django-tasks-db) run by its own `manage.py run_worker
# --backend NAME`, which `make run` starts beside gunicorn. "default": quick
# jobs once a change commits (search index first, then broadcast audio and
# posters of pages just published); "background": slow ones (reading
# scanned originals), so an hour of OCR never holds up the index. No
# request waits for either. BACKGROUND_TASKS=immediate runs every job where
# it is enqueued instead (tests, one-off scripts, a site without workers).
BACKGROUND_TASKS = os.environ.get("BACKGROUND_TASKS", "worker").strip().lower()
_TASK_BACKEND = (
    "django_tasks.backends.immediate.ImmediateBackend"
    if BACKGROUND_TASKS == "immediate"
    else "django_tasks_db.DatabaseBackend"
)
TASKS = {
    "default": {"BACKEND": _TASK_BACKEND},
    "background": {"BACKEND": _TASK_BACKEND},
}
# Broadcast audio and posters are made when a directive or notice is
# published (directives/prerender.py), by the worker when at most
# PRERENDER_ON_PUBLISH_MAX pages publish together (not an archive import),
# in-process (BACKGROUND_TASKS=immediate) only up to
# BROADCAST_AUDIO_ON_PUBLISH_MAX.
PRERENDER_ON_PUBLISH_MAX = int(os.environ.get("PRERENDER_ON_PUBLISH_MAX") or 200)
BROADCAST_AUDIO_ON_PUBLISH_MAX = 3

# import_documents writes new pages in bulk (directives/importing/bulk.py);
# IMPORT_BULK=0 writes every page one by one, the way it did before (the
# benchmark and the tests compare the two).
IMPORT_BULK = os.environ.get("IMPORT_BULK", "1").strip() != "0"

# Seconds between two attempts, per process, to apply what the search
# outbox still holds after a request (search/indexing.py); None: never.
SEARCH_HEAL_EVERY = 30
# Text extraction from uploaded originals (directives/extraction/): a file
# with more pages or bytes than this is refused before it is read; reading
# stops, its OCR killed, after EXTRACTION_TIMEOUT_S seconds.
EXTRACTION_MAX_PAGES = int(os.environ.get("EXTRACTION_MAX_PAGES") or 100)
EXTRACTION_MAX_BYTES = int(os.environ.get("EXTRACTION_MAX_BYTES") or 40 * 1024 * 1024)
EXTRACTION_TIMEOUT_S = float(os.environ.get("EXTRACTION_TIMEOUT_S") or 300)

LOGIN_URL = "wagtailadmin_login"

# Login rate limiting (django-axes; cms/login_limits.py). Failures are counted
# in the database, so every gunicorn worker sees the same count.
AUTHENTICATION_BACKENDS = [
    "cms.login_limits.WardAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cms.login_limits.WardLockoutHandler"
# Two keys, each with its own limit (WardLockoutHandler):
# - a user name from one address: AXES_FAILURE_LIMIT (5) wrong passwords lock
#   that pair only. The ward office sits behind one NAT address, so a key on
#   the address alone would let one mistyping colleague, or one attacker in
#   the office network, lock every member of staff out;
# - a user name from anywhere: LOGIN_ACCOUNT_FAILURE_LIMIT (30) lock the
#   account, so a botnet rotating addresses gets 30 guesses, not 5 per address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = 5
LOGIN_ACCOUNT_FAILURE_LIMIT = 30
# Finite: a lockout lifts by itself 15 minutes after the failure that caused
# it; failures while locked out do not prolong it (so the page's "thử lại sau
# N phút" holds). An administrator lifts it sooner (Cài đặt → Khóa đăng nhập,
# or `manage.py axes_reset_username NAME`).
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A member of staff who finally types the right password starts again at zero.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.login_limits.lockout_response"
# Axes has no Vietnamese catalog; these are its only messages a person could see.
AXES_COOLOFF_MESSAGE = _(
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau hoặc nhờ quản trị viên mở khóa."
)
AXES_PERMALOCK_MESSAGE = _(
    "Đăng nhập sai quá nhiều lần. Vui lòng nhờ quản trị viên mở khóa."
)
# No Django admin here: locks are listed and lifted in the Wagtail admin.
AXES_ENABLE_ADMIN = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "directives": {"level": "INFO"},
        "search": {"level": "INFO"},
    },
}
