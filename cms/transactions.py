"""What runs once a change commits.

Residents, the search index and the workers may only act on what is
committed: a rolled-back change must leave no trace, and a long transaction
(an import of thousands of pages) must not do per row what it can do once.
"""

from __future__ import annotations

from django.db import transaction


def inside_test_case() -> bool:
    """Whether this runs inside a Django test case's transaction.

    TestCase (and pytest-django's `db`) wraps each test in a transaction that
    is rolled back, never committed, so on_commit callbacks would never run
    and nothing published in a test would become searchable. There, act at
    once instead, like an `atomic(durable=True)` check treats the test's
    transaction as absent. Never true outside tests.
    """
    blocks = getattr(transaction.get_connection(), "atomic_blocks", [])
    return any(getattr(block, "_from_testcase", False) for block in blocks)


def after_commit(func) -> None:
    """Run `func` (no arguments) once the current transaction commits; at
    once outside a transaction, and in a test case, whose transaction never
    commits. An error in `func` is logged, never raised into the commit."""
    if inside_test_case():
        func()
    else:
        transaction.on_commit(func, robust=True)


def on_commit_once(func) -> None:
    """Run `func` (no arguments) once the current transaction commits, once
    however often this is called in it; at once outside a transaction.

    A callback registered inside a savepoint that rolls back goes with it,
    so a later call registers it again.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is func for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(func, robust=True)
