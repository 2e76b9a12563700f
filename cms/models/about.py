"""The ward itself: the pages Nghị định 42/2022/NĐ-CP (Art. 4.1) and Nghị
định 13/2018/NĐ-CP (Art. 11) ask every ward portal to carry.

Under the "Giới thiệu" section (`AboutIndexPage`): an introduction and the
functions and tasks (`InformationPage`, which also serves "Tiếp cận thông
tin"), the organisational structure (`OrganisationPage`), the leaders and
contact officials (`ContactsPage`), the one-stop office (`OneStopPage`), lists
of public documents by year (`DocumentListPage` of `PublicDocumentPage`:
budget disclosures, plans and their results) and the English page
(`EnglishPage`, Art. 7), which prints the structure and the contacts kept on
the Vietnamese pages, not a second copy of them.

Docstrings on models speak to editors; they appear in the Wagtail admin.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.structured_data import StructuredDataMixin, home_url, organisation
from cms.visibility import ResidentQuerySet, for_residents
from directives.blocks import BodyBlock, stream_to_text

from .site import WardPageMixin, WardSettings

WardPageManager = PageManager.from_queryset(ResidentQuerySet)


class AboutIndexPage(WardPageMixin, Page):
    """Chuyên mục “Giới thiệu”: các trang về phường (giới thiệu, cơ cấu tổ
    chức, lãnh đạo, một cửa, công khai ngân sách, kế hoạch, tiếp cận thông tin)."""

    intro = RichTextField(
        _("giới thiệu"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.InformationPage",
        "cms.OrganisationPage",
        "cms.ContactsPage",
        "cms.OneStopPage",
        "cms.DocumentListPage",
        "cms.EnglishPage",
    ]
    max_count_per_parent = 1
    default_description = _(
        "Giới thiệu phường: cơ cấu tổ chức, lãnh đạo và cán bộ đầu mối, nơi làm "
        "thủ tục, công khai ngân sách, kế hoạch và tiếp cận thông tin."
    )

    class Meta:
        verbose_name = _("chuyên mục giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = [
            page.specific
            for page in for_residents(self.get_children()).specific(defer=True)
        ]
        return context


class WardInfoPage(StructuredDataMixin, WardPageMixin, Page):
    """What the ward's own pages share: a short summary (shown first, used
    for search and previews), the text, and the search kind "page"."""

    summary = models.TextField(
        _("tóm tắt"),
        blank=True,
        max_length=600,
        help_text=_("Một hai câu nói trang này có gì; hiện đầu trang và khi chia sẻ."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    objects = WardPageManager()
    kind = "page"  # the search API's kind: the ward's own information
    kind_label = _("Thông tin phường")

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    api_fields = [APIField("summary"), APIField("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_text"),
    ]
    parent_page_types = ["cms.AboutIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    @cached_property
    def body_text(self) -> str:
        return stream_to_text(self.body)

    @property
    def search_text(self) -> str:
        """The text the search index holds beside the title and summary."""
        return self.body_text

    @cached_property
    def ward_settings(self):
        site = self.get_site()
        return WardSettings.for_site(site) if site else None

    def ward_organisation(self, request=None) -> dict:
        """The ward's People's Committee (schema.org), its home page as url."""
        home = home_url(self, request)
        return {
            "@context": "https://schema.org",
            **organisation(self.ward_settings, home),
        }

    @property
    def search_date(self) -> datetime.date:
        moment = self.last_published_at or self.first_published_at or timezone.now()
        return timezone.localdate(moment)


class InformationPage(WardInfoPage):
    """Trang thông tin: giới thiệu phường, chức năng nhiệm vụ, tiếp cận thông tin …"""

    class Meta:
        verbose_name = _("trang thông tin")
        verbose_name_plural = _("trang thông tin")


class OrganisationPage(WardInfoPage):
    """Cơ cấu tổ chức: các cơ quan, phòng, bộ phận của phường và việc của từng nơi."""

    content_panels = WardInfoPage.content_panels + [
        InlinePanel("units", heading=_("Các bộ phận"), label=_("bộ phận"), min_num=1)
    ]
    api_fields = WardInfoPage.api_fields + [APIField("units")]

    class Meta:
        verbose_name = _("trang cơ cấu tổ chức")
        verbose_name_plural = _("trang cơ cấu tổ chức")

    @property
    def search_text(self) -> str:
        units = (f"{unit.name}. {unit.tasks}" for unit in self.units.all())
        return "\n".join([*units, self.body_text])

    def json_ld(self, request=None) -> dict:
        """The committee with its units as `subOrganization`."""
        data = self.ward_organisation(request)
        units = []
        for unit in self.units.all():
            item = {"@type": "GovernmentOrganization", "name": unit.name}
            if unit.name_en:
                item["alternateName"] = unit.name_en
            if unit.tasks:
                item["description"] = unit.tasks
            if unit.phone:
                item["telephone"] = unit.phone
            if unit.email:
                item["email"] = unit.email
            units.append(item)
        if units:
            data["subOrganization"] = units
        return data


class OrganisationUnit(Orderable):
    page = ParentalKey(OrganisationPage, related_name="units", on_delete=models.CASCADE)
    name = models.CharField(
        _("tên bộ phận"),
        max_length=200,
        help_text=_("Ví dụ: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân."),
    )
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=200,
        blank=True,
        help_text=_(
            "Hiện trên trang tiếng Anh, ví dụ: Office of the People's Council."
        ),
    )
    tasks = models.TextField(
        _("chức năng, nhiệm vụ"),
        blank=True,
        max_length=2000,
        help_text=_("Bộ phận này làm những việc gì cho người dân."),
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("tasks"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]
    api_fields = [APIField(n) for n in ("name", "name_en", "tasks", "phone", "email")]

    class Meta(Orderable.Meta):
        verbose_name = _("bộ phận")
        verbose_name_plural = _("bộ phận")

    def __str__(self):
        return self.name


class ContactsPage(WardInfoPage):
    """Lãnh đạo và cán bộ đầu mối: họ tên, chức vụ, việc phụ trách, điện
    thoại, thư điện tử (Nghị định 42/2022/NĐ-CP, Điều 4)."""

    content_panels = WardInfoPage.content_panels + [
        InlinePanel(
            "officials",
            heading=_("Lãnh đạo, cán bộ đầu mối"),
            label=_("người"),
            min_num=1,
        )
    ]
    api_fields = WardInfoPage.api_fields + [APIField("officials")]

    class Meta:
        verbose_name = _("trang lãnh đạo và cán bộ đầu mối")
        verbose_name_plural = _("trang lãnh đạo và cán bộ đầu mối")

    @property
    def search_text(self) -> str:
        people = (
            f"{o.name}, {o.position}. {o.responsibilities}"
            for o in self.officials.all()
        )
        return "\n".join([*people, self.body_text])

    def json_ld(self, request=None) -> dict:
        """The committee, its leaders and officials as `employee`, the
        contact points as `contactPoint` (Nghị định 42/2022/NĐ-CP, Điều 4)."""
        data = self.ward_organisation(request)
        people, points = [], []
        for person in self.officials.all():
            item = {"@type": "Person", "name": person.name, "jobTitle": person.position}
            if person.phone:
                item["telephone"] = person.phone
            if person.email:
                item["email"] = person.email
            people.append(item)
            if person.is_contact_point:
                point = {
                    "@type": "ContactPoint",
                    "name": person.name,
                    "contactType": person.responsibilities or person.position,
                    "availableLanguage": "vi",
                }
                point.update(
                    {k: v for k, v in item.items() if k in ("telephone", "email")}
                )
                points.append(point)
        if people:
            data["employee"] = people
        if points:
            data["contactPoint"] = points
        return data


class OfficialContact(Orderable):
    page = ParentalKey(ContactsPage, related_name="officials", on_delete=models.CASCADE)
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(
        _("chức vụ"),
        max_length=200,
        help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân phường."),
    )
    position_en = models.CharField(
        _("chức vụ bằng tiếng Anh"),
        max_length=200,
        blank=True,
        help_text=_(
            "Hiện trên trang tiếng Anh, ví dụ: Chairman of the People's Committee."
        ),
    )
    responsibilities = models.TextField(
        _("phụ trách"),
        blank=True,
        max_length=1000,
        help_text=_("Lĩnh vực, việc người dân có thể liên hệ người này."),
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_contact_point = models.BooleanField(
        _("đầu mối liên hệ"),
        default=False,
        help_text=_("Người tiếp nhận thông tin, yêu cầu của người dân và báo chí."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldPanel("position_en"),
        FieldPanel("responsibilities"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("is_contact_point"), FieldPanel("photo")]),
    ]
    api_fields = [
        APIField(n)
        for n in (
            "name",
            "position",
            "position_en",
            "responsibilities",
            "phone",
            "email",
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lãnh đạo, cán bộ")
        verbose_name_plural = _("lãnh đạo, cán bộ")

    def __str__(self):
        return f"{self.name} ({self.position})"

    def clean(self):
        super().clean()
        if self.is_contact_point and not (self.phone or self.email):
            raise ValidationError(
                {"phone": _("Đầu mối liên hệ cần có số điện thoại hoặc thư điện tử.")}
            )


class OneStopPage(WardInfoPage):
    """Bộ phận tiếp nhận và trả kết quả (một cửa): địa chỉ và giờ làm việc lấy
    từ “Thông tin phường”; nội dung trang ghi thêm lịch tiếp công dân, cách hẹn."""

    class Meta:
        verbose_name = _("trang bộ phận một cửa")
        verbose_name_plural = _("trang bộ phận một cửa")

    @property
    def search_text(self) -> str:
        ward = self.ward_settings
        parts = [ward.one_stop_address, ward.one_stop_hours] if ward else []
        return "\n".join([*filter(None, parts), self.body_text])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The procedures section of the same site (directives' model, looked
        # up by name: directives.models imports this package).
        procedures = apps.get_model("directives", "ProcedureIndexPage").objects
        site = self.get_site()
        if site is not None:
            procedures = procedures.descendant_of(site.root_page)
        context["procedures"] = for_residents(procedures.all()).first()
        return context


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
        chosen = request.GET.get("nam", "")
        chosen = int(chosen) if chosen.isdigit() and int(chosen) in years else None
        groups: dict[int, list] = {}
        for document in documents:
            if chosen is None or document.year == chosen:
                groups.setdefault(document.year, []).append(document)
        context.update(years=years, chosen_year=chosen, groups=list(groups.items()))
        return context


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
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
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


class EnglishPage(WardPageMixin, Page):
    """Trang tiếng Anh (Nghị định 42/2022/NĐ-CP, Điều 7): giới thiệu ngắn bằng
    tiếng Anh; cơ cấu tổ chức và danh sách liên hệ lấy từ các trang tiếng Việt
    (tên tiếng Anh của bộ phận, chức vụ)."""

    intro = RichTextField(
        _("giới thiệu bằng tiếng Anh"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Vài câu tiếng Anh về phường, ví dụ vị trí, dân số, trụ sở."),
    )
    ward_name_en = models.CharField(
        _("tên phường bằng tiếng Anh"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Hai Chau Ward, Da Nang City."),
    )

    objects = WardPageManager()
    lang = "en"  # the language of its text: <html lang>, links to it
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("ward_name_en"),
        FieldPanel("intro"),
    ]
    api_fields = [APIField("ward_name_en"), APIField("intro")]
    parent_page_types = ["cms.AboutIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang tiếng Anh")
        verbose_name_plural = _("trang tiếng Anh")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["units"] = [
            unit
            for page in OrganisationPage.objects.child_of(parent).for_residents()[:1]
            for unit in page.units.all()
        ]
        context["officials"] = [
            person
            for page in ContactsPage.objects.child_of(parent).for_residents()[:1]
            for person in page.officials.all()
        ]
        return context
