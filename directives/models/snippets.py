"""Shared lists editors keep: the issuing bodies and the abbreviations read
on the loudspeakers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.search import index

from search import analysis

from .. import vocabulary


class IssuerLevel(models.TextChoices):
    CENTRAL = vocabulary.CENTRAL, _("Trung ương")
    PROVINCE = vocabulary.PROVINCE, _("Tỉnh, thành phố")
    DISTRICT = vocabulary.DISTRICT, _("Quận, huyện")
    WARD = vocabulary.WARD, _("Phường, xã")


class IssuingBody(index.Indexed, models.Model):
    """Cơ quan ban hành văn bản, ví dụ Thủ tướng Chính phủ, Ban Thường vụ Thành ủy."""

    name = models.CharField(
        _("tên cơ quan"),
        max_length=200,
        unique=True,
        help_text=_("Tên đầy đủ, ví dụ: Ban Thường vụ Thành ủy Đà Nẵng."),
    )
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=60,
        blank=True,
        help_text=_("Ví dụ: BTV Thành ủy, UBND TP, TTg."),
    )
    level = models.CharField(
        _("cấp"),
        max_length=20,
        choices=IssuerLevel.choices,
        default=IssuerLevel.PROVINCE,
    )

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("level")]
    # The admin's listing and chooser search both names.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def for_name(cls, name: str) -> "IssuingBody":
        """The body called exactly `name`, created with a guessed level if
        there is none. Safe when another transaction creates the same name at
        the same time: the name is unique, and get_or_create reads again
        after the IntegrityError, which it catches inside a savepoint."""
        body, _created = cls.objects.get_or_create(
            name=name, defaults={"level": cls.guess_level(name)}
        )
        return body

    @staticmethod
    def guess_level(name: str) -> str:
        """The level the body's name places it at (`vocabulary.issuer_level`):
        "UBND thị xã Sơn Tây" is a district's."""
        return IssuerLevel(vocabulary.issuer_level(name))


class Abbreviation(index.Indexed, models.Model):
    """Chữ viết tắt và cách đọc trên loa, ví dụ “BQL” → “ban quản lý”.

    Bổ sung cho từ điển có sẵn; mục ở đây được ưu tiên.
    """

    abbreviation = models.CharField(
        _("chữ viết tắt"),
        max_length=40,
        unique=True,
        help_text=_("Viết đúng hoa thường như trong văn bản, ví dụ BQL, TDP, KP."),
    )
    expansion = models.CharField(
        _("cách đọc"),
        max_length=200,
        help_text=_("Viết thường, như phát thanh viên đọc, ví dụ “ban quản lý”."),
    )

    panels = [FieldPanel("abbreviation"), FieldPanel("expansion")]
    # Searched in the admin like pages: "ban quan ly" finds "ban quản lý".
    search_fields = [
        index.SearchField("abbreviation"),
        index.AutocompleteField("abbreviation"),
        index.SearchField("expansion"),
        index.AutocompleteField("expansion"),
    ]

    class Meta:
        verbose_name = _("chữ viết tắt")
        verbose_name_plural = _("chữ viết tắt")
        ordering = ["abbreviation"]

    def __str__(self):
        return f"{self.abbreviation} → {self.expansion}"

    def clean(self):
        self.abbreviation = analysis.nfc(self.abbreviation).strip()
        self.expansion = analysis.nfc(self.expansion).strip()
        if not self.abbreviation or " " in self.abbreviation:
            raise ValidationError(
                {"abbreviation": _("Chữ viết tắt là một từ, không có dấu cách.")}
            )

    @classmethod
    def as_dict(cls) -> dict[str, str]:
        return dict(cls.objects.values_list("abbreviation", "expansion"))
