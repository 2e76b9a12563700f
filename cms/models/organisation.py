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
from django.utils.functional import cached_property
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

from .about import WardInfoPage, WardOrganisationMixin, WardPageManager
from .site import WardPageMixin


def contact_details(item) -> dict:
    """The phone and e-mail of a unit or a person, as schema.org fields."""
    details = {"telephone": item.phone, "email": item.email}
    return {key: value for key, value in details.items() if value}


def with_units(data: dict, units, english: bool = False) -> dict:
    """`data` (the committee) with `units` as its `subOrganization`."""
    units = [unit.json_ld(english) for unit in units]
    return {**data, "subOrganization": units} if units else data


def with_people(data: dict, officials, english: bool = False) -> dict:
    """`data` (the committee) with its leaders and officials as `employee`,
    the contact points as `contactPoint` (Nghị định 42/2022/NĐ-CP, Điều 4)."""
    officials = list(officials)
    if officials:
        data = {**data, "employee": [o.json_ld(english) for o in officials]}
    points = [o.contact_point(english) for o in officials if o.is_contact_point]
    return {**data, "contactPoint": points} if points else data


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
        return with_units(self.ward_organisation(request), self.units.all())


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

    def json_ld(self, english: bool = False) -> dict:
        """The unit as a schema.org GovernmentOrganization, named in English
        on the English page (its tasks are written in Vietnamese only)."""
        name, other = self.name, self.name_en
        if english and self.name_en:
            name, other = self.name_en, self.name
        item = {"@type": "GovernmentOrganization", "name": name}
        if other:
            item["alternateName"] = other
        if self.tasks and not english:
            item["description"] = self.tasks
        return {**item, **contact_details(self)}


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
        return with_people(self.ward_organisation(request), self.officials.all())


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

    def json_ld(self, english: bool = False) -> dict:
        """The person as a schema.org Person, with the English position on
        the English page when there is one."""
        position = (english and self.position_en) or self.position
        item = {"@type": "Person", "name": self.name, "jobTitle": position}
        return {**item, **contact_details(self)}

    def contact_point(self, english: bool = False) -> dict:
        """The person as a schema.org ContactPoint (they answer in Vietnamese)."""
        subject = (english and self.position_en) or (
            self.responsibilities or self.position
        )
        return {
            "@type": "ContactPoint",
            "name": self.name,
            "contactType": subject,
            "availableLanguage": "vi",
            **contact_details(self),
        }

    def clean(self):
        super().clean()
        if self.is_contact_point and not (self.phone or self.email):
            raise ValidationError(
                {"phone": _("Đầu mối liên hệ cần có số điện thoại hoặc thư điện tử.")}
            )


class EnglishPage(WardOrganisationMixin, WardPageMixin, Page):
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

    @cached_property
    def units(self) -> list[OrganisationUnit]:
        """The units of the structure page beside this one, if residents see it."""
        pages = OrganisationPage.objects.child_of(self.get_parent()).for_residents()
        return [unit for page in pages[:1] for unit in page.units.all()]

    @cached_property
    def officials(self) -> list[OfficialContact]:
        """The people of the contacts page beside this one, if residents see it."""
        pages = ContactsPage.objects.child_of(self.get_parent()).for_residents()
        return [person for page in pages[:1] for person in page.officials.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["units"] = self.units
        context["officials"] = self.officials
        return context

    def json_ld(self, request=None) -> dict:
        """The committee with its units and people, named in English."""
        data = self.ward_organisation(request)
        if self.ward_name_en:
            data["alternateName"] = f"People's Committee of {self.ward_name_en}"
        data = with_units(data, self.units, english=True)
        return with_people(data, self.officials, english=True)
