"""The caches behind the page cache: Redis when REDIS_URL is set, files
under DATA_DIR otherwise; and the page cache and its invalidation against a
real Redis (skipped when none answers on 127.0.0.1:6379)."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches

from directives.caching import content_version
from directives.models import NoticeIndexPage
from tests.factories import NoticePageFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"
HEADER = "X-Page-Cache"

BACKENDS = (
    "import json; from cms.settings import base; "
    "print(json.dumps({name: [c['BACKEND'], str(c['LOCATION'])] "
    "for name, c in base.CACHES.items()}))"
)


def cache_settings(tmp_path, code=BACKENDS, **env_extra):
    """What `code` prints (JSON) about cms/settings/base.py, read in a
    process of its own with this environment."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATA_DIR=str(tmp_path), **env_extra)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_redis_url_puts_the_default_and_page_caches_in_redis(tmp_path):
    caches_ = cache_settings(tmp_path, REDIS_URL=REDIS_URL)
    redis_cache = "django.core.cache.backends.redis.RedisCache"
    assert caches_["default"] == [redis_cache, REDIS_URL]
    assert caches_["pages"] == [redis_cache, REDIS_URL]


def test_with_redis_the_page_cache_is_the_default_caches_store(tmp_path):
    """So a hit reads the content version and the page in one round trip."""
    code = (
        "import json; from cms.settings import base; "
        "print(json.dumps(base.CACHES['pages'] == base.CACHES['default']))"
    )
    assert cache_settings(tmp_path, code, REDIS_URL=REDIS_URL) is True


def test_without_redis_url_the_caches_are_files_under_data_dir(tmp_path):
    caches_ = cache_settings(tmp_path)
    file_cache = "django.core.cache.backends.filebased.FileBasedCache"
    assert caches_["default"] == [file_cache, str(tmp_path / "cache")]
    assert caches_["pages"] == [file_cache, str(tmp_path / "page-cache")]


@pytest.fixture
def real_redis(settings):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}): start redis-server to test")
    prefix = f"test-{uuid.uuid4().hex}"
    backend = "django.core.cache.backends.redis.RedisCache"
    # As cms/settings/base.py with REDIS_URL: one store, one key space.
    one_store = {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    settings.CACHES = {"default": one_store, "pages": dict(one_store)}
    settings.PAGE_CACHE_SECONDS = 300
    yield client
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.mark.django_db
def test_the_page_cache_over_redis(client, demo, real_redis):
    assert "RedisCache" in type(caches["pages"]).__name__
    assert "RedisCache" in type(caches["default"]).__name__
    section = NoticeIndexPage.objects.get(url_path__endswith="/thong-bao/")
    assert client.get("/thong-bao/")[HEADER] == "miss"
    assert client.get("/thong-bao/")[HEADER] == "hit"
    before = content_version()
    notice = NoticePageFactory(parent=section, title="Thông báo qua Redis")
    assert content_version() > before
    response = client.get("/thong-bao/")
    assert response[HEADER] == "miss" and notice.title in response.content.decode()
    assert client.get("/thong-bao/")[HEADER] == "hit"


@pytest.mark.django_db
def test_a_lost_version_never_comes_back_to_an_old_one(real_redis):
    first = content_version()
    time.sleep(0.01)
    cache.delete("portal:content-version")
    assert content_version() > first


@pytest.mark.django_db
def test_a_hit_is_one_round_trip_to_redis(client, demo, real_redis, monkeypatch):
    assert client.get("/thong-bao/")[HEADER] == "miss"
    sent = []
    send_command = redis.connection.AbstractConnection.send_command

    def counted(conn, *args, **kwargs):
        sent.append(str(args[0]).upper())
        return send_command(conn, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_command", counted)
    response = client.get("/thong-bao/")
    assert response[HEADER] == "hit"
    assert sent == ["MGET"]
