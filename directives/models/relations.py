"""Typed links between directives: one is based on, carries out or
replaces another (căn cứ, thực hiện, thay thế)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class DirectiveRelation(Orderable):
    """A typed link between two directives (căn cứ, thực hiện, thay thế)."""

    class Kind(models.TextChoices):
        BASED_ON = "based_on", _("Căn cứ")
        IMPLEMENTS = "implements", _("Thực hiện")
        REPLACES = "replaces", _("Thay thế")

    INVERSE = {
        Kind.BASED_ON: _("Là căn cứ của"),
        Kind.IMPLEMENTS: _("Được thực hiện bởi"),
        Kind.REPLACES: _("Bị thay thế bởi"),
    }

    page = ParentalKey(
        "directives.DirectivePage", related_name="relations", on_delete=models.CASCADE
    )
    kind = models.CharField(_("quan hệ"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        "directives.DirectivePage",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("liên kết giữa hai văn bản")
        verbose_name_plural = _("liên kết giữa các văn bản")

    def get_inverse_display(self):
        return self.INVERSE[self.kind]
