"""What `search_health` reports and repairs: does the index agree with the
database, page by page?

The database is the truth. The index should hold exactly the live, public
pages, each built from its current live revision (the document's `stamp`)
and under the site that holds it now (a page moved to another ward keeps its
revision). `check()` compares the two sets, the stamps and the sites; with
`repair=True` it applies the outbox, rebuilds an index that is missing or
unreadable, and re-indexes every page that is missing, extra or stale.
"""

from __future__ import annotations

import logging

from wagtail.models import Site

from . import indexing
from .builder import place
from .engines import get_engine
from .engines.base import SearchUnavailable

logger = logging.getLogger(__name__)
SAMPLE = 20  # ids listed per kind of difference


def expected_stamps() -> dict[int, tuple[int, int]]:
    """{page id: (live revision id, site)} of every page the index should hold."""
    stamps = {}
    roots = Site.get_site_root_paths()
    for model in indexing.indexed_models():
        rows = model.objects.for_residents(expired_too=True).values_list(
            "pk", "live_revision_id", "url_path"
        )
        stamps.update(
            (pk, (revision or 0, place(url_path, roots)[0]))
            for pk, revision, url_path in rows.iterator()
        )
    return stamps


def indexed_stamps(engine) -> dict[int, tuple[int, int]]:
    """{page id: (stamp, site)} of every document in the index."""
    sites = engine.doc_sites()
    return {pk: (stamp, sites.get(pk)) for pk, stamp in engine.doc_stamps().items()}


def differences(expected: dict, indexed: dict) -> dict:
    missing = expected.keys() - indexed.keys()
    extra = indexed.keys() - expected.keys()
    stale = {
        pk for pk in expected.keys() & indexed.keys() if expected[pk] != indexed[pk]
    }
    return {"missing": missing, "extra": extra, "stale": stale}


def check(retry: bool = False, repair: bool = False) -> dict:
    """The report: counts, differences (with a sample of ids), the outbox.

    `ok` is false when the index cannot be read, when it differs from the
    database, or when updates are still waiting in the outbox.
    """
    repaired: list[str] = []
    if retry or repair:
        indexing.drain(wait=indexing.COMMAND_WAIT)
    engine = get_engine()
    try:
        indexed = indexed_stamps(engine)
    except SearchUnavailable as exc:
        if not repair or indexing.rebuild_in_progress():
            # Another rebuild is already on it: its swap is the repair.
            return _report(expected_stamps(), None, error=exc)
        logger.error("search index unavailable, rebuilding it: %s", exc)
        indexing.rebuild()
        repaired.append("rebuilt")
        indexed = indexed_stamps(engine)
    expected = expected_stamps()
    if repair:
        wrong = set().union(*differences(expected, indexed).values())
        if wrong:
            logger.warning("search index differs on %s pages; repairing", len(wrong))
            indexing.update_pages(wrong, wait=indexing.COMMAND_WAIT)
            repaired.append(f"reindexed {len(wrong)}")
            indexed = indexed_stamps(engine)
            expected = expected_stamps()
    return _report(expected, indexed, repaired=repaired)


def _report(expected, indexed, error=None, repaired=()) -> dict:
    report = {
        "expected_documents": len(expected),
        "pending_updates": indexing.pending_ids(),
        "pending_count": indexing.pending_count(),
        "repaired": list(repaired),
    }
    if error is not None:
        report.update(ok=False, error=f"{type(error).__name__}: {error}")
        return report
    try:
        report.update(get_engine().stats())
    except SearchUnavailable as exc:  # vanished since doc_stamps()
        report.update(ok=False, error=f"{type(exc).__name__}: {exc}")
        return report
    diff = differences(expected, indexed)
    for name, ids in diff.items():
        report[name] = len(ids)
        report[f"{name}_sample"] = sorted(ids)[:SAMPLE]
    report["ok"] = not any(diff.values()) and not report["pending_count"]
    return report
