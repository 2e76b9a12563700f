import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"}
    }
    env.update(DATA_DIR=str(tmp_path), **env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_vietnamese_first():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_dates_render_dd_mm_yyyy():
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2017, 2, 16)) == "16/02/2017"
        assert formats.date_format(datetime.date(2016, 9, 5), "SHORT_DATE_FORMAT") == (
            "05/09/2016"
        )


def test_data_dir_holds_what_the_site_writes():
    for path in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert Path(path).is_relative_to(settings.DATA_DIR)


def test_production_check_deploy_is_clean(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=cms.settings.production",
        env_extra={
            "SECRET_KEY": "k" * 20
            + "-a-real-long-random-production-secret-value-0123456789",
            "ALLOWED_HOSTS": "phuong.example.vn",
            "SITE_URL": "https://phuong.example.vn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "short", "dev-only-insecure-key" + "x" * 40])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret):
    result = run_manage(
        "check",
        "--settings=cms.settings.production",
        env_extra={"SECRET_KEY": secret, "ALLOWED_HOSTS": "phuong.example.vn"},
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    ["http://phuong.example.vn", "https://127.0.0.1:8000", "https://localhost"],
)
def test_production_refuses_a_loopback_or_plain_http_site_url(tmp_path, site_url):
    """QR codes on printed posters must never point at the server itself."""
    result = run_manage(
        "check",
        "--settings=cms.settings.production",
        env_extra={
            "SECRET_KEY": "k" * 20 + "-a-real-long-random-production-secret-value-0",
            "ALLOWED_HOSTS": "phuong.example.vn",
            "SITE_URL": site_url,
        },
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "SITE_URL phải là địa chỉ công khai, bắt đầu bằng https://" in result.stderr


@pytest.mark.django_db
def test_deploy_check_flags_a_site_record_on_loopback_or_http(settings, sections):
    """Without SITE_URL the Site records give every absolute URL: one left at
    the demo's 127.0.0.1:8000 fails `check --deploy`, a public one passes."""
    from wagtail.models import Site

    from cms.checks import public_site_addresses

    settings.SITE_URL = ""
    errors = public_site_addresses()
    assert [e.id for e in errors] == ["cms.E001"]
    assert "http://127.0.0.1:8000" in errors[0].msg
    Site.objects.update(hostname="haichau.danang.gov.vn", port=443)
    assert public_site_addresses() == []
    settings.SITE_URL = "https://haichau.danang.gov.vn"
    Site.objects.update(hostname="127.0.0.1", port=8000)
    assert public_site_addresses() == []


# A login in its own process, once told to: an admin's session is written
# (Django's database sessions) and so is last_login. Prints the status and
# how long it took.
LOGIN = """
import sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client

get_user_model().objects.create_superuser("quantri", "qt@example.org", "mk-dai-123456")
print("sẵn sàng", flush=True)
sys.stdin.readline()
start = time.monotonic()
response = Client(HTTP_HOST="localhost").post(
    "/admin/login/", {"username": "quantri", "password": "mk-dai-123456"}
)
print(response.status_code, round(time.monotonic() - start, 1), flush=True)
"""


def test_admin_login_during_an_import_waits_instead_of_failing(
    other_processes, tmp_path
):
    """On SQLite an import holds the write lock for its whole transaction;
    a login then waited 5 s and answered 500 "database is locked". With the
    production OPTIONS (IMMEDIATE transactions, 30 s timeout) it queues."""
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "kind": "notice",
                    "title": f"Thông báo lịch tiếp công dân số {n}",
                    "body": "Chủ tịch tiếp công dân sáng thứ Năm.",
                    "published_on": "2026-11-02",
                },
                ensure_ascii=False,
            )
            for n in range(12)
        ),
        encoding="utf-8",
    )
    login = other_processes.python(LOGIN)
    assert login.stdout.readline().strip() == "sẵn sàng", login.stderr.read()
    # About 8 s of writing left once it has begun: longer than SQLite's 5 s.
    importer = other_processes.slow_import(path, seconds_per_page=0.7)
    out, err = login.communicate("đi\n", timeout=120)
    import_out, import_err = importer.communicate(timeout=120)
    assert login.returncode == 0, err
    status, seconds = out.split()
    assert status == "302"  # logged in, to the dashboard
    assert importer.returncode == 0, import_err
    assert import_out.strip() == "12 mới, 0 cập nhật, 0 không đổi."
    if other_processes.sqlite_path:
        assert float(seconds) >= 3  # it did wait for the import
    (sessions,) = other_processes.rows("SELECT count(*) FROM django_session")
    assert sessions == (1,)


def test_tests_use_the_production_sqlite_options():
    from cms.settings import base

    if base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 30
    assert "journal_mode=WAL" in options["init_command"]
