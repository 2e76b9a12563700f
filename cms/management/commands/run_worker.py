"""`manage.py run_worker --backend default|background`: take jobs from one
queue (django-tasks-db's worker) and say so with a heartbeat, which the
admin's "Việc chạy nền" screen and the dashboard read (cms/background.py).
Every option of `db_worker` applies.

On SQLite one transaction writes at a time: an import holds that lock for
as long as it writes (a minute and more for tens of thousands of
documents). django-tasks-db's worker opens its transaction to claim a job
outside its own "database is locked" guard, so a lock held past the
connection's timeout stopped it for good; here it waits and goes on."""

import logging
import time

from django.db import OperationalError
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from cms.background import Heartbeat

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Chạy bộ xử lý việc nền của một hàng đợi (default: tìm kiếm, âm thanh, "
        "áp phích; background: đọc bản gốc), báo còn chạy cho trang quản trị."
    )

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"], options["backend_name"])
        heartbeat.start()
        try:
            while True:
                try:
                    return super().handle(*args, **options)
                except OperationalError as exc:
                    if not is_locked_database_exception(exc):
                        raise
                    logger.warning(
                        "database busy (another process is writing): "
                        "taking jobs again shortly"
                    )
                    time.sleep(options["interval"] or 1.0)
        finally:
            heartbeat.stop()
