"""Residents' details are erased after the ward's retention period."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from cms.feedback.models import Feedback, FeedbackEvent, Status
from cms.feedback.retention import erase_personal_data
from cms.models import WardSettings

from .conftest import make_feedback

pytestmark = pytest.mark.django_db

PERSON = {"name": "Lê Văn Ba", "phone": "0905123456", "email": "ba@example.org"}
DAY = datetime.timedelta(days=1)


@pytest.fixture
def ward(sections):
    ward = WardSettings.for_site(Site.objects.get(is_default_site=True))
    ward.feedback_retention_days = 30
    ward.save()
    return ward


def closed(days_ago: int, status=Status.ANSWERED) -> Feedback:
    item = make_feedback(days_ago=days_ago + 5, status=status, **PERSON)
    moment = timezone.now() - days_ago * DAY
    if status == Status.ANSWERED:
        Feedback.objects.filter(pk=item.pk).update(answered_at=moment)
    FeedbackEvent.objects.create(feedback=item, kind="status", at=moment)
    return item


def erased(item) -> bool:
    item.refresh_from_db()
    return not item.has_personal_data and item.personal_data_erased_at is not None


def run(*args) -> str:
    out = io.StringIO()
    call_command("erase_feedback_personal_data", *args, stdout=out)
    return out.getvalue()


def test_closed_long_ago_and_received_very_long_ago_are_erased(ward):
    answered_old = closed(31)
    declined_old = closed(31, Status.DECLINED)
    answered_recently = closed(29)
    open_old = make_feedback(days_ago=61, **PERSON)
    open_recent = make_feedback(days_ago=59, **PERSON)

    assert run("--dry-run") == (
        "Sẽ xóa thông tin người gửi của 3 góp ý: 2 đã xong quá thời hạn lưu "
        "giữ, 1 nhận quá gấp đôi thời hạn.\n"
    )
    assert not erased(answered_old)

    assert run().startswith("Đã xóa thông tin người gửi của 3 góp ý")
    assert erased(answered_old) and erased(declined_old) and erased(open_old)
    assert not erased(answered_recently) and not erased(open_recent)
    # The message and its history stay.
    answered_old.refresh_from_db()
    assert answered_old.message and answered_old.events.exists()


def test_a_later_event_restarts_the_clock(ward):
    """Answered 40 days ago, answered again 10 days ago: kept."""
    item = closed(40)
    FeedbackEvent.objects.create(
        feedback=item, kind="answer", at=timezone.now() - 10 * DAY
    )
    assert erase_personal_data().total == 0
    assert not erased(item)


def test_it_is_idempotent(ward):
    closed(31)
    assert erase_personal_data().total == 1
    assert erase_personal_data().total == 0
    assert run() == (
        "Đã xóa thông tin người gửi của 0 góp ý: 0 đã xong quá thời hạn lưu "
        "giữ, 0 nhận quá gấp đôi thời hạn.\n"
    )


def test_the_wards_setting_decides(ward):
    item = closed(31)
    ward.feedback_retention_days = 365
    ward.save()
    assert erase_personal_data().total == 0
    assert not erased(item)


def test_each_site_is_looked_at_once(ward, django_assert_max_num_queries):
    """Not once per message: the cron runs this every minute."""
    for _ in range(30):
        closed(400)
    with django_assert_max_num_queries(12):
        assert erase_personal_data(dry_run=True).total == 30


def test_mail_kept_as_files_goes_after_the_shortest_retention(ward, settings, tmp_path):
    """Without an SMTP server, mail (with residents' addresses) is kept as
    files: those older than the retention period are deleted too."""
    import os
    import time

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    old, recent = tmp_path / "old.log", tmp_path / "recent.log"
    for file in (old, recent):
        file.write_text("To: ba@example.org")
    long_ago = time.time() - 31 * 86400
    os.utime(old, (long_ago, long_ago))

    assert "Sẽ xóa 1 thư lưu thành tệp đã quá hạn." in run("--dry-run")
    assert old.exists()
    assert "Đã xóa 1 thư lưu thành tệp đã quá hạn." in run()
    assert not old.exists() and recent.exists()


def test_the_ward_settings_refuse_zero_days(ward):
    from django.core.exceptions import ValidationError

    ward.feedback_response_days = 0
    ward.feedback_retention_days = 0
    with pytest.raises(ValidationError) as error:
        ward.full_clean()
    assert set(error.value.message_dict) >= {
        "feedback_response_days",
        "feedback_retention_days",
    }
