"""The site itself: the home page and the ward's settings."""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, Site

from cms.cards import directive_card_rows, notice_card_rows
from cms.cleaning import clean_instance
from cms.forms import WardPageForm
from cms.sites import site_by_id, site_root_paths
from cms.visibility import children_of
from directives import vocabulary
from directives.caching import VersionMemo, copy_instance
from search import analysis

# Kept per content version in each process (directives/caching.py): a
# page's view restrictions, the sections under a home page (for routing and
# for its lists), a ward's settings.
_RESTRICTIONS = VersionMemo(maxsize=4096)
_SECTIONS = VersionMemo(maxsize=64)
_CHILDREN = VersionMemo(maxsize=64)
_SETTINGS = VersionMemo(maxsize=64)


class WardPageMixin:
    """What every page type of the portal shares in the admin: its form, a
    slug made from the title the way residents would type it, and text
    without control characters."""

    base_form_class = WardPageForm
    og_type = "website"  # Open Graph: "article" for what is dated news

    @property
    def share_title(self) -> str:
        """The title a shared link previews with (Zalo, Facebook)."""
        return self.seo_title or self.title

    def default_slug(self) -> str:
        return analysis.slugify(self.title)

    def get_url_parts(self, request=None):
        """Absolute URLs (QR codes, feeds, sitemap) come from the Site record
        that serves the page, or from SITE_URL when it is set: the public
        address of a one-ward installation behind a proxy. (Several wards on
        one installation leave SITE_URL unset and set each Site record.)"""
        parts = super().get_url_parts(request)
        if parts is None or not settings.SITE_URL:
            return parts
        site_id, _root_url, path = parts
        if len(Site.get_site_root_paths()) > 1:
            return parts  # several wards: each its own Site record's address
        return site_id, settings.SITE_URL, path

    @property
    def past_expiry(self) -> bool:
        """Live but past its expiry time: Wagtail unpublishes it at the next
        `publish_scheduled`; until then residents see it nowhere
        (cms/visibility.py), not at its own address either."""
        return bool(self.expire_at and self.expire_at <= timezone.now())

    def get_sitemap_urls(self, request=None):
        if self.past_expiry:
            return []
        if self.alias_of_id and (
            PageViewRestriction.objects.filter(
                page__in=Page.objects.ancestor_of(
                    Page.objects.get(pk=self.alias_of_id), inclusive=True
                )
            ).exists()
        ):
            return []  # a copy of a restricted library page (cms.wards)
        return super().get_sitemap_urls(request)

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail's (kept on `cache_object`, else on the page), from the
        memo of this process (cms/sites.py) rather than a read of the cache."""
        cache_object = cache_object or self
        try:
            return cache_object._wagtail_cached_site_root_paths
        except AttributeError:
            paths = cache_object._wagtail_cached_site_root_paths = site_root_paths()
            return paths

    def get_site(self):
        """The Site that serves this page (Wagtail's rule), read once per
        content version."""
        url_parts = self.get_url_parts()
        return None if url_parts is None else site_by_id(url_parts[0])

    def get_view_restrictions(self):
        """The restrictions on this page or above it (Wagtail asks on every
        request, with two queries): their ids are kept per content version,
        which adding, changing or removing one moves on."""
        if self.pk is None:
            return self.find_view_restrictions()
        ids = _RESTRICTIONS.get(
            self.pk,
            lambda: list(self.find_view_restrictions().values_list("pk", flat=True)),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)

    def find_view_restrictions(self):
        """A ward's copy of a city-library page (cms.wards) is restricted as
        its original is: the copy lives outside the library's tree."""
        restrictions = super().get_view_restrictions()
        if self.alias_of_id:
            original = Page.objects.filter(pk=self.alias_of_id).first()
            if original is not None:
                restrictions = restrictions | original.get_view_restrictions()
        return restrictions

    def serve(self, request, *args, **kwargs):
        if self.past_expiry:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # Before validation and before Wagtail serialises a draft's revision:
        # no control character in either (see cms/cleaning.py).
        clean_instance(self)
        # Wagtail would fill an empty slug with Django's slugify, which drops
        # "đ" and every letter with two marks; its parent must be known to
        # make the slug unique among siblings (as in Page._set_core_field_defaults).
        if not self.slug and (self.path or getattr(self, "_cached_parent_obj", None)):
            self.slug = self._get_autogenerated_slug(self.default_slug() or "trang")
        super().full_clean(*args, **kwargs)


class HomePage(WardPageMixin, Page):
    """Trang chủ của cổng thông tin phường."""

    intro = RichTextField(
        _("lời giới thiệu"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Một hai câu giới thiệu phường, hiện dưới tên phường."),
    )

    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directives.DirectiveIndexPage",
        "directives.NoticeIndexPage",
        "directives.ArticleIndexPage",
        "directives.CampaignIndexPage",
        "directives.ProcedureIndexPage",
        "cms.AboutIndexPage",
        "feedback.QuestionIndexPage",
    ]
    # One home page per ward: each is the root of its ward's Site
    # (`manage.py create_ward`).

    class Meta:
        verbose_name = _("trang chủ")

    def route(self, request, path_components):
        """Wagtail's routing, with the sections under this page read once
        per content version (Wagtail asks for the child by its slug, then
        for its specific page: two queries on every request)."""
        if path_components:
            sections = _SECTIONS.get(
                self.pk,
                lambda: {page.slug: page for page in self.get_children().specific()},
            )
            section = sections.get(path_components[0])
            if section is not None:
                section = copy_instance(section)
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    @property
    def share_title(self) -> str:
        """A shared link to the portal names the ward, not "Trang chủ"."""
        if self.seo_title:
            return self.seo_title
        site = self.get_site()
        ward = WardSettings.for_site(site) if site else None
        name = ward.ward_name_in_sentence if ward else ""
        return _("Cổng thông tin %s") % name if name else self.title

    def get_context(self, request, *args, **kwargs):
        # The documents' app builds on this one (WardPageMixin, WardSettings):
        # its models are looked up, not imported, to keep the imports one-way.
        notices, directives, campaigns = (
            apps.get_model("directives", name)
            for name in ("NoticePage", "DirectivePage", "CampaignPage")
        )
        context = super().get_context(request, *args, **kwargs)
        # This ward's own pages (and its copies of the city library's), from
        # the lists of its sections: each page type sits in a section right
        # under the home page (its parent_page_types).
        children = _CHILDREN.get(
            self.pk,
            lambda: list(
                Page.objects.filter(children_of(self)).values_list("pk", "content_type")
            ),
        )

        def sections(model):
            parents = {
                ContentType.objects.get_for_model(parent).pk
                for parent in model.allowed_parent_page_models()
            }
            return [pk for pk, content_type in children if content_type in parents]

        context["current_notices"] = notice_card_rows(
            notices.objects.listed(sections(notices)).still_valid()
        )[:6]
        context["latest_directives"] = directive_card_rows(
            directives.objects.listed_in(sections(directives))
        ).order_by("-signed_on", "-pk")[:6]
        context["running_campaigns"] = (
            campaigns.objects.listed_in(sections(campaigns))
            .in_progress()
            .prefetch_related("slogans")
        )[:4]
        return context


class BroadcastVoice(models.TextChoices):
    """espeak-ng's Vietnamese voices (`espeak-ng --voices=vi`)."""

    NORTHERN = "vi", _("Giọng miền Bắc")
    CENTRAL = "vi-vn-x-central", _("Giọng miền Trung")
    SOUTHERN = "vi-vn-x-south", _("Giọng miền Nam")


@register_setting(icon="home")
class WardSettings(BaseSiteSetting):
    """Thông tin của phường: dùng trên trang web, áp phích và kịch bản phát thanh."""

    ward_name = models.CharField(
        _("tên phường"),
        max_length=120,
        default="Phường Hải Châu",
        help_text=_("Viết đầy đủ, ví dụ: Phường Hải Châu."),
    )
    district = models.CharField(
        _("quận, huyện"),
        max_length=120,
        blank=True,
        help_text=_(
            "Để trống nếu phường trực thuộc thẳng tỉnh, thành phố "
            "(chính quyền địa phương hai cấp từ 01/7/2025)."
        ),
    )
    city = models.CharField(
        _("tỉnh, thành phố"),
        max_length=120,
        default="Thành phố Đà Nẵng",
        help_text=_("Ví dụ: Thành phố Đà Nẵng."),
    )
    address = models.CharField(
        _("địa chỉ trụ sở"),
        max_length=255,
        blank=True,
        help_text=_("Địa chỉ trụ sở Ủy ban nhân dân phường."),
    )
    hotline = models.CharField(
        _("đường dây nóng"),
        max_length=40,
        blank=True,
        help_text=_("Số điện thoại người dân gọi để phản ánh, ví dụ 0236 3821 123."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    one_stop_address = models.CharField(
        _("địa chỉ Bộ phận một cửa"),
        max_length=255,
        blank=True,
        help_text=_(
            "Nơi người dân nộp hồ sơ và nhận kết quả (Bộ phận tiếp nhận và trả "
            "kết quả), ví dụ: Tầng 1, 270 Trần Phú."
        ),
    )
    one_stop_hours = models.CharField(
        _("giờ làm việc của Bộ phận một cửa"),
        max_length=160,
        blank=True,
        help_text=_("Ví dụ: Sáng 7h30–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hình vuông, nền trong suốt nếu có."),
    )
    broadcast_repeat = models.BooleanField(
        _("nhắc lại khi phát thanh"),
        default=True,
        help_text=_("Thêm đoạn “Xin nhắc lại …” vào cuối kịch bản phát thanh."),
    )
    speaking_rate = models.PositiveSmallIntegerField(
        _("tốc độ đọc (từ/phút)"),
        default=110,
        validators=[MinValueValidator(60), MaxValueValidator(200)],
        help_text=_(
            "Tốc độ của giọng đọc máy và cách ước tính thời lượng đọc trên loa "
            "(thường 100–130 từ mỗi phút)."
        ),
    )
    broadcast_voice = models.CharField(
        _("giọng đọc máy"),
        max_length=20,
        choices=BroadcastVoice.choices,
        default=BroadcastVoice.NORTHERN,
        help_text=_("Giọng đọc của tệp âm thanh phát trên loa và trên cổng."),
    )
    broadcast_earliest = models.TimeField(
        _("phát sớm nhất lúc"),
        default=datetime.time(6, 0),
        help_text=_(
            "Không xếp lịch phát trước giờ này (trừ tin khẩn cấp), để không làm "
            "phiền bà con lúc sáng sớm."
        ),
    )
    broadcast_latest = models.TimeField(
        _("phát muộn nhất lúc"),
        default=datetime.time(21, 0),
        help_text=_("Không xếp lịch phát sau giờ này (trừ tin khẩn cấp)."),
    )
    feedback_response_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời góp ý (ngày làm việc)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Hạn trả lời mỗi góp ý, phản ánh, câu hỏi của người dân, tính bằng "
            "ngày làm việc (không tính thứ Bảy, Chủ nhật) từ ngày nhận."
        ),
    )
    feedback_retention_days = models.PositiveSmallIntegerField(
        _("giữ thông tin người gửi (ngày)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Sau số ngày này kể từ khi trả lời xong, họ tên, số điện thoại và "
            "thư điện tử của người gửi góp ý được xóa hẳn."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("ward_name"),
                FieldPanel("district"),
                FieldPanel("city"),
                FieldPanel("logo"),
            ],
            heading=_("Tên và biểu trưng"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("hotline"), FieldPanel("email")],
            heading=_("Liên hệ"),
        ),
        MultiFieldPanel(
            [FieldPanel("one_stop_address"), FieldPanel("one_stop_hours")],
            heading=_("Bộ phận tiếp nhận và trả kết quả"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("broadcast_repeat"),
                FieldPanel("speaking_rate"),
                FieldPanel("broadcast_voice"),
                FieldRowPanel(
                    [
                        FieldPanel("broadcast_earliest"),
                        FieldPanel("broadcast_latest"),
                    ]
                ),
            ],
            heading=_("Phát thanh"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_response_days"),
                FieldPanel("feedback_retention_days"),
            ],
            heading=_("Góp ý của người dân"),
        ),
    ]

    class Meta:
        verbose_name = _("thông tin phường")

    def clean(self):
        super().clean()
        if (
            self.broadcast_earliest
            and self.broadcast_latest
            and self.broadcast_earliest >= self.broadcast_latest
        ):
            raise ValidationError(
                {"broadcast_latest": _("Giờ muộn nhất phải sau giờ sớm nhất.")}
            )

    @classmethod
    def for_site(cls, site):
        """Wagtail's (the settings of `site`, made if missing), read once per
        content version; saving them moves it on."""
        if site is None:
            return super().for_site(site)
        return copy_instance(
            _SETTINGS.get(site.pk, lambda: super(WardSettings, cls).for_site(site))
        )

    @classmethod
    def for_page(cls, page):
        """The settings of the Site that serves `page` (None outside any)."""
        site = page.get_site()
        return cls.for_site(site) if site else None

    def allows_broadcast_at(self, time: datetime.time) -> bool:
        """Whether a non-emergency broadcast may be scheduled at `time`."""
        return self.broadcast_earliest <= time <= self.broadcast_latest

    def __str__(self):
        return self.ward_name

    @property
    def parsed_name(self) -> vocabulary.WardName:
        """The ward's name split into unit and place (`vocabulary.ward_name`):
        "Xã Hòa Châu" is ("xã", "Hòa Châu"); a bare name is a phường."""
        return vocabulary.ward_name(self.ward_name)

    @property
    def committee_name(self) -> str:
        """“Ủy ban nhân dân xã Hòa Châu”, as printed on official headers."""
        return self.parsed_name.committee

    @property
    def ward_name_in_sentence(self) -> str:
        """“phường Hải Châu”: the unit word in lower case inside a sentence."""
        return self.parsed_name.in_sentence

    @property
    def locality(self) -> str:
        return ", ".join(part for part in (self.district, self.city) if part)

    @property
    def locality_in_sentence(self) -> str:
        """“quận Hải Châu, thành phố Đà Nẵng”: unit words in lower case."""
        parts = (self.district, self.city)
        return ", ".join(p[:1].lower() + p[1:] for p in parts if p)


def ward_name(site) -> str:
    """The ward's name, from its settings (the first ward's home page is
    titled "Trang chủ"), else its home page's title; reads, never creates,
    the settings."""
    name = (
        WardSettings.objects.filter(site=site)
        .values_list("ward_name", flat=True)
        .first()
    )
    return name or site.root_page.title
