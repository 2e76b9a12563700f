"""Directives (văn bản chỉ đạo): the page, its links to other directives and
the list with its filters."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.cards import directive_card_rows
from cms.visibility import ResidentQuerySet, for_residents
from search import analysis
from search.builder import (
    WEIGHT_IN_FORCE,
    WEIGHT_NOT_IN_FORCE,
    iso_day,
    number_tokens,
)

from ..forms import DirectiveFilterForm
from ..loudspeaker.script import dmy, lower_first
from ..panels import OriginalTextPanel, ReadingTimePanel
from ..vocabulary import DOC_TYPES
from .base import (
    BroadcastMixin,
    ContentPage,
    PosterMixin,
    SectionPage,
    visible_page,
    visible_pages,
)
from .originals import OriginalFileMixin
from .snippets import IssuingBody


class DirectiveStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REPLACED = "replaced", _("Bị thay thế")


def legislation_ref(directive, request=None) -> dict:
    """A short schema.org `Legislation` pointing at a directive's page."""
    return {
        "@type": "Legislation",
        "name": directive.title,
        "legislationIdentifier": directive.number,
        "url": directive.get_full_url(request),
    }


class DirectivePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "directives.DirectivePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("chủ đề của văn bản")
        verbose_name_plural = _("chủ đề của văn bản")


def as_seen_on(site, pages: dict) -> dict:
    """{pk: page} as a ward shows them: a page of the ward stays, a city
    library page becomes the ward's copy of it (cms.wards), a page of another
    ward or one the ward has no visible copy of is left out. `site` None
    (a page under no ward: the library's, in preview) keeps them all."""
    if site is None:
        return pages
    root = site.root_page.path
    outside = [pk for pk, page in pages.items() if not page.path.startswith(root)]
    copies = {}
    if outside:
        copies = {
            copy.alias_of_id: copy
            for copy in for_residents(
                DirectivePage.objects.filter(alias_of__in=outside)
                .descendant_of(site.root_page)
                .select_related("issuer")
            )
        }
    return {
        pk: page if page.path.startswith(root) else copies[pk]
        for pk, page in pages.items()
        if page.path.startswith(root) or pk in copies
    }


class DirectiveQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().select_related("issuer")

    def by_number(self, number: str):
        key = analysis.symbol_key(number)
        return self.filter(number_key=key) if key else self.none()


DirectiveManager = PageManager.from_queryset(DirectiveQuerySet)


class DirectivePage(BroadcastMixin, PosterMixin, OriginalFileMixin, ContentPage):
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
    tags = ClusterTaggableManager(
        verbose_name=_("chủ đề"), through=DirectivePageTag, blank=True
    )

    objects = DirectiveManager()
    kind = "directive"
    kind_label = _("Văn bản chỉ đạo")
    og_type = "article"

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
        OriginalTextPanel(),
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

    # A ward's own directives, or the city library's shared ones (cms.wards).
    parent_page_types = ["directives.DirectiveIndexPage", "cms.CityLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        # Lists sort by date; without it every list page sorts the whole table.
        indexes = [
            models.Index(fields=["signed_on"], name="directive_signed_on"),
            # The list of a section, newest first, from the index alone; its
            # filters (hiệu lực, loại, cơ quan) and its count too, without
            # reading the rows (the body is in them).
            models.Index(
                fields=[
                    "listed_in",
                    "signed_on",
                    "page_ptr",
                    "status",
                    "doc_type",
                    "issuer",
                ],
                name="directive_listed_filters",
            ),
        ]

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
            # A blank number is Django's "required" message alone.
            if self.number:
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

    def citing_notices(self):
        return self._citing(apps.get_model("directives", "NoticePage"))

    def citing_articles(self):
        return self._citing(apps.get_model("directives", "ArticlePage"))

    def _citing(self, model):
        """Visible pages of `model` that implement this directive (none yet
        for a new directive in preview)."""
        if self.pk is None:
            return model.objects.none()
        # A ward's copy of a library directive: its ward's pages that cite
        # the copy or the original; never another ward's.
        cited = [self.pk, self.alias_of_id] if self.alias_of_id else [self.pk]
        pages = model.objects.visible().filter(directives__in=cited).distinct()
        site = self.get_site()
        return pages.in_site(site) if site else pages.none()

    def related_directives(self):
        """Directives this one links to, and those linking to it, with the link,
        leaving out any a resident may not see. Works on an unsaved page in
        preview, whose relations are still in memory."""
        links = [
            (rel.get_kind_display(), rel.target_id) for rel in self.relations.all()
        ]
        if self.pk:
            # A copy of a library directive is the target of its original's
            # links too.
            cited = [self.pk, self.alias_of_id] if self.alias_of_id else [self.pk]
            links += [
                (rel.get_inverse_display(), rel.page_id)
                for rel in apps.get_model(
                    "directives", "DirectiveRelation"
                ).objects.filter(target__in=cited)
            ]
        pages = as_seen_on(
            self.get_site(),
            visible_pages(
                DirectivePage.objects.select_related("issuer"), {pk for _, pk in links}
            ),
        )
        shown, seen = [], set()
        for label, pk in links:
            page = pages.get(pk)
            if page is not None and (label, page.pk) not in seen and page.pk != self.pk:
                seen.add((label, page.pk))
                shown.append((label, page))
        return shown

    @property
    def poster_label(self) -> str:
        return self.doc_type

    def script_heading(self) -> str:
        return (
            f"{self.doc_type} {self.number} ngày {dmy(self.signed_on)} "
            f"của {self.issuer.name}, {lower_first(self.title)}."
        )

    def script_body(self) -> list[str]:
        return [f"Nội dung chính: {self.summary}"]

    def script_reminder(self) -> list[str]:
        return [*super().script_reminder(), self.summary]

    def script_issuer(self) -> str:
        return self.issuer.name

    def describe_for_search(self, doc) -> None:
        issuer = self.issuer
        doc.summary = self.summary
        doc.about = " ".join(
            part for part in (self.doc_type, issuer.name, issuer.short_name) if part
        )
        # How people name a document: its type and its number ("chỉ thị 29").
        doc.number_tokens = (
            number_tokens(self.number) + analysis.fold(self.doc_type).split()
        )
        doc.doc_type, doc.issuer, doc.status = self.doc_type, issuer.name, self.status
        doc.year, doc.date = self.signed_on.year, self.signed_on.toordinal()
        in_force = self.status == DirectiveStatus.IN_FORCE
        doc.weight = WEIGHT_IN_FORCE if in_force else WEIGHT_NOT_IN_FORCE
        doc.display.update(
            number=self.number,
            doc_type=self.doc_type,
            issuer=issuer.name,
            signed_on=iso_day(self.signed_on),
            status=self.status,
        )
        self.describe_original_for_search(doc)

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
        targets = as_seen_on(
            self.get_site(),
            visible_pages(
                DirectivePage.objects.all(), [rel.target_id for rel in relations]
            ),
        )
        for rel in relations:
            target = targets.get(rel.target_id)
            if target is None:
                continue  # a private or draft directive is not named
            data.setdefault(self.JSON_LD_RELATIONS[rel.kind], []).append(
                legislation_ref(target, request)
            )
        return data


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
        context = super().get_context(request, *args, **kwargs)
        since = timezone.now()
        directives = directive_card_rows(DirectivePage.objects.listed_in(self))
        form = DirectiveFilterForm(
            request.GET or None, directives=directives, cache_key=str(self.pk)
        )
        directives = form.filter(directives).order_by("-signed_on", "-pk")
        context["filter_form"] = form
        context["directives"] = self.paginate(
            request, directives, count_key=form.applied, since=since
        )
        return context
