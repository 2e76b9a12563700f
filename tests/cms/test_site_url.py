"""One host throughout: with SITE_URL set, every absolute address the portal
writes (feeds, JSON-LD, the open API) names it, even when the Site record
still has the address it was created with."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Site

from cms.site_structure import follow_site_url
from directives.models import NoticePage

PUBLIC = "https://phuong.example.vn"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def public_site_url(settings, demo):
    """SITE_URL set after the site was made (the demo's Site is 127.0.0.1:8000)."""
    settings.SITE_URL = PUBLIC
    settings.WAGTAILAPI_BASE_URL = PUBLIC
    Site.clear_site_root_paths_cache()
    yield
    Site.clear_site_root_paths_cache()


def addresses(text: str) -> set[str]:
    return set(re.findall(r"https?://[^/\"'<> ]+", text))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feed/thong-bao/atom/", "/feed/van-ban/atom/"])
def test_atom_feeds_name_site_url_only(client, public_site_url, url):
    feed = ElementTree.fromstring(client.get(url).content)
    assert feed.find(f"{ATOM}id").text.startswith(f"{PUBLIC}/")
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert f"{PUBLIC}{url}" in hrefs  # rel="self"
    assert {h.split("/", 3)[2] for h in hrefs} == {"phuong.example.vn"}


@pytest.mark.django_db
def test_notice_feed_dates_entries_by_the_notice(client, demo):
    feed = ElementTree.fromstring(client.get("/feed/thong-bao/atom/").content)
    notice = NoticePage.objects.visible().first()
    entry = next(
        e
        for e in feed.findall(f"{ATOM}entry")
        if e.find(f"{ATOM}title").text == notice.title
    )
    published = entry.find(f"{ATOM}published").text
    assert published.startswith(notice.published_on.isoformat())


@pytest.mark.django_db
def test_json_ld_names_site_url_for_the_ward(client, public_site_url):
    notice = NoticePage.objects.visible().first()
    html = client.get(notice.url).content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert blocks
    hosts = set().union(*(addresses(json.dumps(json.loads(b))) for b in blocks))
    assert hosts - {"https://schema.org"} == {PUBLIC}


@pytest.mark.django_db
def test_api_detail_urls_name_site_url(client, public_site_url):
    data = client.get("/api/v2/pages/?type=directives.NoticePage").json()
    assert data["items"]
    for item in data["items"]:
        assert item["meta"]["detail_url"].startswith(f"{PUBLIC}/api/v2/pages/")
        assert item["meta"]["html_url"].startswith(f"{PUBLIC}/")


@pytest.mark.django_db
def test_migrate_moves_the_default_site_to_site_url(client, public_site_url):
    follow_site_url()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("phuong.example.vn", 443)
    # Addresses built from a plain Page (the API's search, a parent) follow.
    data = client.get("/api/v2/pages/?search=tạm trú").json()
    assert data["items"]
    assert {addresses(item["meta"]["html_url"]).pop() for item in data["items"]} == {
        PUBLIC
    }


@pytest.mark.django_db
def test_without_site_url_the_site_record_stays(settings, demo):
    settings.SITE_URL = ""
    follow_site_url()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


@pytest.mark.django_db
def test_post_migrate_runs_follow_site_url(settings, demo):
    """What `migrate` sends at its end moves the default Site to SITE_URL."""
    settings.SITE_URL = PUBLIC
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("phuong.example.vn", 443)
