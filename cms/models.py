"""The site itself: the home page and the ward's own identity."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """Trang chủ của cổng thông tin phường."""

    intro = RichTextField(
        _("lời giới thiệu"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Một hai câu giới thiệu phường, hiện dưới tên phường."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directives.DirectiveIndexPage",
        "directives.NoticeIndexPage",
        "directives.ArticleIndexPage",
        "directives.CampaignIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        from directives.models import CampaignPage, DirectivePage, NoticePage

        context = super().get_context(request, *args, **kwargs)
        context["current_notices"] = NoticePage.objects.current()[:6]
        context["latest_directives"] = (
            DirectivePage.objects.live()
            .public()
            .select_related("issuer")
            .order_by("-signed_on", "-pk")[:6]
        )
        context["running_campaigns"] = CampaignPage.objects.running().prefetch_related(
            "slogans"
        )[:4]
        return context


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
        help_text=_("Dùng để ước tính thời lượng đọc trên loa."),
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
            [FieldPanel("broadcast_repeat"), FieldPanel("speaking_rate")],
            heading=_("Phát thanh"),
        ),
    ]

    class Meta:
        verbose_name = _("thông tin phường")

    def __str__(self):
        return self.ward_name

    @property
    def committee_name(self) -> str:
        """“ỦY BAN NHÂN DÂN PHƯỜNG …” as printed on official headers."""
        name = self.ward_name
        if name.lower().startswith("phường "):
            name = name[len("phường ") :]
        return f"Ủy ban nhân dân phường {name}"

    @property
    def ward_name_in_sentence(self) -> str:
        """“phường Hải Châu”: the unit word in lower case inside a sentence."""
        first, _, rest = self.ward_name.partition(" ")
        if first.lower() in {"phường", "xã"} and rest:
            return f"{first.lower()} {rest}"
        return self.ward_name

    @property
    def locality(self) -> str:
        return ", ".join(part for part in (self.district, self.city) if part)

    @property
    def locality_in_sentence(self) -> str:
        """“quận Hải Châu, thành phố Đà Nẵng”: unit words in lower case."""
        parts = (self.district, self.city)
        return ", ".join(p[:1].lower() + p[1:] for p in parts if p)
