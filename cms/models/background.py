"""What the background workers say of themselves (cms/background.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One running worker (`manage.py run_worker`), seen every few seconds.

    In the database rather than the cache: with several servers each has its
    own file cache, but all share the database, so any web server can tell
    whether some worker, anywhere, is taking jobs from a queue."""

    worker_id = models.CharField(_("mã bộ xử lý"), max_length=64, unique=True)
    backend = models.CharField(_("hàng đợi"), max_length=32)
    host = models.CharField(_("máy chủ"), max_length=255)
    pid = models.PositiveIntegerField(_("mã tiến trình"))
    started_at = models.DateTimeField(_("khởi động lúc"), default=timezone.now)
    seen_at = models.DateTimeField(_("lần cuối báo"), default=timezone.now)

    class Meta:
        verbose_name = _("bộ xử lý việc nền")
        verbose_name_plural = _("bộ xử lý việc nền")

    def __str__(self) -> str:
        return f"{self.backend} @ {self.host}:{self.pid}"
