"""What runs once a change commits (cms/transactions.py), in real
transactions: these tests commit."""

import pytest
from django.db import transaction

from cms.site_structure import ensure_site_structure
from cms.transactions import inside_test_case, on_commit_once
from directives.caching import content_version
from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

calls = []


def note():
    calls.append("ran")


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def test_once_per_transaction_after_it_commits():
    assert not inside_test_case()
    with transaction.atomic():
        for _ in range(3):
            on_commit_once(note)
        assert calls == []
    assert calls == ["ran"]


def test_at_once_outside_a_transaction():
    on_commit_once(note)
    assert calls == ["ran"]


def test_registered_again_after_a_savepoint_rolls_back():
    with transaction.atomic():
        try:
            with transaction.atomic():
                on_commit_once(note)
                raise RuntimeError("hủy")
        except RuntimeError:
            pass
        on_commit_once(note)
    assert calls == ["ran"]


def test_nothing_after_a_rollback():
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            on_commit_once(note)
            raise RuntimeError("hủy")
    assert calls == []


def test_a_transaction_moves_the_content_version_on_once_when_it_commits():
    """Until the commit residents read the old rows and the cached pages
    stay good; the commit makes them old, once, however many saves."""
    section = ensure_site_structure()["NoticeIndexPage"]
    notice = NoticePageFactory(parent=section, title="Lịch cắt nước tổ 5")
    before = content_version()
    with transaction.atomic():
        for title in ("Lịch cắt nước tổ 6", "Lịch cắt nước tổ 7"):
            notice.title = title
            notice.save_revision().publish()
        assert content_version() == before
    assert content_version() == before + 1
