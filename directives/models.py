"""The ward's documents: directives, notices, news and campaigns.

Docstrings on models speak to editors; they appear in the Wagtail admin.
"""

import datetime
from urllib.parse import urlsplit

from django.contrib.admin import display as admin_display
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.models import WardPageMixin, WardSettings
from cms.sharing import card_url as sharing_card_url
from cms.sharing import description as sharing_description
from cms.structured_data import StructuredDataMixin, area, home_url, organisation
from cms.visibility import ResidentQuerySet, for_residents
from search import analysis

from .blocks import BodyBlock, stream_to_text
from .panels import ReadingTimePanel

DOC_TYPES = [
    "Chỉ thị",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Kế hoạch",
    "Thông tư",
    "Hướng dẫn",
    "Công văn",
    "Kết luận",
    "Quy định",
    "Quy chế",
    "Luật",
    "Pháp lệnh",
    "Thông báo",
    "Thông tri",
    "Công điện",
    "Chương trình",
    "Đề án",
    "Báo cáo",
]


def doc_type_choice(value: str) -> str | None:
    """The canonical spelling of a document type, whatever its case or accents."""
    wanted = analysis.fold(value or "")
    for choice in DOC_TYPES:
        if analysis.fold(choice) == wanted:
            return choice
    return None


class IssuerLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện")
    WARD = "ward", _("Phường, xã")


class DirectiveStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REPLACED = "replaced", _("Bị thay thế")


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
        folded = analysis.fold(name)
        if any(w in folded for w in ("phuong", " xa ", "thi tran")):
            return IssuerLevel.WARD
        if any(w in folded for w in ("quan", "huyen", "thi xa", "thi uy")):
            return IssuerLevel.DISTRICT
        if any(w in folded for w in ("tinh", "thanh pho", "thanh uy")):
            return IssuerLevel.PROVINCE
        return IssuerLevel.CENTRAL


class ContentPage(StructuredDataMixin, WardPageMixin, Page):
    """Shared behaviour of every document page: body text, kind, citations."""

    body = StreamField(
        BodyBlock(),
        verbose_name=_("nội dung"),
        blank=True,
        help_text=_("Toàn văn: đoạn văn, tiêu đề mục, danh sách, trích dẫn."),
    )

    kind = ""  # directive, notice, article, campaign: the API's "kind"

    class Meta:
        abstract = True

    @cached_property
    def body_text(self) -> str:
        return stream_to_text(self.body)

    def renditions(self) -> list[tuple[str, str]]:
        """(label, url) of the printable and spoken versions of this page."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A draft in preview has no poster or script yet: no dead links.
        context["renditions"] = self.renditions() if self.live else []
        return context


class BroadcastMixin:
    """Directives and notices are read on the loudspeakers: link the script."""

    def renditions(self) -> list[tuple[str, str]]:
        url = self.url
        return super().renditions() + [
            (_("Kịch bản đọc trên loa"), f"{url}loa.html"),
            (_("Tải kịch bản (.txt)"), f"{url}loa.txt"),
            (_("Nghe bản đọc"), f"{url}loa.wav"),
        ]

    def reading_minutes(self, ward) -> int:
        from .broadcast import build_script

        return build_script(self, ward).minutes

    def get_context(self, request, *args, **kwargs):
        from cms.models import WardSettings

        context = super().get_context(request, *args, **kwargs)
        context["reading_minutes"] = self.reading_minutes(
            WardSettings.for_request(request)
        )
        return context


class PosterMixin:
    """Directives, notices and campaigns print as posters for the notice board."""

    def renditions(self) -> list[tuple[str, str]]:
        return super().renditions() + [
            (_("Áp phích để in (PDF, A4)"), f"{self.url}poster.pdf"),
        ]


def ward_settings_of(page):
    """The WardSettings of the Site that serves `page` (None outside any)."""
    site = page.get_site()
    return WardSettings.for_site(site) if site else None


def legislation_ref(directive, request=None) -> dict:
    """A short schema.org `Legislation` pointing at a directive's page."""
    return {
        "@type": "Legislation",
        "name": directive.title,
        "legislationIdentifier": directive.number,
        "url": directive.get_full_url(request),
    }


def visible_pages(queryset: PageQuerySet, ids) -> dict:
    """{pk: page} of the pages among `ids` that a resident may see (live and
    public): for links held in memory, which preview cannot query."""
    ids = {pk for pk in ids if pk}
    return for_residents(queryset.filter(pk__in=ids)).in_bulk() if ids else {}


def visible_page(model, pk):
    """The page `pk` of `model` if a resident may see it, else None."""
    return visible_pages(model.objects.all(), [pk]).get(pk)


class DirectivePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "directives.DirectivePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("chủ đề của văn bản")
        verbose_name_plural = _("chủ đề của văn bản")


class DirectiveQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().select_related("issuer")

    def by_number(self, number: str):
        key = analysis.symbol_key(number)
        return self.filter(number_key=key) if key else self.none()


DirectiveManager = PageManager.from_queryset(DirectiveQuerySet)


class DirectivePage(BroadcastMixin, PosterMixin, ContentPage):
    """Văn bản chỉ đạo (chỉ thị, nghị quyết, kế hoạch…) kèm phần tóm tắt dễ hiểu."""

    doc_type = models.CharField(
        _("loại văn bản"),
        max_length=40,
        choices=[(t, t) for t in DOC_TYPES],
        default="Chỉ thị",
    )
    number = models.CharField(
        _("số, ký hiệu"),
        max_length=60,
        help_text=_(
            "Ghi đúng như trên văn bản, ví dụ 29-CT/TU, 26/CT-TTg, 90/2013/NĐ-CP."
        ),
    )
    number_key = models.CharField(max_length=80, editable=False, db_index=True)
    issuer = models.ForeignKey(
        IssuingBody,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    signer = models.CharField(
        _("người ký"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: T/M Ban Thường vụ, Bí thư Nguyễn Văn A."),
    )
    signed_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(
        _("ngày có hiệu lực"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu có hiệu lực từ ngày ký."),
    )
    status = models.CharField(
        _("tình trạng hiệu lực"),
        max_length=20,
        choices=DirectiveStatus.choices,
        default=DirectiveStatus.IN_FORCE,
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("văn bản thay thế"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("Chọn khi tình trạng là “Bị thay thế”."),
    )
    summary = models.TextField(
        _("tóm tắt dễ hiểu"),
        help_text=_(
            "Vài câu bằng lời thường: văn bản yêu cầu gì, ai phải làm, người dân "
            "cần biết gì. Hiện đầu tiên trên trang và trên áp phích."
        ),
    )
    original_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bản chụp hoặc bản ký số (PDF) của văn bản."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("chủ đề"), through=DirectivePageTag, blank=True
    )

    objects = DirectiveManager()
    kind = "directive"

    @property
    def issuer_name(self) -> str:
        return self.issuer.name if self.issuer_id else ""

    content_panels = [
        # No slug sync: a directive's address comes from its number
        # (default_slug), filled on save when the slug is left empty.
        TitleFieldPanel(
            "title",
            targets=[],
            help_text=_("Trích yếu: nội dung chính của văn bản."),
            placeholder=_("Trích yếu*"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("signed_on"), FieldPanel("effective_on")]),
                FieldPanel("signer"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("replaced_by")]),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("original_file"),
        InlinePanel("relations", heading=_("Văn bản liên quan"), label=_("liên kết")),
        FieldPanel("tags"),
        ReadingTimePanel(),
    ]

    api_fields = [
        APIField("doc_type"),
        APIField("number"),
        APIField("issuer_name"),
        APIField("signed_on"),
        APIField("effective_on"),
        APIField("status"),
        APIField("summary"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        # The admin's page search and choosers match as the editor types
        # (autocomplete): by number and type ("chi thi 29", "29 CT TU"). The
        # number twice, so that the document itself outranks a page that
        # only cites it in its title (PostgreSQL ranks by occurrences).
        index.AutocompleteField("display_name"),
        index.AutocompleteField("number"),
        index.SearchField("display_name"),
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("body_text"),
        index.FilterField("doc_type"),
        index.FilterField("status"),
        index.FilterField("issuer"),
        index.FilterField("signed_on"),
        index.RelatedFields("issuer", [index.SearchField("name")]),
    ]

    parent_page_types = ["directives.DirectiveIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        # Lists sort by date; without it every list page sorts the whole table.
        indexes = [models.Index(fields=["signed_on"], name="directive_signed_on")]

    def __str__(self):
        return self.title

    def get_admin_display_title(self):
        """“Chỉ thị 29-CT/TU — trích yếu” in the explorer, choosers and lists,
        so that two directives with near-identical subjects are told apart."""
        if {"doc_type", "number"} & self.get_deferred_fields():
            # Listings that defer specific fields: one query, not two.
            self.refresh_from_db(fields=["doc_type", "number"])
        return f"{self.display_name} — {super().get_admin_display_title()}"

    def clean(self):
        super().clean()
        try:
            self.number = analysis.clean_number(self.number)
        except ValueError as exc:
            raise ValidationError({"number": str(exc)}) from exc
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError(
                {"replaced_by": _("Văn bản không thể thay thế chính nó.")}
            )
        if self.effective_on and self.signed_on and self.effective_on < self.signed_on:
            raise ValidationError(
                {"effective_on": _("Ngày có hiệu lực không thể trước ngày ban hành.")}
            )

    def save(self, *args, **kwargs):
        self.number_key = analysis.symbol_key(self.number) or analysis.fold(self.number)
        super().save(*args, **kwargs)

    def default_slug(self) -> str:
        """“chi-thi-29-ct-tu-2013”: type, number and year, as residents cite it."""
        if not self.number:
            return super().default_slug()
        year = self.signed_on.year if self.signed_on else ""
        return analysis.slugify(f"{self.doc_type} {self.number} {year}")

    @property
    def display_name(self) -> str:
        """“Chỉ thị 29-CT/TU”: how the document is usually named."""
        return f"{self.doc_type} {self.number}"

    @property
    def is_in_force(self) -> bool:
        return self.status == DirectiveStatus.IN_FORCE

    def citing_notices(self):
        return self._citing(NoticePage)

    def citing_articles(self):
        return self._citing(ArticlePage)

    def _citing(self, model):
        """Visible pages of `model` that implement this directive (none yet
        for a new directive in preview)."""
        if self.pk is None:
            return model.objects.none()
        return model.objects.visible().filter(directives=self)

    def related_directives(self):
        """Directives this one links to, and those linking to it, with the link,
        leaving out any a resident may not see. Works on an unsaved page in
        preview, whose relations are still in memory."""
        links = [
            (rel.get_kind_display(), rel.target_id) for rel in self.relations.all()
        ]
        if self.pk:
            links += [
                (rel.get_inverse_display(), rel.page_id)
                for rel in DirectiveRelation.objects.filter(target=self)
            ]
        pages = visible_pages(
            DirectivePage.objects.select_related("issuer"), {pk for _, pk in links}
        )
        return [(label, pages[pk]) for label, pk in links if pk in pages]

    @property
    def share_subtitle(self) -> str:
        return f"{self.doc_type} {self.number}"

    @property
    def visible_replacement(self):
        """The directive that replaces this one, if a resident may see it."""
        return visible_page(DirectivePage, self.replaced_by_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_directives()
        context["notices"] = self.citing_notices()
        context["articles"] = self.citing_articles()
        return context

    # schema.org's words for the typed links to other directives.
    JSON_LD_RELATIONS = {
        "based_on": "isBasedOn",
        "implements": "legislationEnsuresImplementationOf",
        "replaces": "legislationChanges",
    }

    def json_ld(self, request=None) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.title,
            "url": self.get_full_url(request),
            # Every issuer of this portal's documents is Vietnamese.
            "legislationJurisdiction": "VN",
            "legislationIdentifier": self.number,
            "legislationType": self.doc_type,
            "legislationDate": self.signed_on.isoformat(),
            "legislationPassedBy": {"@type": "Organization", "name": self.issuer.name},
            "legislationLegalForce": {
                DirectiveStatus.IN_FORCE: "https://schema.org/InForce",
                DirectiveStatus.EXPIRED: "https://schema.org/NotInForce",
                DirectiveStatus.REPLACED: "https://schema.org/NotInForce",
            }[self.status],
            "inLanguage": "vi",
            "abstract": self.summary,
        }
        if self.effective_on:
            data["legislationDateVersion"] = self.effective_on.isoformat()
        if self.signer:
            data["legislationResponsible"] = {"@type": "Person", "name": self.signer}
        relations = list(self.relations.all())
        targets = visible_pages(
            DirectivePage.objects.all(), [rel.target_id for rel in relations]
        )
        for rel in relations:
            target = targets.get(rel.target_id)
            if target is None:
                continue  # a private or draft directive is not named
            data.setdefault(self.JSON_LD_RELATIONS[rel.kind], []).append(
                legislation_ref(target, request)
            )
        return data


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
        DirectivePage, related_name="relations", on_delete=models.CASCADE
    )
    kind = models.CharField(_("quan hệ"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        DirectivePage,
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


class DatedQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().order_by("-published_on", "-pk")

    def current(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.visible().filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )

    def expired(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.visible().filter(valid_until__lt=today)


DatedManager = PageManager.from_queryset(DatedQuerySet)


def linked_visible_directives(page):
    """The directives `page` links to through its `directives` field that a
    resident may see. In preview the links are still in memory (a
    modelcluster FakeQuerySet, which has no live() or public())."""
    ids = page.directives.values_list("id", flat=True)
    return (
        DirectivePage.objects.filter(pk__in=ids).visible().order_by("-signed_on", "-pk")
    )


class ImplementsDirectivesMixin(models.Model):
    """Pages that carry out directives: notices and news articles."""

    published_on = models.DateField(_("ngày đăng"), default=timezone.localdate)
    directives = ParentalManyToManyField(
        DirectivePage,
        verbose_name=_("văn bản thực hiện"),
        blank=True,
        related_name="+",
        help_text=_("Các văn bản chỉ đạo mà bài này triển khai."),
    )
    campaign = models.ForeignKey(
        "directives.CampaignPage",
        verbose_name=_("đợt tuyên truyền"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DatedManager()

    class Meta:
        abstract = True

    def linked_directives(self):
        return linked_visible_directives(self)

    @property
    def visible_campaign(self):
        return visible_page(CampaignPage, self.campaign_id)


class NoticePage(BroadcastMixin, PosterMixin, ImplementsDirectivesMixin, ContentPage):
    """Thông báo niêm yết của phường.

    Hết hạn vẫn xem được, nhưng tự rời danh sách thông báo đang hiệu lực.
    """

    valid_until = models.DateField(
        _("hiệu lực đến"),
        null=True,
        blank=True,
        help_text=_(
            "Sau ngày này thông báo được đánh dấu hết hạn. Để trống: không thời hạn."
        ),
    )
    posted_at = models.CharField(
        _("niêm yết tại"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ví dụ: Bảng tin trụ sở UBND phường và nhà văn hóa các tổ dân phố."
        ),
    )
    audience = models.CharField(
        _("đối tượng"),
        max_length=120,
        default="Toàn phường",
        help_text=_(
            "Ví dụ: Toàn phường; Tổ dân phố 5; Hộ kinh doanh trên đường Bạch Đằng."
        ),
    )

    kind = "notice"

    content_panels = [
        TitleFieldPanel("title"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("posted_at"), FieldPanel("audience")]),
        FieldPanel("body"),
        FieldPanel("directives"),
        FieldPanel("campaign"),
        ReadingTimePanel(),
    ]
    api_fields = [
        APIField("published_on"),
        APIField("valid_until"),
        APIField("posted_at"),
        APIField("audience"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body_text"),
        index.FilterField("published_on"),
        index.FilterField("valid_until"),
    ]
    parent_page_types = ["directives.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["published_on"], name="notice_published_on")]

    def clean(self):
        super().clean()
        if (
            self.valid_until
            and self.published_on
            and self.valid_until < self.published_on
        ):
            raise ValidationError(
                {"valid_until": _("Ngày hết hạn không thể trước ngày đăng.")}
            )

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    def json_ld(self, request=None) -> dict:
        """schema.org `SpecialAnnouncement`: a notice to the residents of a
        place, from its posting day until it lapses."""
        ward = ward_settings_of(self)
        home = home_url(self, request)
        data = {
            "@context": "https://schema.org",
            "@type": "SpecialAnnouncement",
            "name": self.title,
            "url": self.get_full_url(request),
            "datePosted": self.published_on.isoformat(),
            "inLanguage": "vi",
            "announcementLocation": area(ward),
            "spatialCoverage": area(ward),
            "author": organisation(ward, home),
            "text": sharing_description(self),
        }
        if self.valid_until:
            data["expires"] = self.valid_until.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        directives = list(self.linked_directives())
        if directives:
            data["about"] = [legislation_ref(d, request) for d in directives]
        return data


class ArticlePage(ImplementsDirectivesMixin, ContentPage):
    """Tin tức: phường triển khai các văn bản chỉ đạo như thế nào."""

    author = models.CharField(_("tác giả"), max_length=120, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.TextField(
        _("đoạn mở đầu"), blank=True, help_text=_("Một đoạn ngắn tóm ý chính của bài.")
    )

    kind = "article"

    content_panels = [
        TitleFieldPanel("title"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("author")]),
        FieldPanel("lead"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("directives"),
        FieldPanel("campaign"),
    ]
    api_fields = [
        APIField("published_on"),
        APIField("author"),
        APIField("lead"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body_text"),
        index.FilterField("published_on"),
    ]
    parent_page_types = ["directives.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        indexes = [models.Index(fields=["published_on"], name="article_published_on")]

    @property
    def valid_until(self):
        return None

    def json_ld(self, request=None) -> dict:
        """schema.org `NewsArticle`: who wrote it, when, for which ward."""
        ward = ward_settings_of(self)
        home = home_url(self, request)
        publisher = organisation(ward, home)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "url": self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            "datePublished": self.published_on.isoformat(),
            "inLanguage": "vi",
            "publisher": publisher,
            "author": (
                {"@type": "Person", "name": self.author} if self.author else publisher
            ),
            "description": sharing_description(self),
            "image": [sharing_card_url(self, request)],
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        directives = list(self.linked_directives())
        if directives:
            data["about"] = [legislation_ref(d, request) for d in directives]
        return data


class CampaignQuerySet(ResidentQuerySet):
    def running(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return (
            self.for_residents()
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .order_by("-starts_on")
        )


class CampaignSlogan(Orderable):
    page = ParentalKey(
        "directives.CampaignPage", related_name="slogans", on_delete=models.CASCADE
    )
    text = models.CharField(
        _("khẩu hiệu"), max_length=255, help_text=_("Ví dụ: 5 xây, 3 chống.")
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("khẩu hiệu")
        verbose_name_plural = _("khẩu hiệu")

    def __str__(self):
        return self.text


class CampaignPage(PosterMixin, ContentPage):
    """Đợt tuyên truyền: khẩu hiệu, thời gian, văn bản, thông báo và tin bài."""

    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    summary = models.TextField(
        _("mục đích"), blank=True, help_text=_("Đợt tuyên truyền nhằm điều gì, cho ai.")
    )
    directives = ParentalManyToManyField(
        DirectivePage, verbose_name=_("văn bản"), blank=True, related_name="+"
    )

    objects = PageManager.from_queryset(CampaignQuerySet)()
    kind = "campaign"

    content_panels = [
        TitleFieldPanel("title", help_text=_("Tên đợt tuyên truyền.")),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("summary"),
        InlinePanel("slogans", heading=_("Khẩu hiệu"), label=_("khẩu hiệu")),
        FieldPanel("directives"),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("summary"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body_text"),
    ]
    parent_page_types = ["directives.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("đợt tuyên truyền")
        verbose_name_plural = _("đợt tuyên truyền")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Ngày kết thúc không thể trước ngày bắt đầu.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for name, model in (("notices", NoticePage), ("articles", ArticlePage)):
            # A new campaign in preview has nothing filed under it yet.
            pages = model.objects.visible()
            context[name] = pages.filter(campaign=self) if self.pk else pages.none()
        context["campaign_directives"] = linked_visible_directives(self)
        return context


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


class SectionPage(WardPageMixin, Page):
    """A section of the portal; lists its children."""

    intro = RichTextField(
        _("giới thiệu"), blank=True, features=["bold", "italic", "link"]
    )
    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count = 1
    per_page = 20

    class Meta:
        abstract = True

    def paginate(self, request, queryset, param: str = "page"):
        from django.core.paginator import Paginator

        return Paginator(queryset, self.per_page).get_page(request.GET.get(param))


class DirectiveIndexPage(SectionPage):
    """Danh mục văn bản chỉ đạo, có bộ lọc theo loại, cơ quan, năm, hiệu lực."""

    subpage_types = ["directives.DirectivePage"]
    default_description = _(
        "Các văn bản chỉ đạo phường thực hiện, kèm tóm tắt dễ hiểu: tìm theo "
        "số hiệu, loại văn bản, cơ quan ban hành, năm và hiệu lực."
    )

    class Meta:
        verbose_name = _("danh mục văn bản")

    def get_context(self, request, *args, **kwargs):
        from .forms import DirectiveFilterForm

        context = super().get_context(request, *args, **kwargs)
        directives = DirectivePage.objects.child_of(self).visible()
        form = DirectiveFilterForm(
            request.GET or None, directives=directives, cache_key=str(self.pk)
        )
        directives = form.filter(directives).order_by("-signed_on", "-pk")
        context["filter_form"] = form
        context["directives"] = self.paginate(request, directives)
        return context


class NoticeIndexPage(SectionPage):
    """Danh sách thông báo: đang hiệu lực trước, hết hạn sau."""

    subpage_types = ["directives.NoticePage"]
    default_description = _(
        "Thông báo của phường gửi bà con: đang hiệu lực trước, đã hết hạn sau."
    )

    class Meta:
        verbose_name = _("danh sách thông báo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.child_of(self)
        context["current_notices"] = self.paginate(request, notices.current())
        context["expired_notices"] = self.paginate(
            request, notices.expired(), param="het-han"
        )
        return context


class ArticleIndexPage(SectionPage):
    """Tin tức về việc triển khai các văn bản tại phường."""

    subpage_types = ["directives.ArticlePage"]
    default_description = _(
        "Tin tức về việc phường và các tổ dân phố thực hiện các văn bản chỉ đạo."
    )

    class Meta:
        verbose_name = _("chuyên mục tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).visible()
        context["articles"] = self.paginate(request, articles)
        return context


class CampaignIndexPage(SectionPage):
    """Các đợt tuyên truyền của phường."""

    subpage_types = ["directives.CampaignPage"]
    default_description = _(
        "Các đợt tuyên truyền của phường: khẩu hiệu, thời gian, văn bản và tin bài."
    )

    class Meta:
        verbose_name = _("danh sách đợt tuyên truyền")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = CampaignPage.objects.child_of(self).for_residents()
        # The campaign card shows the first slogan.
        context["campaigns"] = campaigns.order_by("-starts_on", "-pk").prefetch_related(
            "slogans"
        )
        return context


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


class BroadcastPeriod(models.TextChoices):
    MORNING = "morning", _("Buổi sáng")
    EVENING = "evening", _("Buổi chiều")


class BroadcastSlot(models.Model):
    """Một bài phát trên loa truyền thanh: ngày, buổi và văn bản hoặc thông báo."""

    day = models.DateField(_("ngày phát"), default=timezone.localdate)
    period = models.CharField(
        _("buổi"),
        max_length=10,
        choices=BroadcastPeriod.choices,
        default=BroadcastPeriod.MORNING,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("văn bản hoặc thông báo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đọc trước.")
    )
    note = models.CharField(
        _("ghi chú cho phát thanh viên"), max_length=255, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("period")]),
        PageChooserPanel("page", ["directives.DirectivePage", "directives.NoticePage"]),
        FieldPanel("sort_order"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("lượt phát thanh")
        verbose_name_plural = _("lịch phát thanh")
        ordering = ["day", "period", "sort_order", "pk"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_period_display()}: {self.page.title}"

    @admin_display(description=_("văn bản hoặc thông báo"))
    def page_name(self) -> str:
        """“Chỉ thị 29-CT/TU — trích yếu” for a directive, the title otherwise."""
        return self.page.specific_deferred.get_admin_display_title()

    @admin_display(description=_("thời lượng đọc"))
    def reading_time(self) -> str:
        page = self.page.specific
        if not isinstance(page, BroadcastMixin):
            return "–"
        from cms.models import WardSettings

        site = page.get_site()
        minutes = page.reading_minutes(WardSettings.for_site(site)) if site else 0
        return _("khoảng %(minutes)s phút") % {"minutes": minutes}

    def clean(self):
        if self.page_id and not isinstance(
            self.page.specific, (DirectivePage, NoticePage)
        ):
            raise ValidationError(
                {"page": _("Chỉ chọn được văn bản chỉ đạo hoặc thông báo.")}
            )


class RenditionRecord(models.Model):
    """That a page's poster or loudspeaker script was produced for one of its
    revisions: the dashboard lists live pages whose current version has none."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("áp phích")
        SCRIPT = "script", _("kịch bản phát thanh")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    revision_id = models.BigIntegerField(null=True)
    first_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần tạo áp phích, kịch bản")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "revision_id"], name="one_record_per_revision"
            )
        ]

    @classmethod
    def note(cls, page, kind: str) -> None:
        """Record that `page`'s live revision now has a rendition of `kind`."""
        # 0 for a page published without a revision (NULL never compares equal).
        cls.objects.get_or_create(
            page_id=page.pk, kind=kind, revision_id=page.live_revision_id or 0
        )

    @classmethod
    def missing(cls, pages, kind: str):
        """`pages` whose live revision has no rendition of `kind` yet."""
        done = cls.objects.filter(
            page=models.OuterRef("pk"), kind=kind, revision_id=models.OuterRef("rev")
        )
        revision = Coalesce("live_revision_id", 0)
        return pages.annotate(rev=revision).filter(~models.Exists(done))
