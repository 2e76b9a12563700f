"""Cài đặt → Việc chạy nền: the queues of background jobs (cms/background.py),
their workers, and every job waiting, running or failed, with "Chạy lại" for
a failed one. For the installation's administrators (superusers): jobs of
every ward are listed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import background
from .login_limits import is_ward_administrator

# Rows shown: every unfinished and failed job up to this many, and the
# most recent successful ones.
LIMIT = 200
RECENT_DONE = 20


def error_line(result: DBTaskResult) -> str:
    """The last line of a failure's traceback: the exception and its message."""
    lines = [line for line in (result.traceback or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def row(result: DBTaskResult, now) -> dict:
    job = background.job_of(result.task_path)
    later = (
        result.status == TaskResultStatus.READY
        and result.run_after != get_date_max()
        and result.run_after > now
    )
    return {
        "id": result.pk,
        "label": job.label,
        "subject": job.describe(result),
        "queue": background.QUEUE_NAMES.get(result.backend_name, result.backend_name),
        "status": background.STATUS_NAMES.get(result.status, result.status),
        "failed": result.status == TaskResultStatus.FAILED,
        "retry_at": result.run_after if later else None,
        "attempts": background.attempts_of(result),
        "max_attempts": job.attempts,
        "enqueued_at": result.enqueued_at,
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "error": error_line(result) if result.traceback else "",
    }


@method_decorator(user_passes_test(is_ward_administrator), name="dispatch")
class BackgroundJobsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/admin/background_jobs.html"
    page_title = _("Việc chạy nền")
    header_icon = "cogs"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": None, "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        open_jobs = DBTaskResult.objects.exclude(
            status=TaskResultStatus.SUCCESSFUL
        ).order_by("-enqueued_at")[:LIMIT]
        done = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).order_by(
            "-finished_at"
        )[:RECENT_DONE]
        context.update(
            queues=background.queue_state(now),
            in_worker=any(background.in_worker(name) for name in settings.TASKS),
            jobs=[row(result, now) for result in open_jobs],
            done=[row(result, now) for result in done],
            workers=[
                {
                    "queue": background.QUEUE_NAMES.get(worker.backend, worker.backend),
                    "worker": worker,
                }
                for worker in background.alive_workers(now).order_by(
                    "backend", "started_at"
                )
            ],
            limit=LIMIT,
        )
        return context

    def post(self, request, *args, **kwargs):
        if background.run_again(request.POST.get("job", "")):
            messages.success(request, _("Đã đưa việc vào hàng đợi để chạy lại."))
        else:
            messages.warning(
                request, _("Việc này không còn ở trạng thái lỗi nên không chạy lại.")
            )
        return redirect("ward_background_jobs")


class BackgroundJobsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_ward_administrator(request.user)


def background_jobs_menu_item():
    return BackgroundJobsMenuItem(
        _("Việc chạy nền"),
        reverse("ward_background_jobs"),
        name="background-jobs",
        icon_name="cogs",
        order=660,
    )
