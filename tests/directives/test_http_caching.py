"""HTTP caching of feeds, posters and audio: `Cache-Control` (public only for
public pages), an ETag and Last-Modified, and 304 when the client already
has this version. The poster and the audio are faked here (their rendering
is tested in test_posters.py and test_audio.py): what is tested is the
HTTP around them."""

import types

import pytest
from wagtail.models import PageViewRestriction

from directives import views
from directives.models import NoticePage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% ap phich thu\n"
MP3 = bytes(range(256)) * 40


@pytest.fixture
def notice(demo):
    return NoticePage.objects.live().first()


def fake_poster(page, size, *args, **kwargs) -> bytes:
    if size not in ("A3", "A4", "A5"):
        raise views.PosterError("Khổ giấy không hợp lệ.")
    return PDF


@pytest.fixture
def fake_renderings(monkeypatch, tmp_path):
    mp3 = tmp_path / "loa.mp3"
    mp3.write_bytes(MP3)
    monkeypatch.setattr(views, "render_poster", fake_poster)
    monkeypatch.setattr(
        views,
        "render_audio",
        lambda *args, **kwargs: types.SimpleNamespace(mp3_path=mp3, wav_path=mp3),
    )
    return mp3


@pytest.fixture
def passed_restriction(notice, monkeypatch):
    """The notice is private, and this request passed its restriction."""
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    monkeypatch.setattr(PageViewRestriction, "accept_request", lambda self, r: True)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize(
    "url",
    [
        "/feed/van-ban/rss/",
        "/feed/van-ban/atom/",
        "/feed/thong-bao/rss/",
        "/feed/thong-bao/atom/",
        "/feed/phat-thanh/",
    ],
)
def test_feeds_are_public_and_answer_304(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert cache_control(response) == {"public", "no-cache"}
    assert response["ETag"] and response["Last-Modified"]
    same = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert same.status_code == 304 and same.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    changed = client.get(url, HTTP_IF_NONE_MATCH='"khac"')
    assert changed.status_code == 200 and changed.content == response.content


def test_a_poster_is_public_and_answers_304(client, notice, fake_renderings):
    url = f"{notice.url}poster.pdf"
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert cache_control(response) == {"public", "no-cache"}
    same = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert same.status_code == 304
    assert client.get(f"{url}?size=A3", HTTP_IF_NONE_MATCH='"khac"').status_code == 200


def test_a_bad_poster_size_is_not_cached(client, notice, fake_renderings):
    response = client.get(f"{notice.url}poster.pdf?size=B9")
    assert response.status_code == 400 and "Cache-Control" not in response


def test_audio_is_public_and_answers_304_for_whole_and_ranges(
    client, notice, fake_renderings
):
    url = f"{notice.url}loa.mp3"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MP3
    assert cache_control(response) == {"public", "no-cache"}
    etag = response["ETag"]
    assert etag.startswith('"') and response["Last-Modified"]
    for method in (client.get, client.head):
        same = method(url, HTTP_IF_NONE_MATCH=etag)
        assert same.status_code == 304 and same["ETag"] == etag
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    part = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_NONE_MATCH='"khac"')
    assert part.status_code == 206 and part["ETag"] == etag
    assert b"".join(part.streaming_content) == MP3[:10]


def test_new_audio_has_a_new_etag(client, notice, fake_renderings):
    url = f"{notice.url}loa.mp3"
    before = client.get(url)["ETag"]
    fake_renderings.write_bytes(MP3 + b"x")
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_a_private_pages_poster_and_audio_are_never_public(
    client, notice, fake_renderings, passed_restriction
):
    for rendition in ("poster.pdf", "loa.mp3"):
        response = client.get(f"{notice.url}{rendition}")
        assert response.status_code == 200
        assert cache_control(response) == {"private", "no-store"}


def test_hidden_renditions_are_404_without_cache_headers(
    client, notice, fake_renderings
):
    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.LOGIN
    )
    for rendition in ("poster.pdf", "loa.mp3"):
        response = client.get(f"{notice.url}{rendition}")
        assert response.status_code == 404
        assert "public" not in response.get("Cache-Control", "")
