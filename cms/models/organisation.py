"""The ward's organisational structure (`OrganisationPage` with its units)
and its leaders and contact officials (`ContactsPage` with its people), as
Nghị định 42/2022/NĐ-CP Art. 4.1 asks: name, position, phone and e-mail.
The English page (`EnglishPage`, Art. 7) prints this structure and these
contacts from the Vietnamese pages' English names and positions, not from a
second copy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .about import WardInfoPage, WardPageManager
from .site import WardPageMixin


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
