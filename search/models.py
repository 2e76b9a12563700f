"""Abbreviations and synonyms that ward staff add in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """Một nhóm cách viết cùng nghĩa: tìm cách này cũng ra cách kia.

    Ví dụ: “TDP” và “tổ dân phố”. Các nhóm thông dụng (UBND, HĐND, MTTQ,
    TW4…) đã có sẵn; ở đây thêm những cách viết riêng của phường.
    """

    phrases = models.TextField(
        _("các cách viết"),
        help_text=_(
            "Mỗi dòng một cách viết, ví dụ: “KP” xuống dòng “khu phố”. "
            "Dấu # thay cho một con số: “CV #” và “công văn #”."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("từ đồng nghĩa")
        verbose_name_plural = _("từ đồng nghĩa")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.phrase_list())

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]


class PendingUpdate(models.Model):
    """One page whose index entry may be stale: the index's outbox.

    Written in the same transaction as the change that makes it stale (a
    publish, a move, a renamed issuing body), so the record is as durable as
    the change; deleted only once the index holds the page as the database
    does. A crash, a stuck writer or an engine that is down leaves rows here,
    and the next request, `search_health --retry` or a rebuild applies them.
    """

    page_id = models.BigIntegerField(_("trang"))
    created_at = models.DateTimeField(_("lúc ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật chỉ mục đang chờ")
        verbose_name_plural = _("cập nhật chỉ mục đang chờ")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.page_id}"


class RebuildMarker(models.Model):
    """Present while `rebuild_search_index` runs, with its last heartbeat.

    While it is fresh, pending updates stay in the outbox (they would go to
    the index being replaced) and the rebuild applies them after the swap; a
    rebuild killed midway is ignored at once on its own machine (its process
    is gone) and elsewhere once it stops beating, after
    `search.indexing.REBUILD_STALE` seconds.
    """

    heartbeat = models.DateTimeField(_("nhịp gần nhất"))
    host = models.CharField(_("máy"), max_length=255, blank=True)
    pid = models.IntegerField(_("tiến trình"), default=0)

    class Meta:
        verbose_name = _("lượt xây lại chỉ mục")
        verbose_name_plural = _("lượt xây lại chỉ mục")


class CityWideSearch(models.Model):
    """Not a table: the permission to search every ward at once (city staff,
    Báo cáo → Tìm kiếm toàn thành phố; `search.city`)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("search_city_wide", _("Tìm kiếm toàn thành phố"))]
        verbose_name = _("tìm kiếm toàn thành phố")
        verbose_name_plural = _("tìm kiếm toàn thành phố")
