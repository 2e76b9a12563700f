"""Uploaded images, served by the portal itself whatever the settings.

A ward site runs on one machine: gunicorn, perhaps behind a TLS proxy that
forwards every request, and no separate web server for files. WhiteNoise
serves only the collected static files, so without this the ward logo and
every cover image would be 404s under production settings.

Only Wagtail's image folders are served: `images/` (the renditions pages
show) and `original_images/`. Documents are stored under `documents/` too,
but reach residents only through Wagtail's document view (/tai-lieu/), which
checks a collection's privacy; they are never served from here. Where a
reverse proxy serves MEDIA_ROOT itself, SERVE_MEDIA=0 turns this off.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views import static

SERVED_FOLDERS = frozenset({"images", "original_images"})
# Rendition names carry their filter and the file they come from, so a
# changed image gets a new address: a day in the browser's cache is safe.
MAX_AGE = 24 * 60 * 60


def serve_media(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] not in SERVED_FOLDERS:
        raise Http404(path)
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    # An image opened on its own is never sniffed into HTML nor runs script.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
