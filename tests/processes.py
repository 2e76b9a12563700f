"""Real processes on a database of their own, for tests that need them.

A test case's transaction is invisible to another process, so tests that
kill a `manage.py` midway or serve the portal with gunicorn use a file
database and an index made once (`migrated_data_dir`) and copied per test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# These processes use SQLite files of their own whatever the suite runs on:
# once per CI run is enough (the PostgreSQL run skips them).
own_database = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs on a SQLite database of its own: once, in the SQLite run",
)


def env(data_dir: Path, **extra: str) -> dict:
    """The environment of a process working on `data_dir` (SQLite there,
    whatever DATABASE_URL the suite itself runs with)."""
    values = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
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


def migrated_data_dir(tmp_path_factory) -> Path:
    """A migrated database and an empty index (copy it before use)."""
    folder = tmp_path_factory.mktemp("migrated")
    manage(folder, "migrate", "--noinput", "-v0")
    manage(folder, "rebuild_search_index")
    return folder
