"""The alternative the page-serving benchmarks measure the portal against: a
bare Wagtail site, as `wagtail start` makes it, with one list of the same
size written the obvious way.

`build(size)` creates (or reuses) var/bare-wagtail-<size>/: `wagtail start
bare` (the installed Wagtail's own project template), plus an app `listing`
with a `ListingPage` whose `get_context` pages through its `ItemPage`
children as the Wagtail documentation's examples do
(`ItemPage.objects.child_of(self).live().public().order_by(...)` and
Django's Paginator, 20 a page), migrated, with <size> × 1.5 items (as many
pages as the portal's benchmark ward) under `/danh-sach/`. No cache, no
restriction, no menu: the floor of what Wagtail costs for a home page and a
list of that size on this machine. `server(port)` is its gunicorn command
(gthread, 4 threads, `make run`'s workers: the portal's own configuration),
`env()` its environment.

    .venv/bin/python bench/bare_wagtail.py [--size 6000]   # build, print URLs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from large_ward import DEFAULT_SIZE, PYTHON, ROOT, SECRET_KEY
from servers import gunicorn

WAGTAIL = ROOT / ".venv" / "bin" / "wagtail"
BUILD_FORMAT = 1
URLS = [("bare home", "/"), ("bare list", "/danh-sach/")]

LOCAL_SETTINGS = f"""from .base import INSTALLED_APPS, STORAGES

SECRET_KEY = {SECRET_KEY!r}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["listing", *INSTALLED_APPS]
# No collectstatic for a benchmark: the plain storage, not the manifest.
STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
"""

MODELS = """
from django.core.paginator import Paginator
from django.db import models
from wagtail.models import Page


class ListingPage(Page):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            ItemPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        context["items"] = Paginator(items, 20).get_page(request.GET.get("page"))
        return context


class ItemPage(Page):
    date = models.DateField()
    summary = models.TextField(blank=True)
"""

LIST_TEMPLATE = """{% extends "base.html" %}{% load wagtailcore_tags %}
{% block content %}<h1>{{ page.title }}</h1>
<p>{{ items.paginator.count }} văn bản</p>
<ul>{% for item in items %}
<li><a href="{% pageurl item %}">{{ item.title }}</a>
<p>{{ item.date|date:"d/m/Y" }} · {{ item.summary|truncatewords:30 }}</p></li>
{% endfor %}</ul>
{% if items.has_next %}
<a href="?page={{ items.next_page_number }}">Trang sau</a>{% endif %}
{% endblock %}
"""

ITEM_TEMPLATE = """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1><p>{{ page.summary }}</p>{% endblock %}
"""

FILL = """
import datetime, json, os
from wagtail.models import Site
from listing.models import ItemPage, ListingPage
size = int(os.environ["BARE_ITEMS"])
home = Site.objects.get(is_default_site=True).root_page
listing = home.add_child(instance=ListingPage(title="Danh sách", slug="danh-sach"))
day = datetime.date(2026, 12, 1)
for n in range(size):
    listing.add_child(instance=ItemPage(
        title=f"Văn bản số {n + 1}",
        slug=f"van-ban-{n + 1}",
        date=day - datetime.timedelta(days=n % 3650),
        summary="Tóm tắt nội dung văn bản chỉ đạo của phường " * 3,
    ))
print(json.dumps({"items": ItemPage.objects.live().count()}))
"""


def data_dir(size: int) -> Path:
    return ROOT / "var" / f"bare-wagtail-{size}"


def env(size: int) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATA"))
    }
    environment.pop("DATABASE_URL", None)
    environment.update(
        DJANGO_SETTINGS_MODULE="bare.settings.production",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(data_dir(size)),
    )
    return environment


def server(size: int):
    """The command (for a port) serving the bare site."""

    def command(port: int) -> list[str]:
        return gunicorn(
            port,
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            app="bare.wsgi:application",
            options=("--chdir", str(data_dir(size))),
        )

    return command


def manage(size: int, *args: str) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=data_dir(size),
        env=env(size),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build(size: int) -> dict:
    """var/bare-wagtail-<size>/, made unless a finished one is there."""
    folder = data_dir(size)
    marker = folder / "build.json"
    items = size + size // 2  # as many pages as the portal's benchmark ward
    wanted = {"format": BUILD_FORMAT, "items": items}
    if marker.exists():
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            return {**info, "reused": True}
    if folder.exists():
        shutil.rmtree(folder)  # only ever our own var/bare-wagtail-<size>
    folder.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(
        [str(WAGTAIL), "start", "bare", str(folder)],
        check=True,
        capture_output=True,
    )
    (folder / "bare" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    app = folder / "listing"
    (app / "templates" / "listing").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(MODELS)
    (app / "templates" / "listing" / "listing_page.html").write_text(LIST_TEMPLATE)
    (app / "templates" / "listing" / "item_page.html").write_text(ITEM_TEMPLATE)
    manage(size, "makemigrations", "listing")
    manage(size, "migrate", "--noinput")
    filled = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", FILL],
        cwd=folder,
        env={**env(size), "BARE_ITEMS": str(items)},
        check=True,
        capture_output=True,
        text=True,
    )
    info = {
        **wanted,
        **json.loads(filled.stdout.strip().splitlines()[-1]),
        "build_s": round(time.perf_counter() - start, 1),
    }
    marker.write_text(json.dumps(info, indent=2))
    return {**info, "reused": False}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the bare Wagtail site")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE)
    args = parser.parse_args(argv)
    info = build(args.size)
    print(f"{data_dir(args.size)}: {info}")
    print("URLs: " + ", ".join(path for _, path in URLS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
