"""Settings for the test suite: fast hashing, isolated DATA_DIR, no manifest."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="ward-test-"))
# The search index commits (fsync) on every publish: in memory when possible.
_shm = Path("/dev/shm")
SEARCH_INDEX_PATH = Path(
    tempfile.mkdtemp(prefix="ward-search-", dir=_shm if _shm.is_dir() else None)
)
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# Off, except in the page cache's own tests (tests/cms/test_page_cache.py):
# elsewhere tests change rows without signals and read pages again.
PAGE_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Healing after requests is tested on its own (tests/search/test_healing.py);
# elsewhere it would add a query to whichever request comes first.
SEARCH_HEAL_EVERY = None
# Slow jobs run where they are enqueued (a worker's queue is tested on its own).
BACKGROUND_TASKS = "immediate"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database is in memory (WAL does not apply there), with the
    # production OPTIONS otherwise: the same IMMEDIATE transactions and
    # timeout. tests/processes.py copies it to a file for tests across
    # processes.
    DATABASES["default"]["NAME"] = DATA_DIR / "test.sqlite3"  # noqa: F405
# Close connections after each request: the live server's threads must not keep
# the test database open when it is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
