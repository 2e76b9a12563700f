"""Two imports at once: the second waits for the first (or stops clearly when
the wait runs out), and an issuing body that both files name is created once.

Before the import lock the second import stopped with a traceback: "database
is locked" on SQLite, a unique violation on the new issuer on PostgreSQL."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from directives import importing
from directives.importing import locking
from directives.models import DirectivePage, IssuingBody

ISSUER = "Ủy ban nhân dân phường Thử Nghiệm"


def plan(number: int) -> dict:
    return {
        "kind": "directive",
        "doc_type": "Kế hoạch",
        "number": f"{number}/KH-UBND",
        "issuer": ISSUER,
        "signed_on": "2026-03-02",
        "title": f"Kế hoạch thử nghiệm số {number}",
        "summary": "Các tổ dân phố ra quân dọn vệ sinh.",
        "body": "Đoạn một.\n\nĐoạn hai.",
    }


def write_plans(path, numbers):
    path.write_text(
        "\n".join(json.dumps(plan(n), ensure_ascii=False) for n in numbers),
        encoding="utf-8",
    )
    return path


def test_second_import_waits_for_the_first_and_both_succeed(other_processes, tmp_path):
    first = write_plans(tmp_path / "a.jsonl", range(1, 13))
    second = write_plans(tmp_path / "b.jsonl", range(20, 23))
    # The first holds the lock for about 8 s: longer than SQLite's old 5 s wait.
    holder = other_processes.slow_import(first, seconds_per_page=0.7)
    waiter = other_processes.manage("import_documents", str(second))
    out2, err2 = waiter.communicate(timeout=180)
    out1, err1 = holder.communicate(timeout=180)
    assert (holder.returncode, waiter.returncode) == (0, 0), err1 + err2
    assert err2 == "Đang có một lượt nhập khác, đang chờ…\n"
    assert out1.strip() == "12 mới, 0 cập nhật, 0 không đổi."
    assert out2.strip() == "3 mới, 0 cập nhật, 0 không đổi."
    (issuers,) = other_processes.rows(
        "SELECT id FROM directives_issuingbody WHERE name = %s", [ISSUER]
    )
    rows = other_processes.rows(
        "SELECT issuer_id FROM directives_directivepage WHERE number LIKE %s",
        ["%/KH-UBND"],
    )
    assert sorted(rows) == [issuers] * 15


@pytest.mark.django_db
def test_an_import_that_waits_too_long_stops_clearly(tmp_path, sections, monkeypatch):
    """A second import that still finds the first running after LOCK_TIMEOUT
    writes nothing and says so, in one line."""
    held, release = threading.Event(), threading.Event()

    def first_import():
        try:
            with importing.exclusive_import():
                held.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=first_import)
    thread.start()
    try:
        assert held.wait(30)
        monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.5)
        out, err = io.StringIO(), io.StringIO()
        path = write_plans(tmp_path / "in.jsonl", [1])
        with pytest.raises(SystemExit) as exit_:
            call_command("import_documents", str(path), stdout=out, stderr=err)
    finally:
        release.set()
        thread.join()
    assert exit_.value.code == 1
    assert err.getvalue() == (
        "Đang có một lượt nhập khác, đang chờ…\n"
        "Một lượt nhập khác vẫn đang chạy sau 0.5 giây chờ: chưa nhập gì, "
        "hãy chạy lại sau (another import is still running).\n"
    )
    assert not DirectivePage.objects.exists()
    assert not IssuingBody.objects.filter(name=ISSUER).exists()


def test_an_issuing_body_created_by_two_transactions_at_once_is_one(
    transactional_db, django_db_serialized_rollback
):
    """The importer's get-or-create, against a transaction that creates the
    same name and commits while this one waits at the unique index."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: the second transaction waits at BEGIN")
    created, commit = threading.Event(), threading.Event()
    found = {}

    def other():
        try:
            with transaction.atomic():
                found["other"] = IssuingBody.for_name(ISSUER).pk
                created.set()
                commit.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert created.wait(30)
    threading.Timer(0.5, commit.set).start()
    with transaction.atomic():
        body = IssuingBody.for_name(ISSUER)  # waits, then reads the other's row
    thread.join()
    assert body.pk == found["other"]
    assert IssuingBody.objects.filter(name=ISSUER).count() == 1
