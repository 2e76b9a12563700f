"""Public documents by year (công khai): budget estimates, execution, final
accounts, plans and their results (`DocumentListPage` of
`PublicDocumentPage`).
"""

from __future__ import annotations

import datetime
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.search import index

from .about import WardInfoPage

YEAR_MESSAGE = _("Năm phải từ 1945 đến 2100.")


class DocumentListPage(WardInfoPage):
    """Danh sách tài liệu công khai theo năm: công khai ngân sách, kế hoạch và
    kết quả thực hiện. Mỗi tài liệu là một trang con."""

    subpage_types = ["cms.PublicDocumentPage"]

    class Meta:
        verbose_name = _("danh sách tài liệu công khai")
        verbose_name_plural = _("danh sách tài liệu công khai")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = PublicDocumentPage.objects.child_of(self).for_residents()
        documents = documents.select_related("document").order_by(
            "-year", "-published_on", "-pk"
        )
        years = sorted({d.year for d in documents}, reverse=True)
        chosen, year_message = chosen_year(request.GET.get("nam", ""), years)
        groups: dict[int, list] = {}
        for document in documents:
            if chosen is None or document.year == chosen:
                groups.setdefault(document.year, []).append(document)
        context.update(
            years=years,
            chosen_year=chosen,
            year_message=year_message,
            groups=list(groups.items()),
        )
        return context


def chosen_year(asked: str, years) -> tuple[int | None, str]:
    """The year `?nam=` asks for, if there are documents of that year (else
    None: every year), and what to tell the reader when the ask is not met."""
    asked = asked.strip()
    if not asked:
        return None, ""
    if not re.fullmatch(r"[0-9]{1,4}", asked):
        return None, _("Năm không hợp lệ; đang hiện mọi năm.")
    year = int(asked)
    if year not in years:
        return None, _("Không có tài liệu năm %(year)s; đang hiện mọi năm.") % {
            "year": year
        }
    return year, ""


class PublicDocumentCategory(models.TextChoices):
    BUDGET_ESTIMATE = "du-toan", _("Dự toán ngân sách")
    BUDGET_PROGRESS = "thuc-hien", _("Tình hình thực hiện ngân sách")
    BUDGET_SETTLEMENT = "quyet-toan", _("Quyết toán ngân sách")
    PLAN = "ke-hoach", _("Kế hoạch, chương trình")
    RESULTS = "ket-qua", _("Báo cáo kết quả thực hiện")


class PublicDocumentPage(WardInfoPage):
    """Một tài liệu công khai: số liệu ngân sách, kế hoạch hoặc báo cáo kết quả,
    theo năm, có tệp đính kèm để tải về."""

    category = models.CharField(
        _("loại tài liệu"), max_length=20, choices=PublicDocumentCategory.choices
    )
    year = models.PositiveSmallIntegerField(
        _("năm"),
        validators=[
            MinValueValidator(1945, message=YEAR_MESSAGE),
            MaxValueValidator(2100, message=YEAR_MESSAGE),
        ],
        help_text=_("Năm ngân sách hoặc năm của kế hoạch, ví dụ 2026."),
    )
    number = models.CharField(
        _("số, ký hiệu"),
        max_length=60,
        blank=True,
        help_text=_("Của quyết định, kế hoạch hoặc báo cáo, ví dụ 15/QĐ-UBND."),
    )
    published_on = models.DateField(_("ngày công khai"), default=timezone.localdate)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp đính kèm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bản PDF hoặc bảng tính được công khai."),
    )

    content_panels = [
        TitleFieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("number"), FieldPanel("published_on")]),
                FieldPanel("document"),
            ],
            heading=_("Tài liệu"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    api_fields = WardInfoPage.api_fields + [
        APIField("category"),
        APIField("year"),
        APIField("number"),
        APIField("published_on"),
    ]
    search_fields = WardInfoPage.search_fields + [
        index.FilterField("year"),
        index.FilterField("published_on"),
    ]
    parent_page_types = ["cms.DocumentListPage"]

    class Meta:
        verbose_name = _("tài liệu công khai")
        verbose_name_plural = _("tài liệu công khai")

    @property
    def search_text(self) -> str:
        return "\n".join(
            [self.get_category_display(), str(self.year), self.number, self.body_text]
        )

    @property
    def search_date(self) -> datetime.date:
        return self.published_on

    @property
    def share_subtitle(self) -> str:
        number = f", số {self.number}" if self.number else ""
        return f"{self.get_category_display()} năm {self.year}{number}"
