"""What `search_health` reports: is the index there, and does it agree?"""

from __future__ import annotations

from . import indexing
from .backends import get_backend


def check(retry: bool = False) -> dict:
    """Index statistics beside the database's count of indexable pages.

    `ok` is false when the engine cannot be reached, when counts differ or
    when failed updates are still waiting (run with `retry=True`).
    """
    if retry:
        indexing.update_pages(())
    expected = indexing.indexable_count()
    report = {"expected_documents": expected, "pending_updates": []}
    try:
        report.update(get_backend().stats())
    except Exception as exc:  # the point is to report it
        report.update(ok=False, error=f"{type(exc).__name__}: {exc}")
        return report
    report["pending_updates"] = sorted(indexing.failed_ids())
    report["ok"] = report["documents"] == expected and not report["pending_updates"]
    return report
