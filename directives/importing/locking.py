"""One import at a time: a file lock on SQLite, a transaction-level advisory
lock on PostgreSQL (`exclusive_import`).
"""

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

# How long a second import waits for the first one (seconds), and how often
# it looks again.
LOCK_TIMEOUT = 600


LOCK_POLL = 0.25


# The key of the imports' PostgreSQL advisory lock ("ward-imp" as a bigint).
ADVISORY_LOCK_KEY = int.from_bytes(b"ward-imp", "big")


class ImportBusy(Exception):
    """Another import still ran when the wait ran out; nothing was written."""


@contextmanager
def exclusive_import(timeout: float | None = None, on_wait=None):
    """Run the block as the only import, waiting up to `timeout` seconds
    (LOCK_TIMEOUT by default) for one already running, calling `on_wait()`
    once so that the command can say so; then raise ImportBusy, having
    written nothing.

    Two imports at once would fail against each other: on SQLite (one writer)
    the second waits for the first's transaction only as long as the busy
    timeout, then stops with "database is locked"; on PostgreSQL, where both
    run at once, the second stops at a unique index when both create the site
    structure of an empty database or the same new issuing body. So:

    - On SQLite the database is a file on this machine, and so is the lock:
      an exclusive `flock` on DATA_DIR/import.lock, taken before the
      transaction opens, released when the block ends or the process dies.
    - On PostgreSQL imports may run on different machines (a worker, an
      operator's shell), each with its own DATA_DIR: the lock is the
      database's, a transaction-level advisory lock, taken first thing in
      the import's transaction and released at its commit or rollback. (A
      session-level lock would outlive a failed import on a pooled
      connection, and does not work behind a transaction-pooling PgBouncer.)
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:

                def try_lock() -> bool:
                    cursor.execute(
                        "SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY]
                    )
                    return cursor.fetchone()[0]

                _wait_for(try_lock, timeout, on_wait)
            yield
        return
    path = Path(settings.DATA_DIR) / "import.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:

        def try_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _wait_for(try_lock, timeout, on_wait)
        yield  # closing the file releases the lock


def _wait_for(try_lock, timeout: float, on_wait) -> None:
    deadline = time.monotonic() + timeout
    if try_lock():
        return
    if on_wait:
        on_wait()
    while time.monotonic() < deadline:
        time.sleep(LOCK_POLL)
        if try_lock():
            return
    raise ImportBusy(
        f"Một lượt nhập khác vẫn đang chạy sau {timeout:g} giây chờ: chưa nhập "
        "gì, hãy chạy lại sau (another import is still running)."
    )
