"""Background work: the jobs staff can see, their retries, and the workers.

Jobs are django_tasks tasks, in two queues (the `TASKS` backends):

- "default", quick jobs once a change commits: search index updates
  (`search.tasks`, first in line), Wagtail's own (reference index, admin
  search), and the broadcast audio and posters of pages just published
  (`directives.prerender`);
- "background", slow jobs: reading scanned originals (`directives.originals`).

With `BACKGROUND_TASKS=worker` (the default) both are rows in the database
(django-tasks-db), each run by its own `manage.py run_worker --backend NAME`
(`make run` starts both beside gunicorn), so an hour of OCR never holds up
the search index. With `immediate` they run where they are enqueued (tests,
one-off scripts).

Each task registers here (`register`) with its name in Vietnamese and how
many attempts it gets. A failed attempt goes back in the queue after a
delay (`RETRY_DELAYS`) until its attempts are spent; then it stays failed,
with its error, on the admin's "Việc chạy nền" screen, where an
administrator may run it again. A worker writes its heartbeat
(`models.WorkerHeartbeat`) every `BEAT_S` seconds; jobs left "running" by a
worker that stopped beating (killed, machine restarted) are put back in the
queue by the workers still alive (`rescue`), and the dashboard warns when a
queue has work but no worker (`queue_state`).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from modelsearch import tasks as modelsearch_tasks
from wagtail import tasks as wagtail_tasks
from wagtail.images import tasks as image_tasks
from wagtail.models import Page

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Seconds between heartbeats; a worker not seen for `DEAD_AFTER` is gone.
BEAT_S = 10
DEAD_AFTER = datetime.timedelta(seconds=60)
# After the nth failed attempt, the next one waits RETRY_DELAYS[n - 1].
RETRY_DELAYS = (
    datetime.timedelta(seconds=30),
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=8),
    datetime.timedelta(minutes=30),
)
# Finished jobs are kept this long for the admin's screen, then pruned by
# the workers (failed ones longer: someone may still look at them).
KEEP_SUCCESSFUL = datetime.timedelta(days=2)
KEEP_FAILED = datetime.timedelta(days=30)
PRUNE_EVERY = datetime.timedelta(hours=1)

# Priorities within a queue (django_tasks: -100 … 100, higher first).
PRIORITY_SEARCH = 50
PRIORITY_MEDIA = -20

QUEUE_NAMES = {
    "default": "Việc nhanh (tìm kiếm, âm thanh, áp phích)",
    "background": "Việc chậm (đọc bản gốc)",
}
STATUS_NAMES = {
    TaskResultStatus.READY: "Đang chờ",
    TaskResultStatus.RUNNING: "Đang chạy",
    TaskResultStatus.FAILED: "Lỗi",
    TaskResultStatus.SUCCESSFUL: "Xong",
}


def _no_subject(*args, **kwargs) -> str:
    return ""


@dataclass(frozen=True)
class Job:
    label: str
    attempts: int
    # What the job is about, from its arguments ("Chỉ thị 29-CT/TU", "12 trang").
    subject: Callable[..., str] = _no_subject

    def describe(self, result: DBTaskResult) -> str:
        arguments = result.args_kwargs or {}
        try:
            args, kwargs = arguments.get("args", []), arguments.get("kwargs", {})
            return self.subject(*args, **kwargs)
        except Exception:
            logger.exception("cannot describe job %s", result.pk)
            return ""


JOBS: dict[str, Job] = {}


def register(task, label: str, attempts: int = 3, subject=_no_subject):
    """Name `task` for the admin and give it `attempts` tries; returns it."""
    JOBS[task.module_path] = Job(label, attempts, subject)
    return task


def job_of(task_path: str) -> Job:
    return JOBS.get(task_path) or Job(task_path.rsplit(".", 1)[-1], 1)


def page_subject(page_id: int) -> str:
    """A job's subject: one page, by its title in the admin."""
    page = Page.objects.filter(pk=page_id).first()
    return page.get_admin_display_title() if page else f"trang đã xóa (#{page_id})"


def pages_subject(page_ids: list[int]) -> str:
    if len(page_ids) == 1:
        return page_subject(page_ids[0])
    return f"{len(page_ids)} trang"


def in_worker(backend: str = "default") -> bool:
    """Whether jobs of this queue go to a worker (not run where enqueued)."""
    return isinstance(task_backends[backend], DatabaseBackend)


def attempts_of(result: DBTaskResult) -> int:
    return len(result.worker_ids or [])


def retry_later(result: DBTaskResult, now=None) -> bool:
    """Put a failed job back in its queue if it has attempts left."""
    tries = attempts_of(result)
    if tries >= job_of(result.task_path).attempts:
        return False
    delay = RETRY_DELAYS[min(tries, len(RETRY_DELAYS)) - 1]
    # The failure's traceback stays on the row until the next attempt ends:
    # the admin shows why the job is waiting again.
    return bool(
        DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.FAILED
        ).update(
            status=TaskResultStatus.READY,
            run_after=(now or timezone.now()) + delay,
            finished_at=None,
        )
    )


def on_task_finished(sender, task_result, **kwargs) -> None:
    """`task_finished` receiver: a failed database job may try again."""
    db_result = getattr(task_result, "db_result", None)
    if not isinstance(db_result, DBTaskResult):
        return
    if db_result.status != TaskResultStatus.FAILED:
        return
    if retry_later(db_result):
        logger.warning(
            "job %s (%s) failed on attempt %s; it will be tried again",
            db_result.pk,
            db_result.task_path,
            attempts_of(db_result),
        )


def object_subject(app_label: str, model_name: str, pk) -> str:
    """A job's subject: one object of any model, as the admin names it."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return f"{app_label}.{model_name} #{pk}"
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        return f"{model._meta.verbose_name} đã xóa (#{pk})"
    if isinstance(found, Page):
        return found.get_admin_display_title()
    return f"{model._meta.verbose_name}: {found}"


def connect_signals() -> None:
    """Called once by `CmsConfig.ready()`: retries, and Wagtail's own jobs
    named in Vietnamese (they go to the same "default" queue)."""
    task_finished.connect(on_task_finished, dispatch_uid="ward-retry-failed-jobs")
    register(
        wagtail_tasks.update_reference_index_task,
        "Cập nhật chỉ mục tham chiếu",
        subject=object_subject,
    )
    register(
        modelsearch_tasks.insert_or_update_object_task,
        "Cập nhật tìm kiếm trong trang quản trị",
        subject=object_subject,
    )
    register(
        image_tasks.set_image_focal_point_task,
        "Tìm tiêu điểm của ảnh",
        subject=object_subject,
    )
    register(wagtail_tasks.delete_file_from_storage_task, "Xóa tệp cũ khỏi kho")


def run_again(result_id) -> bool:
    """An administrator's "Chạy lại" of a failed job: queued now, with a
    fresh count of attempts."""
    try:
        result_id = uuid.UUID(str(result_id))
    except ValueError:
        return False
    return bool(
        DBTaskResult.objects.filter(
            pk=result_id, status=TaskResultStatus.FAILED
        ).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            finished_at=None,
            worker_ids=[],
        )
    )


def alive_workers(now=None):
    return WorkerHeartbeat.objects.filter(
        seen_at__gte=(now or timezone.now()) - DEAD_AFTER
    )


# What `worker_decided` settled, per thread: {backend: bool}.
_decided = threading.local()


def worker_takes(backend: str = "default") -> bool:
    """Whether a job enqueued on `backend` now will be run by a live worker
    (`make run` runs one of each queue). A command that would otherwise
    leave work waiting for a worker that is not there does it itself.
    Inside `worker_decided`, the answer given on entry."""
    decided = getattr(_decided, "backends", {})
    if backend in decided:
        return decided[backend]
    return in_worker(backend) and alive_workers().filter(backend=backend).exists()


@contextlib.contextmanager
def worker_decided(backend: str = "default"):
    """Ask `worker_takes(backend)` once, before a long transaction, and keep
    its answer inside it (yielded too). On SQLite an import holds the one
    write lock for minutes: the worker cannot write its heartbeat meanwhile,
    and would look gone by the end, though it is there to take the work."""
    decided = getattr(_decided, "backends", {})
    answer = worker_takes(backend)  # an outer block's answer, if any
    _decided.backends = {**decided, backend: answer}
    try:
        yield answer
    finally:
        _decided.backends = decided


def rescue(now=None) -> int:
    """Jobs "running" on a worker that is gone: back in the queue (or failed,
    with their attempts spent). Returns how many were put back."""
    now = now or timezone.now()
    alive = set(alive_workers(now).values_list("worker_id", flat=True))
    # A job just claimed by a worker that has not beaten yet is not lost.
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - DEAD_AFTER
    )
    rescued = 0
    for result in running:
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            if attempts_of(result) < job_of(result.task_path).attempts:
                rescued += DBTaskResult.objects.filter(
                    pk=result.pk, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, run_after=now)
            else:
                DBTaskResult.objects.filter(
                    pk=result.pk, status=TaskResultStatus.RUNNING
                ).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    traceback="Bộ xử lý dừng giữa chừng khi đang làm việc này.",
                )
    return rescued


def prune(now=None) -> int:
    """Delete finished jobs past their keeping time; returns how many."""
    now = now or timezone.now()
    deleted, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL
    ).delete()
    failed, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    ).delete()
    return deleted + failed


class Heartbeat(threading.Thread):
    """A worker's heartbeat, in a thread of its own so that it goes on while
    the worker runs a long job; it also rescues the jobs of dead workers
    and prunes old results."""

    def __init__(self, worker_id: str, backend: str, beat_s: float = BEAT_S):
        super().__init__(name=f"heartbeat-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.backend = backend
        self.beat_s = beat_s
        self.stopped = threading.Event()
        self.pruned_at = None

    def beat(self) -> None:
        now = timezone.now()
        seen = {
            "backend": self.backend,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": now,
        }
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults=seen,
            create_defaults={**seen, "started_at": now},
        )
        rescue(now)
        if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
            prune(now)
            WorkerHeartbeat.objects.filter(seen_at__lt=now - KEEP_SUCCESSFUL).delete()
            self.pruned_at = now

    def safe_beat(self) -> None:
        try:
            close_old_connections()
            self.beat()
        except Exception:
            # A busy database (an import on SQLite) delays one beat.
            logger.exception("worker heartbeat failed")

    def start(self) -> None:
        """The first beat now, before the worker takes a job; then one every
        `beat_s` seconds from the thread."""
        self.safe_beat()
        super().start()

    def run(self) -> None:
        while not self.stopped.wait(self.beat_s):
            self.safe_beat()
            connection.close()

    def stop(self) -> None:
        """The worker is leaving: no more beats (the current one finishes
        first), and its heartbeat goes with it."""
        self.stopped.set()
        if self.is_alive():
            self.join(timeout=30)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("cannot remove the heartbeat of %s", self.worker_id)


@dataclass
class QueueState:
    backend: str
    name: str
    waiting: int
    running: int
    failed: int
    workers: int
    oldest_waiting: datetime.datetime | None

    @property
    def stalled(self) -> bool:
        """Work waits, nobody takes it."""
        return bool(self.waiting or self.running) and not self.workers


def queue_state(now=None) -> list[QueueState]:
    """Each worker-run queue: its jobs by status and its live workers."""
    now = now or timezone.now()
    states = []
    for backend in settings.TASKS:
        if not in_worker(backend):
            continue
        jobs = DBTaskResult.objects.filter(backend_name=backend)
        # Queued now, or waiting to try again later.
        ready = jobs.filter(status=TaskResultStatus.READY)
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True)
        states.append(
            QueueState(
                backend=backend,
                name=QUEUE_NAMES.get(backend, backend),
                waiting=ready.count(),
                running=jobs.filter(status=TaskResultStatus.RUNNING).count(),
                failed=jobs.filter(status=TaskResultStatus.FAILED).count(),
                workers=alive_workers(now).filter(backend=backend).count(),
                oldest_waiting=oldest.first(),
            )
        )
    return states
