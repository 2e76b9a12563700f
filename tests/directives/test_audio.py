"""Broadcast audio: loa.mp3 (loudness, peaks, size, mono), its honest duration
on the page, the ward's voice and rate, byte ranges, the RSS feed with MP3
enclosures, rendering on publish and by command, and what is never served.

Decoded with miniaudio (test dependency); loudness measured with pyloudnorm
(ITU-R BS.1770), as the portal itself does."""

import datetime
import io
import re
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import miniaudio
import numpy as np
import pyloudnorm
import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction, Site

from cms.models import WardSettings
from directives.loudspeaker import speech
from directives.models import DirectivePage, NoticePage
from tests.factories import DirectivePageFactory, NoticePageFactory

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng not installed: apt-get install espeak-ng (make test, as root)",
)
PEAK_LIMIT = 32767 * 10 ** (-0.5 / 20)  # nothing at or near 0 dBFS
DURATION = re.compile(r"Thời lượng: (?:(\d+) phút )?(\d+) giây")


@pytest.fixture
def audio_dir(settings, tmp_path):
    """A cache of this test's own: nothing rendered before it starts."""
    settings.DATA_DIR = tmp_path
    return tmp_path / "audio"


def ward():
    return WardSettings.for_site(Site.objects.get(is_default_site=True))


def decode(data: bytes):
    """(int16 samples, sample rate, channels) of an MP3, as stored."""
    decoded = miniaudio.mp3_read_s16(data)
    samples = np.frombuffer(decoded.samples, dtype=np.int16)
    return samples, decoded.sample_rate, decoded.nchannels


def served(client, url, **headers):
    response = client.get(url, **headers)
    return response, b"".join(response.streaming_content)


@needs_espeak
@pytest.mark.django_db
def test_mp3_is_mono_small_at_minus_16_lufs_without_clipping(client, demo, audio_dir):
    page = DirectivePage.objects.get(number="29-CT/TU")
    response, data = served(client, f"{page.url}loa.mp3")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert int(response["Content-Length"]) == len(data)
    assert response["Accept-Ranges"] == "bytes"
    samples, rate, channels = decode(data)
    assert channels == 1
    minutes = len(samples) / rate / 60
    assert len(data) / minutes <= 400_000, "more than 0.4 MB a minute"
    lufs = pyloudnorm.Meter(rate).integrated_loudness(samples / 32768.0)
    assert abs(lufs - (-16.0)) <= 1.0, lufs
    assert np.abs(samples.astype(np.int32)).max() < PEAK_LIMIT
    # The WAV beside it is the same speech, also normalised.
    response, wav = served(client, f"{page.url}loa.wav")
    assert response["Content-Type"] == "audio/wav" and wav[:4] == b"RIFF"
    pcm, wav_rate = speech.processing.read_wav(wav)
    assert abs(len(pcm) / wav_rate - len(samples) / rate) < 0.2
    assert np.abs(pcm).max() <= 10 ** (-1 / 20)


@needs_espeak
@pytest.mark.django_db
def test_page_shows_the_duration_of_the_audio(client, demo, audio_dir):
    page = NoticePage.objects.live().first()
    before = client.get(page.url).content.decode()
    assert "Đọc trên loa khoảng" in before and "ước tính" in before
    assert not DURATION.search(before)
    assert speech.audio_info(page, ward()) is None  # looking renders nothing
    assert not audio_dir.exists() or not any(audio_dir.iterdir())

    _, data = served(client, f"{page.url}loa.mp3")
    samples, rate, _ = decode(data)
    html = client.get(page.url).content.decode()
    minutes, seconds = DURATION.search(html).groups()
    shown = int(minutes or 0) * 60 + int(seconds)
    assert abs(shown - len(samples) / rate) <= 1
    assert '<audio controls preload="none"' in html
    assert f'<source src="{page.url}loa.mp3" type="audio/mpeg">' in html
    assert f'<source src="{page.url}loa.wav" type="audio/wav">' in html
    assert 'aria-label="Bản đọc trên loa truyền thanh"' in html
    assert "Tải bản đọc (MP3," in html
    announcer = client.get(f"{page.url}loa.html").content.decode()
    assert DURATION.search(announcer).groups() == (minutes, seconds)
    assert "<audio controls" in announcer

    info = speech.audio_info(page, ward())
    assert info.mp3_bytes == len(data)
    assert info.mp3_url == f"{page.url}loa.mp3"
    assert abs(info.duration_s - len(samples) / rate) <= 0.2


@needs_espeak
@pytest.mark.django_db
def test_voice_and_rate_come_from_the_ward_settings(demo, audio_dir):
    page = NoticePage.objects.live().first()
    settings = ward()
    script = page.broadcast_script(settings)
    north = speech.render_audio(page, settings)
    # The audio is read at the ward's rate: the estimate and the audio agree.
    words_per_minute = script.word_count / (north.duration_s / 60)
    assert abs(words_per_minute - settings.speaking_rate) <= 0.15 * 110

    settings.broadcast_voice = "vi-vn-x-central"
    central = speech.render_audio(page, settings)
    assert central.key != north.key
    assert central.mp3_path.read_bytes() != north.mp3_path.read_bytes()

    settings.speaking_rate = 160
    faster = speech.render_audio(page, settings)
    assert faster.key != central.key
    assert faster.duration_s < 0.8 * central.duration_s
    # Nothing of the earlier renderings was replaced.
    assert north.mp3_path.exists() and central.mp3_path.exists()


@needs_espeak
@pytest.mark.django_db
def test_byte_ranges_for_seeking(client, demo):
    page = NoticePage.objects.live().first()
    _, whole = served(client, f"{page.url}loa.mp3")
    response, part = served(client, f"{page.url}loa.mp3", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert response["Content-Length"] == "100" and part == whole[100:200]
    response, tail = served(client, f"{page.url}loa.mp3", HTTP_RANGE="bytes=-50")
    assert response.status_code == 206 and tail == whole[-50:]
    response, rest = served(client, f"{page.url}loa.mp3", HTTP_RANGE="bytes=1000-")
    assert rest == whole[1000:]
    response = client.get(f"{page.url}loa.mp3", HTTP_RANGE=f"bytes={len(whole)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(whole)}"


@pytest.mark.django_db
def test_mp3_without_engine_is_a_503_that_says_what_to_install(
    client, demo, monkeypatch, audio_dir
):
    monkeypatch.setattr("directives.loudspeaker.speech.shutil.which", lambda name: None)
    page = NoticePage.objects.live().first()
    response = client.get(f"{page.url}loa.mp3")
    assert response.status_code == 503
    assert "Chưa cài bộ đọc tiếng Việt" in response.content.decode()
    # The page shows the estimate and no player that could only fail.
    html = client.get(page.url).content.decode()
    assert "<audio" not in html and "ước tính" in html


def hidden_pages(sections):
    parent = sections["DirectiveIndexPage"]
    draft = DirectivePageFactory(parent=parent, number="801/CT-UBND", live=False)
    private = DirectivePageFactory(parent=parent, number="802/CT-UBND")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    notices = sections["NoticeIndexPage"]
    expired = NoticePageFactory(
        parent=notices,
        title="Thông báo đã hết hạn về cắt điện",
        published_on=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 1, 31),
    )
    return parent, draft, private, expired


def feed(client):
    response = client.get("/feed/phat-thanh/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    return channel


@pytest.mark.django_db
def test_hidden_pages_never_appear_in_the_feed_nor_serve_mp3(
    client, sections, audio_dir
):
    parent, draft, private, expired = hidden_pages(sections)
    live = DirectivePageFactory(parent=parent, number="803/CT-UBND")
    channel = feed(client)
    links = [item.findtext("link") for item in channel.iter("item")]
    assert any(link.endswith(live.url) for link in links)
    for hidden in (private, expired):
        assert not any(link.endswith(hidden.url) for link in links), hidden.url
    assert not any(draft.slug in link for link in links)
    assert client.get(f"{parent.url}{draft.slug}/loa.mp3").status_code == 404
    assert client.get(f"{private.url}loa.mp3").status_code == 404
    assert client.get(f"{parent.url}loa.mp3").status_code == 404


@needs_espeak
@pytest.mark.django_db
def test_feed_is_rss_2_with_enclosures_of_the_real_mp3_length(client, demo):
    rendered = NoticePage.objects.live().first()
    _, data = served(client, f"{rendered.url}loa.mp3")
    channel = feed(client)
    assert "Phát thanh" in channel.findtext("title")
    assert channel.findtext("language") == "vi"
    items = list(channel.iter("item"))
    assert 1 <= len(items) <= 20
    enclosures = 0
    for item in items:
        for required in ("title", "link", "description", "pubDate", "guid"):
            assert item.findtext(required), required
        enclosure = item.find("enclosure")
        if enclosure is None:
            continue
        enclosures += 1
        assert enclosure.get("type") == "audio/mpeg"
        url = urlsplit(enclosure.get("url"))
        assert url.scheme in ("http", "https") and url.path.endswith("/loa.mp3")
        response, mp3 = served(client, url.path)
        assert int(enclosure.get("length")) == len(mp3) > 0
    assert enclosures >= 1
    ours = [i for i in items if i.findtext("link").endswith(rendered.url)]
    assert ours and int(ours[0].find("enclosure").get("length")) == len(data)
    # The page says where the feed is.
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html and "/feed/phat-thanh/" in html


@needs_espeak
@pytest.mark.django_db
def test_publishing_renders_the_audio(
    sections, audio_dir, django_capture_on_commit_callbacks
):
    parent = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=parent, number="804/CT-UBND", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    info = speech.audio_info(page, ward())
    assert info is not None and info.duration_s > 5


@pytest.mark.django_db
def test_publishing_without_engine_still_publishes(
    sections, audio_dir, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("directives.loudspeaker.speech.shutil.which", lambda name: None)
    parent = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=parent, number="805/CT-UBND", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    assert speech.audio_info(page, ward()) is None


@needs_espeak
@pytest.mark.django_db
def test_render_broadcast_audio_command(demo, audio_dir):
    page = NoticePage.objects.live().first()
    out = io.StringIO()
    call_command("render_broadcast_audio", "--page", str(page.pk), stdout=out)
    assert "Đã tạo 1 bản đọc" in out.getvalue()
    assert re.search(r"\d+ (phút \d\d )?giây", out.getvalue())
    assert speech.audio_info(page, ward()) is not None
    out = io.StringIO()
    call_command("render_broadcast_audio", "--page", str(page.pk), stdout=out)
    assert "0 bản đọc, 1 bản đã có sẵn" in out.getvalue()


def test_duration_is_written_in_minutes_and_seconds():
    assert speech.format_duration(185.4) == "3 phút 05 giây"
    assert speech.format_duration(44.6) == "44 giây"  # as players count
    assert speech.format_duration(60) == "1 phút 00 giây"


def test_limiter_keeps_peaks_under_the_ceiling_at_the_target_loudness():
    rate = 22050
    t = np.arange(rate * 6) / rate
    # Quiet speech-like tone with loud bursts: the gain the level needs
    # would clip the bursts, so the limiter must take them down.
    signal = 0.05 * np.sin(2 * np.pi * 220 * t)
    signal[rate : rate + 2000] = 0.99 * np.sin(2 * np.pi * 440 * t[:2000])
    result = speech.processing.normalise(signal, rate)
    assert abs(result.loudness_lufs - (-16.0)) <= 0.5
    assert result.peak_dbfs <= -1.9
