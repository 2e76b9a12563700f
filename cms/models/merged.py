"""A ward merged into another (`manage.py merge_wards`, cms/ward_merge.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class MergedWard(models.Model):
    """The record a merge leaves: the old ward's Site, kept for its host,
    and the ward it went into. Every request to that host answers with a
    redirect there (cms/merged_wards.py). A later merge of the new ward
    moves `new_site` on, like any key to Site, so a chain of merges leads
    straight to the ward that remains."""

    old_site = models.OneToOneField(
        Site,
        on_delete=models.CASCADE,
        related_name="merged_into",
        verbose_name=_("phường đã sáp nhập"),
    )
    new_site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="merged_from",
        verbose_name=_("sáp nhập vào phường"),
    )
    merged_at = models.DateTimeField(_("thời điểm sáp nhập"), default=timezone.now)

    class Meta:
        verbose_name = _("bản ghi sáp nhập phường")
        verbose_name_plural = _("bản ghi sáp nhập phường")

    def __str__(self) -> str:
        return f"{self.old_site.hostname} → {self.new_site.hostname}"
