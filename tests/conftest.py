from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file from ../shared/, or skip: outside this workplace there is none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present: ../shared/ exists only in the workplace")
    return path


@pytest.fixture
def sections(db):
    from cms.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The demo ward, loaded once per test module inside a transaction that is
    rolled back afterwards; each test's own changes roll back to a savepoint."""
    from django.core.cache import cache
    from django.db import transaction

    from cms.demo.loader import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo(_demo_module, db):
    """The demo ward (directives of the mission, notices, a campaign, users)."""


@pytest.fixture
def corpus_path():
    return shared_file("eval", "corpus.jsonl")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back rows must not live on
    in cached fragments keyed by primary keys the next test reuses."""
    from django.core.cache import cache

    cache.clear()
    yield
