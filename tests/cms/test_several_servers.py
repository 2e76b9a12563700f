"""Settings for several app servers: MEDIA_ROOT from the environment, and
the check that reports what one machine keeps to itself (cms/checks.py)."""

from django.db import connection

from cms.checks import several_servers, unshared

from .test_settings import run_manage

SHARED = {
    "databases": {"default": {"ENGINE": "django.db.backends.postgresql"}},
    "search_url": "http://search.internal:9200",
    "caches": {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        "feedback-limits": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
    },
}


def test_one_server_is_not_checked(settings):
    settings.SEVERAL_SERVERS = False
    settings.ELASTICSEARCH_URL = None
    assert several_servers() == []
    settings.SEVERAL_SERVERS = True  # the tests' embedded index and locmem cache
    ids = [p.id for p in several_servers()]
    # One W103 for each of the tests' caches kept in this machine.
    assert "cms.E102" in ids and ids.count("cms.W103") == len(settings.CACHES)
    assert ("cms.E101" in ids) == (connection.vendor == "sqlite")


def test_what_one_machine_keeps_is_reported():
    problems = unshared(
        {"default": {"ENGINE": "django.db.backends.sqlite3"}},
        None,
        {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache"
            },
            "feedback-limits": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
            },
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        },
    )
    assert [(p.id, p.level >= 40) for p in problems] == [
        ("cms.E101", True),
        ("cms.E102", True),
        ("cms.W103", False),
        ("cms.W103", False),
    ]
    assert problems[0].msg == (
        "Cơ sở dữ liệu là SQLite, một tệp trên máy chủ này: "
        "các máy chủ khác không thấy dữ liệu của nó."
    )
    assert problems[3].msg == (
        "Bộ nhớ đệm “pages” nằm trên máy chủ này (bộ nhớ của tiến trình): "
        "các máy chủ khác không thấy những gì nó ghi."
    )
    assert problems[2].hint == "Đặt REDIS_URL=redis://… giống nhau trên mọi máy chủ."


def test_shared_database_search_and_caches_pass():
    assert unshared(**SHARED) == []


def test_the_environment_sets_several_servers_and_media_root(tmp_path):
    """Through the environment, as a server starts: SEVERAL_SERVERS=1 on
    SQLite fails `manage.py check`; MEDIA_ROOT moves uploads off DATA_DIR."""
    shared = tmp_path / "nfs" / "media"
    show = "from django.conf import settings; print('MEDIA_ROOT', settings.MEDIA_ROOT)"
    moved = run_manage(
        "shell", "-c", show, env_extra={"MEDIA_ROOT": str(shared)}, tmp_path=tmp_path
    )
    assert f"MEDIA_ROOT {shared}\n" in moved.stdout
    default = run_manage("shell", "-c", show, env_extra={}, tmp_path=tmp_path)
    assert f"MEDIA_ROOT {tmp_path.resolve() / 'media'}\n" in default.stdout
    check = run_manage("check", env_extra={"SEVERAL_SERVERS": "1"}, tmp_path=tmp_path)
    assert check.returncode == 1
    assert "(cms.E101) Cơ sở dữ liệu là SQLite" in check.stderr
    alone = run_manage("check", env_extra={}, tmp_path=tmp_path)
    assert alone.returncode == 0, alone.stderr
