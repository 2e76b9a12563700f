"""Import directives, procedures, notices and articles from JSON Lines (see
INTERFACES.md and the README).

The whole file is read and checked before anything is written (`records`),
and everything is written in one transaction (`writer`): a bad line leaves
the database as it was. One import runs at a time (`locking`): a second one
waits for the first.
"""

from pathlib import Path

from django.db import transaction

from cms import background

from .locking import ImportBusy, exclusive_import
from .records import ImportLineError, Record, parse_record, read_records
from .writer import ImportReport, _Importer, index_updates_deferred

__all__ = [
    "ImportBusy",
    "ImportLineError",
    "ImportReport",
    "Record",
    "_Importer",
    "exclusive_import",
    "import_file",
    "import_records",
    "index_updates_deferred",
    "parse_record",
    "read_records",
]


def import_records(
    path: str,
    records: list[Record],
    *,
    dry_run=False,
    lock_timeout: float | None = None,
    on_wait=None,
    site=None,
) -> ImportReport:
    # Whether the worker indexes the pages is asked once the lock is ours,
    # before the transaction (cms.background.worker_decided).
    with (
        exclusive_import(lock_timeout, on_wait),
        background.worker_decided("default") as worker_indexes,
        transaction.atomic(),
        index_updates_deferred() as touched,
    ):
        report = _Importer(path, dry_run, site, touched).run(records)
        report.indexed_by_worker = worker_indexes and not dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(
    path: str | Path,
    *,
    dry_run: bool = False,
    lock_timeout: float | None = None,
    on_wait=None,
    site=None,
) -> ImportReport:
    """Import a JSON Lines file atomically, after any import already running;
    raises ImportLineError on a bad line, ImportBusy when the wait runs out.
    `site`: the ward (a Wagtail Site) to import into; None: the default."""
    records = read_records(path)
    return import_records(
        str(path),
        records,
        dry_run=dry_run,
        lock_timeout=lock_timeout,
        on_wait=on_wait,
        site=site,
    )
