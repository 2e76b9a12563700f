"""kill -9 at each phase of an import and of a rebuild, then the documented
recovery (`search_health --retry`): the database and the index agree again.

These run real `manage.py` processes on a file database of their own (a
migrated template copied per test), since a test case's transaction is
invisible to another process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.processes import ROOT, env, manage, migrated_data_dir, own_database
from tests.search.conftest import WORD

# -- kill -9 at each phase of an import and of a rebuild ----------------------

KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
import django
django.setup()
from django.core.management import call_command

phase = {phase!r}
calls = {{"n": 0}}

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def die_on_third(real):
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            die()
        return real(*args, **kwargs)
    return wrapper

from directives import importing
from search import indexing
from search.engines.embedded.engine import EmbeddedEngine

if phase == "reading":
    importing.read_records = die
elif phase == "writing":
    importing._Importer.save = die_on_third(importing._Importer.save)
elif phase == "after the database commit":
    EmbeddedEngine.apply = die
elif phase == "after the index commit":
    real_finish = EmbeddedEngine._finish
    def finish(self, writer):
        writer.commit()
        die()
    EmbeddedEngine._finish = finish
elif phase == "rebuilding":
    real_documents = indexing.documents
    def documents(ids=None, failed=None):
        for n, doc in enumerate(real_documents(ids, failed)):
            if n == 2:
                die()
            yield doc
    indexing.documents = documents
elif phase == "swapping":
    EmbeddedEngine._point_to = die

if phase in ("rebuilding", "swapping"):
    call_command("rebuild_search_index")
else:
    call_command("import_documents", sys.argv[1])
"""


def _record(n: int) -> dict:
    if n % 2:
        return {
            "kind": "notice",
            "title": f"Thông báo {WORD} số {n}",
            "body": f"Nội dung thông báo {WORD} số {n} của phường.",
            "published_on": f"2026-11-0{n % 9 + 1}",
        }
    return {
        "kind": "directive",
        "doc_type": "Chỉ thị",
        "number": f"{n}/CT-UBND",
        "issuer": "Ủy ban nhân dân phường Hải Châu",
        "signed_on": f"2026-10-0{n % 9 + 1}",
        "title": f"Về việc {WORD} lần {n}",
        "summary": f"Tóm tắt {WORD} lần {n}.",
        "body": f"Toàn văn chỉ thị {WORD} lần {n}.",
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    return migrated_data_dir(tmp_path_factory)


_manage = manage


def _health(data_dir: Path, *flags: str) -> dict:
    done = _manage(data_dir, "search_health", *flags, check=False)
    return json.loads(done.stdout)


def _searched(data_dir: Path) -> list[str]:
    script = (
        "import django; django.setup();"
        "from search.plan import Params; from search.query import search;"
        f"print('\\n'.join(h['title'] for h in search(Params(q={WORD!r})).hits))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in done.stdout.splitlines() if line)


def _kill_at(data_dir: Path, phase: str, import_file: Path) -> None:
    script = textwrap.dedent(KILLER).format(root=str(ROOT), phase=phase)
    done = subprocess.run(
        [sys.executable, "-c", script, str(import_file)],
        env=env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -9, (done.returncode, done.stderr[-2000:])


IMPORT_PHASES = [
    ("reading", 0),
    ("writing", 0),
    ("after the database commit", 6),
    ("after the index commit", 6),
]


@own_database
@pytest.mark.slow
@pytest.mark.parametrize(("phase", "written"), IMPORT_PHASES)
def test_kill_9_during_an_import_then_recovery(migrated, tmp_path, phase, written):
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    import_file = tmp_path / "import.jsonl"
    import_file.write_text(
        "\n".join(json.dumps(_record(n), ensure_ascii=False) for n in range(6)),
        encoding="utf-8",
    )
    _kill_at(data_dir, phase, import_file)

    report = _health(data_dir)
    assert report["expected_documents"] == written
    if written:
        assert report["ok"] is False
        assert report["pending_count"] >= written  # the outbox remembers
    # The documented recovery: search_health --retry applies the outbox.
    report = _health(data_dir, "--retry")
    assert report["ok"] is True, report
    assert len(_searched(data_dir)) == written
    # Importing the same file again completes it and leaves them agreeing.
    _manage(data_dir, "import_documents", str(import_file))
    assert _health(data_dir)["ok"] is True
    assert len(_searched(data_dir)) == 6


@own_database
@pytest.mark.slow
@pytest.mark.parametrize("phase", ["rebuilding", "swapping"])
def test_kill_9_during_a_rebuild_leaves_the_old_index_serving(
    migrated, tmp_path, phase
):
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    import_file = tmp_path / "import.jsonl"
    import_file.write_text(
        "\n".join(json.dumps(_record(n), ensure_ascii=False) for n in range(6)),
        encoding="utf-8",
    )
    _manage(data_dir, "import_documents", str(import_file))
    assert len(_searched(data_dir)) == 6

    _kill_at(data_dir, phase, import_file)
    assert len(_searched(data_dir)) == 6  # the old generation still serves
    assert _health(data_dir)["ok"] is True
    # A new rebuild clears what the dead one left (its folder, its marker).
    _manage(data_dir, "rebuild_search_index")
    generations = [p for p in (data_dir / "search-index").iterdir() if p.is_dir()]
    assert len(generations) <= 2, generations
    assert _health(data_dir)["ok"] is True
    assert len(_searched(data_dir)) == 6
