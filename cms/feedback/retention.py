"""Residents' names, phone numbers and e-mail addresses are kept only as long
as the ward needs them (WardSettings.feedback_retention_days):

- a message closed (answered or declined) more than that long ago: the day
  it closed is its last event's (the last answer, the decision not to
  handle it), or its answer time when it has no history;
- any message received more than twice that long ago, even if still open.

The message itself, its history and its figures stay; only who sent it goes.
`manage.py erase_feedback_personal_data` runs this every minute beside
`publish_scheduled`; a message already erased is not counted again.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Site

from cms.models import WardSettings

from .models import CLOSED, Feedback


@dataclass
class Erased:
    closed: int = 0
    old: int = 0

    @property
    def total(self) -> int:
        return self.closed + self.old


def _with_personal_data():
    return Feedback.objects.filter(~Q(name="") | ~Q(phone="") | ~Q(email=""))


def _retention_days(site) -> int:
    return WardSettings.for_site(site).feedback_retention_days if site else 365


def due_for_erasure(now: datetime.datetime | None = None):
    """(closed, old): the messages whose sender's details are due to go, per
    reason; each message is in one of them at most."""
    now = now or timezone.now()
    default = Site.objects.filter(is_default_site=True).first()
    closed_ids, old_ids = set(), set()
    # order_by(): the model's ordering would add received_at to the SELECT
    # DISTINCT, giving one site per message (one loop, three queries each).
    site_ids = _with_personal_data().order_by().values_list("site", flat=True)
    for site_id in site_ids.distinct():
        site = Site.objects.filter(pk=site_id).first() if site_id else default
        keep = datetime.timedelta(days=_retention_days(site))
        items = _with_personal_data().filter(site_id=site_id)
        old = items.filter(received_at__lt=now - 2 * keep)
        old_ids.update(old.values_list("pk", flat=True))
        closed = (
            items.filter(status__in=CLOSED)
            .annotate(closed_at=Coalesce(Max("events__at"), "answered_at"))
            .filter(closed_at__lt=now - keep)
        )
        closed_ids.update(closed.values_list("pk", flat=True))
    return (
        Feedback.objects.filter(pk__in=closed_ids),
        Feedback.objects.filter(pk__in=old_ids - closed_ids),
    )


def erase_personal_data(dry_run: bool = False, now=None) -> Erased:
    closed, old = due_for_erasure(now)
    counts = Erased(closed=closed.count(), old=old.count())
    if not dry_run:
        for item in [*closed, *old]:
            item.erase_personal_data()
    return counts
