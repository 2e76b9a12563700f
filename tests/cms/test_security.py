"""Hardening (issue 18): `make run` serves with debug off, security headers,
uploaded media served under production settings."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run under a given settings module, in a fresh process: what a server sees.
PROBE = """
from django.conf import settings
from django.test import Client
import django

django.setup()
response = Client().get("/", HTTP_HOST="evil.example")
print(settings.DEBUG, response.status_code, settings.SECRET_KEY)
print(response.content.decode())
"""

DEV_PROBE = "from django.conf import settings as s; print(s.DEBUG, s.SECRET_KEY)"


def clean_env(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_DEBUG"}
    }
    env.update(DATA_DIR=str(tmp_path), **extra)
    return env


def probe(settings_module: str, tmp_path) -> tuple[bool, int, str, str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE=settings_module),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, body = result.stdout.split("\n", 1)
    debug, status, key = first.split(" ")
    return debug == "True", int(status), key, body


def make_run_settings(tmp_path) -> str:
    """The settings module `make run` serves with, as make itself resolves it
    (`-n`: nothing is run)."""
    result = subprocess.run(
        ["make", "-pn", "run"],
        cwd=ROOT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return re.findall(r"^run: DJANGO_SETTINGS_MODULE := (\S+)$", result.stdout, re.M)[0]


def test_make_run_serves_with_debug_off_and_vietnamese_error_pages(tmp_path):
    """A fresh machine, nothing set: debug off, and a bad request shows the
    portal's page, not Django's debug page with the settings."""
    module = make_run_settings(tmp_path)
    assert module == "cms.settings.local"
    debug, status, key, body = probe(module, tmp_path)
    assert not debug
    assert status == 400
    assert "<h1>Yêu cầu không hợp lệ</h1>" in body
    assert "DisallowedHost" not in body and "SECRET_KEY" not in body


def test_make_run_keeps_its_generated_secret_key(tmp_path):
    """Made once on the first run, kept private in DATA_DIR, the same after a
    restart (sessions survive; production still insists on its own)."""
    _, _, key, _ = probe("cms.settings.local", tmp_path)
    stored = tmp_path / "secret_key"
    assert stored.read_text() == key and len(key) >= 50
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert probe("cms.settings.local", tmp_path)[2] == key
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_manage_py_keeps_the_development_conveniences(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", DEV_PROBE],
        cwd=ROOT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.startswith("True dev-only-insecure-key"), result.stderr


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_error_page_is_vietnamese(status):
    page = ROOT / "templates" / f"{status}.html"
    html = page.read_text()
    assert '<html lang="vi">' in html or html.startswith('{% extends "base.html" %}')


# --- Uploaded media under production settings (cms/media.py) ---------------


@pytest.fixture
def image(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title="Logo phường", file=get_test_image_file())


def test_a_rendition_is_served_with_safe_headers(client, image, settings):
    """Debug off, as in production: the ward logo's rendition is a 200 PNG."""
    assert not settings.DEBUG
    rendition = image.get_rendition("max-160x160")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(image.file.url).status_code == 200


def test_documents_are_never_served_from_media(client, db, settings):
    """Their privacy is checked by Wagtail's document view, not here."""
    folder = Path(settings.MEDIA_ROOT) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bien-ban.pdf").write_bytes(b"%PDF-1.4 noi bo")
    for path in ("documents/bien-ban.pdf", "images/../documents/bien-ban.pdf"):
        response = client.get(f"/media/{path}")
        assert response.status_code == 404, path
        assert b"noi bo" not in response.content


def test_serve_media_off_leaves_media_to_the_proxy(client, image, settings):
    import importlib

    from django.urls import clear_url_caches

    import cms.urls

    url = image.get_rendition("max-160x160").url
    settings.SERVE_MEDIA = False
    try:
        importlib.reload(cms.urls)
        clear_url_caches()
        assert client.get(url).status_code == 404
    finally:
        settings.SERVE_MEDIA = True
        importlib.reload(cms.urls)
        clear_url_caches()


# --- Security headers (cms/security_headers.py, cms/gunicorn.conf.py) -------


def policy(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: set(values)
        for name, *values in (part.split() for part in header.split(";"))
    }


def test_the_portal_allows_no_inline_script_or_style(client, demo):
    for url in ("/", "/tim-kiem/?q=chi+thi", "/khong-co-trang-nay/"):
        csp = policy(client.get(url))
        assert csp["script-src"] == {"'self'"}, url
        assert csp["style-src"] == {"'self'"}, url
        assert csp["object-src"] == {"'none'"}
        assert csp["frame-ancestors"] == {"'self'"}
        assert csp["base-uri"] == csp["form-action"] == {"'self'"}


def test_the_admin_has_its_own_looser_policy_but_not_its_login(client, demo):
    login = policy(client.get("/admin/login/"))
    assert login["script-src"] == {"'self'"}
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    admin = policy(client.get("/admin/pages/"))
    assert admin["script-src"] == admin["style-src"] == {"'self'", "'unsafe-inline'"}
    assert admin["img-src"] == {"'self'", "data:", "blob:"}
    assert admin["object-src"] == {"'none'"}
    assert "'unsafe-eval'" not in admin["script-src"]


def test_permissions_policy_turns_off_what_the_portal_never_uses(client, demo):
    header = client.get("/")["Permissions-Policy"]
    features = dict(item.split("=") for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_make_run_uses_the_committed_gunicorn_config(tmp_path):
    result = subprocess.run(
        ["make", "-n", "run"],
        cwd=ROOT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "gunicorn cms.wsgi:application --config cms/gunicorn.conf.py" in (
        result.stdout
    )


@pytest.mark.slow
def test_gunicorn_sends_no_server_banner(tmp_path):
    """gunicorn with the config `make run` uses, under its settings."""
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--config",
            "cms/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="cms.settings.local"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": "evil.example"}
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError as error:
                response = error
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert response.status == 400
        assert response.headers["Server"] is None
        assert "Yêu cầu không hợp lệ" in response.read().decode()
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "camera=()" in response.headers["Permissions-Policy"]
    finally:
        server.terminate()
        server.wait(timeout=30)
