"""Administrative procedures (thủ tục hành chính) done at the ward."""

from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.structured_data import organisation
from cms.visibility import ResidentQuerySet
from search import analysis
from search.builder import WEIGHT_PROCEDURE, clean_tokens

from .base import ContentPage, SectionPage, ward_settings_of
from .implementing import linked_visible_directives


class ProcedureField(models.TextChoices):
    """Lĩnh vực của thủ tục hành chính cấp xã (theo cách chia của Cổng Dịch
    vụ công quốc gia)."""

    CIVIL_STATUS = "ho-tich", _("Hộ tịch")
    RESIDENCE = "cu-tru", _("Cư trú")
    CERTIFICATION = "chung-thuc", _("Chứng thực")
    LAND = "dat-dai", _("Đất đai")
    CONSTRUCTION = "xay-dung", _("Xây dựng")
    BUSINESS = "kinh-doanh", _("Đăng ký kinh doanh")
    SOCIAL = "bao-tro-xa-hoi", _("Bảo trợ xã hội")
    MERIT = "nguoi-co-cong", _("Người có công")
    HEALTH_INSURANCE = "bao-hiem-y-te", _("Bảo hiểm y tế")
    IDENTITY = "can-cuoc", _("Căn cước")
    COMPLAINTS = "tiep-cong-dan", _("Tiếp công dân, khiếu nại, tố cáo")
    OTHER = "khac", _("Lĩnh vực khác")

    @classmethod
    def for_label(cls, label: str) -> str | None:
        """The field whose name or code `label` is, whatever its case or marks."""
        wanted = analysis.fold(label or "")
        for value, name in cls.choices:
            if wanted in (analysis.fold(str(name)), analysis.fold(value)):
                return value
        return None


class ProcedureQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().order_by("field", "title")


class ProcedurePage(ContentPage):
    """Thủ tục hành chính: ai cần, nộp gì, ở đâu, bao lâu, lệ phí bao nhiêu.

    Nơi nộp hồ sơ là Bộ phận tiếp nhận và trả kết quả của phường (địa chỉ và
    giờ làm việc lấy từ Cài đặt → Thông tin phường).
    """

    code = models.CharField(
        _("mã thủ tục"),
        max_length=40,
        blank=True,
        help_text=_(
            "Mã trên Cổng Dịch vụ công quốc gia, ví dụ 1.004746. Không bắt buộc."
        ),
    )
    field = models.CharField(
        _("lĩnh vực"),
        max_length=30,
        choices=ProcedureField.choices,
        default=ProcedureField.OTHER,
    )
    summary = models.TextField(
        _("ai cần làm thủ tục này"),
        blank=True,
        help_text=_("Một hai câu dễ hiểu: ai cần làm, khi nào."),
    )
    steps = models.TextField(
        _("các bước thực hiện"),
        blank=True,
        help_text=_("Mỗi bước một dòng, theo thứ tự."),
    )
    required_documents = models.TextField(
        _("thành phần hồ sơ"),
        help_text=_(
            "Mỗi giấy tờ một dòng, ví dụ: Tờ khai đăng ký khai sinh (bản chính)."
        ),
    )
    processing_time = models.CharField(
        _("thời hạn giải quyết"),
        max_length=255,
        help_text=_("Ví dụ: Ngay trong ngày tiếp nhận; 03 ngày làm việc."),
    )
    fee = models.CharField(
        _("lệ phí"),
        max_length=255,
        help_text=_("Ví dụ: Miễn lệ phí; 8.000 đồng/bản."),
    )
    filed_at = models.CharField(
        _("nơi nộp khác"),
        max_length=255,
        blank=True,
        help_text=_(
            "Chỉ điền khi không nộp tại Bộ phận một cửa của phường, ví dụ: "
            "Công an phường (cư trú, căn cước)."
        ),
    )
    online_url = models.URLField(
        _("nộp trực tuyến"),
        max_length=500,
        blank=True,
        help_text=_(
            "Đường dẫn đến thủ tục trên Cổng Dịch vụ công quốc gia "
            "(dichvucong.gov.vn), nếu nộp được trực tuyến."
        ),
    )
    directives = ParentalManyToManyField(
        "directives.DirectivePage",
        verbose_name=_("căn cứ, văn bản liên quan"),
        blank=True,
        related_name="+",
    )
    last_checked = models.DateField(
        _("kiểm tra lần cuối"),
        default=timezone.localdate,
        help_text=_("Ngày cán bộ đối chiếu lần cuối với quy định hiện hành."),
    )
    reference_only = models.BooleanField(
        _("chỉ để tham khảo"),
        default=False,
        help_text=_(
            "Đánh dấu khi nội dung chưa được đối chiếu với bộ thủ tục do Chủ "
            "tịch UBND tỉnh, thành phố công bố: trang sẽ ghi “Thông tin tham khảo”."
        ),
    )

    kind = "procedure"
    kind_label = _("Thủ tục hành chính")

    content_panels = [
        TitleFieldPanel("title"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("code")]),
        FieldPanel("summary"),
        FieldPanel("steps"),
        FieldPanel("required_documents"),
        FieldRowPanel([FieldPanel("processing_time"), FieldPanel("fee")]),
        FieldRowPanel([FieldPanel("filed_at"), FieldPanel("online_url")]),
        FieldPanel("body", heading=_("lưu ý thêm")),
        FieldPanel("directives"),
        FieldRowPanel([FieldPanel("last_checked"), FieldPanel("reference_only")]),
    ]
    api_fields = [
        APIField("code"),
        APIField("field"),
        APIField("summary"),
        APIField("steps"),
        APIField("required_documents"),
        APIField("processing_time"),
        APIField("fee"),
        APIField("filed_at"),
        APIField("online_url"),
        APIField("last_checked"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.SearchField("summary"),
        index.SearchField("required_documents"),
        index.SearchField("body_text"),
        index.FilterField("field"),
    ]
    parent_page_types = ["directives.ProcedureIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(ProcedureQuerySet)()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    @staticmethod
    def _lines(text: str) -> list[str]:
        items = (line.strip(" -•\t") for line in text.splitlines())
        return [item for item in items if item]

    ONLINE_PORTALS = {
        "dichvucong.gov.vn": _("Cổng Dịch vụ công quốc gia"),
        "dichvucong.bocongan.gov.vn": _("Cổng dịch vụ công Bộ Công an"),
    }

    @property
    def online_portal(self) -> str:
        """The name of the site the online link goes to ("Cổng Dịch vụ công
        quốc gia"), or its host name."""
        host = (urlsplit(self.online_url).hostname or "").removeprefix("www.")
        return str(self.ONLINE_PORTALS.get(host, host))

    @property
    def step_list(self) -> list[str]:
        return self._lines(self.steps)

    @property
    def document_list(self) -> list[str]:
        return self._lines(self.required_documents)

    @property
    def published_on(self):
        """For lists and the search index: when it was last checked."""
        return self.last_checked

    @property
    def valid_until(self):
        return None

    def linked_directives(self):
        return linked_visible_directives(self)

    def describe_for_search(self, doc) -> None:
        field_name = self.get_field_display()
        doc.summary = self.summary
        doc.about = " ".join(part for part in (field_name, self.code) if part)
        doc.body = self.search_text
        if self.code:
            doc.number_tokens = clean_tokens(analysis.analyze(self.code).folded)
        doc.date = self.last_checked.toordinal()
        doc.weight = WEIGHT_PROCEDURE
        doc.display.update(
            field=field_name, code=self.code, online=bool(self.online_url)
        )

    @property
    def share_subtitle(self) -> str:
        return self.get_field_display()

    def json_ld(self, request=None) -> dict:
        """schema.org `GovernmentService`: what it is, who provides it, where."""
        ward = ward_settings_of(self)
        provider = organisation(ward)
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": self.title,
            "url": self.get_full_url(request),
            "serviceType": self.get_field_display(),
            "provider": provider,
            "inLanguage": "vi",
            "dateModified": self.last_checked.isoformat(),
        }
        if self.summary:
            data["description"] = self.summary
        if self.code:
            data["identifier"] = self.code
        office = {
            "@type": "ServiceChannel",
            "name": self.filed_at or "Bộ phận tiếp nhận và trả kết quả",
            "availableLanguage": "vi",
        }
        if not self.filed_at and ward and ward.one_stop_address:
            office["serviceLocation"] = {
                "@type": "Place",
                "address": ward.one_stop_address,
            }
        channels = [office]
        if self.online_url:
            channels.append(
                {
                    "@type": "ServiceChannel",
                    "name": self.online_portal,
                    "serviceUrl": self.online_url,
                    "availableLanguage": "vi",
                }
            )
        data["availableChannel"] = channels
        return data

    @property
    def search_text(self) -> str:
        """The body text of the search index: the steps, the papers, the
        notes (who needs it is indexed as the summary)."""
        return "\n".join(
            part
            for part in (self.steps, self.required_documents, self.body_text)
            if part
        )


class ProcedureIndexPage(SectionPage):
    """Thủ tục hành chính của phường, theo lĩnh vực."""

    subpage_types = ["directives.ProcedurePage"]
    default_description = _(
        "Thủ tục hành chính làm tại phường, theo lĩnh vực: cần mang gì, bao lâu, "
        "lệ phí, nộp ở đâu và nộp trực tuyến."
    )

    class Meta:
        verbose_name = _("danh mục thủ tục hành chính")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        procedures = ProcedurePage.objects.child_of(self).visible()
        names = dict(ProcedureField.choices)
        fields = list(dict.fromkeys(procedures.values_list("field", flat=True)))
        chosen = request.GET.get("linh-vuc", "")
        if chosen in names:
            procedures = procedures.filter(field=chosen)
        else:
            chosen = ""
        groups: dict[str, list] = {}
        for procedure in procedures:
            groups.setdefault(procedure.field, []).append(procedure)
        order = [value for value, _name in ProcedureField.choices]
        context["fields"] = [
            (value, names[value]) for value in order if value in fields
        ]
        context["chosen_field"] = chosen
        context["groups"] = [
            (value, names[value], groups[value]) for value in order if value in groups
        ]
        return context
