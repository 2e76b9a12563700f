"""`manage.py run_worker --backend default|background`: take jobs from one
queue (django-tasks-db's worker) and say so with a heartbeat, which the
admin's "Việc chạy nền" screen and the dashboard read (cms/background.py).
Every option of `db_worker` applies."""

from django_tasks_db.management.commands import db_worker

from cms.background import Heartbeat


class Command(db_worker.Command):
    help = (
        "Chạy bộ xử lý việc nền của một hàng đợi (default: tìm kiếm, âm thanh, "
        "áp phích; background: đọc bản gốc), báo còn chạy cho trang quản trị."
    )

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"], options["backend_name"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
