"""The portal's commands in other processes, on a database they share with the
test: for what shows only between processes (SQLite's one writer, a unique
index, the import lock). Each process runs the development settings, whose
database OPTIONS are production's.

The test commits (`transactional_db`, the migrated rows restored after it).
On SQLite the test database lives in memory, out of other processes' reach:
they get a file copy of it (schema and migrated rows), read back through
`rows`. On PostgreSQL they share the test database itself.

Tests that kill a `manage.py` midway or serve the portal with gunicorn use
instead a database and an index of their own (`migrated_data_dir`, made once
per module and copied per test): `env`, `manage`, `own_database`.
"""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from search.engines import open_engine

ROOT = Path(__file__).resolve().parents[1]
# Settings of the test process that must not leak into the others.
PRIVATE = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DATA_DIR",
    "ELASTICSEARCH_URL",
    "SEARCH_INDEX_PATH",
}

# A real import, each page's save slowed down: it holds the import lock (and on
# SQLite the write lock) for as long as a file of a few hundred documents.
# Prints one line once it is writing.
SLOW_IMPORT = """
import sys, time
import django
django.setup()
from django.core.management import call_command
from directives import importing

save = importing._Importer.save

def slow_save(self, *args):
    report = self.report
    if not report.created + report.updated + report.unchanged:
        print("đang nhập", flush=True)
    time.sleep(float(sys.argv[2]))
    return save(self, *args)

importing._Importer.save = slow_save
call_command("import_documents", sys.argv[1])
"""


@dataclass
class OtherProcesses:
    url: str
    data_dir: Path
    sqlite_path: Path | None = None

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in PRIVATE}
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DATABASE_URL=self.url,
            DATA_DIR=str(self.data_dir),
            PYTHONPATH=str(ROOT),
        )
        return env

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def manage(self, *args: str) -> subprocess.Popen:
        return self.start("manage.py", *args)

    def python(self, code: str, *args: str) -> subprocess.Popen:
        return self.start("-c", code, *args)

    def slow_import(self, path, seconds_per_page: float) -> subprocess.Popen:
        """An import that has begun writing when this returns."""
        process = self.python(SLOW_IMPORT, str(path), str(seconds_per_page))
        line = process.stdout.readline()
        assert line.strip() == "đang nhập", line + process.stderr.read()
        return process

    def rows(self, sql: str, params=()) -> list[tuple]:
        """`sql` (with %s placeholders) on the shared database."""
        if self.sqlite_path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        with closing(sqlite3.connect(self.sqlite_path)) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()


def other_processes(tmp_path) -> OtherProcesses:
    """For a test that commits (`transactional_db`): SQLite cannot copy a
    database in the middle of a transaction."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # Their own (empty) search index, as after `make run`'s rebuild.
    open_engine(path=str(data_dir / "search-index")).rebuild([])
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return OtherProcesses(f"sqlite:///{path}", data_dir, sqlite_path=path)
    s = connection.settings_dict
    url = (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}"
        f":{s['PORT'] or 5432}/{s['NAME']}"
    )
    return OtherProcesses(url, data_dir)


# These processes use SQLite files of their own whatever the suite runs on:
# once per CI run is enough (the PostgreSQL run skips them).
own_database = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs on a SQLite database of its own: once, in the SQLite run",
)


def env(data_dir: Path, **extra: str) -> dict:
    """The environment of a process working on `data_dir` (SQLite there,
    whatever DATABASE_URL the suite itself runs with)."""
    # The index is the one under `data_dir`, wherever the suite's own is.
    mine = {"DATABASE_URL", "SEARCH_INDEX_PATH"}
    values = {k: v for k, v in os.environ.items() if k not in mine}
    values.update(
        DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_DEBUG="0",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return values


def manage(data_dir: Path, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env(data_dir),
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def gunicorn(port: int, environment: dict, **popen) -> subprocess.Popen:
    """The portal served as `make run` serves it (gunicorn with the portal's
    configuration: gthread workers; 2 of them, the same timeout), on
    127.0.0.1:`port`, with `environment` (see `env`)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "cms/gunicorn.conf.py",
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=environment,
        **popen,
    )


def migrated_data_dir(tmp_path_factory) -> Path:
    """A migrated database and an empty index (copy it before use)."""
    folder = tmp_path_factory.mktemp("migrated")
    manage(folder, "migrate", "--noinput", "-v0")
    manage(folder, "rebuild_search_index")
    return folder
