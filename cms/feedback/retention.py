"""Residents' names, phone numbers and e-mail addresses are kept only as long
as the ward needs them (WardSettings.feedback_retention_days):

- a message closed (answered or declined) more than that long ago: the day
  it closed is its last event's (the last answer, the decision not to
  handle it), or its answer time when it has no history;
- any message received more than twice that long ago, even if still open.

The message itself, its history and its figures stay; only who sent it goes.
Mail kept as files (no SMTP server set: `EMAIL_FILE_PATH`) holds addresses
too: a file older than the shortest retention period goes as well.
`manage.py erase_feedback_personal_data` runs this every minute beside
`publish_scheduled`; a message already erased is not counted again.
"""

import datetime
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
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
    mail_files: int = 0

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


def old_mail_files(now: datetime.datetime | None = None) -> list[Path]:
    """Mail written to files instead of sent, older than the shortest
    retention period of any ward."""
    if not settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return []
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    days = min(
        WardSettings.objects.values_list("feedback_retention_days", flat=True),
        default=365,
    )
    oldest = (now.timestamp() if now else time.time()) - days * 86400
    return [f for f in folder.iterdir() if f.is_file() and f.stat().st_mtime < oldest]


def erase_personal_data(dry_run: bool = False, now=None) -> Erased:
    closed, old = due_for_erasure(now)
    files = old_mail_files(now)
    counts = Erased(closed=closed.count(), old=old.count(), mail_files=len(files))
    if not dry_run:
        closed.erase_personal_data()
        old.erase_personal_data()
        for file in files:
            file.unlink(missing_ok=True)
    return counts
