"""Carrying a directive to every tổ dân phố: the ward's residential groups,
its loudspeaker zones, the places notices are posted, and the logs of what was
aired and posted (the figures of the ward's report to the district)."""

import datetime
import hashlib
import secrets
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.admin import display as admin_display
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Site
from wagtail.search import index

from cms.models import ward_name


def group_name(text: str) -> str:
    """One spelling per tổ dân phố: "tổ  12" and "TỔ 12" are "Tổ 12", "tổ dân
    phố Hòa Khánh" is "Tổ dân phố Hòa Khánh" (NFC, single spaces; the first
    letter upper case, the word "tổ" as "Tổ", the rest as typed)."""
    words = unicodedata.normalize("NFC", " ".join((text or "").split())).split(" ")
    if words[0].lower() == "tổ":
        words[0] = "Tổ"
    name = " ".join(words)
    return name[:1].upper() + name[1:]


def default_ward():
    """The default Site: what a row made without a ward (the demo, a script)
    belongs to."""
    return (
        Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    )


def in_ward(page, site) -> bool:
    """Whether `page` is in the tree of the ward `site`."""
    return page.path.startswith(site.root_page.path)


class WardOwned(models.Model):
    """Belongs to one ward (a Wagtail Site): only that ward's staff list,
    change and use it. PROTECT: a Site record is only the ward's address;
    removing it must not erase the ward's lists and logs."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("phường"),
        on_delete=models.PROTECT,
        default=default_ward,
        related_name="+",
    )

    class Meta:
        abstract = True

    def ward_errors(self, **related) -> dict:
        """{field: message} for each related row or page of another ward."""
        if not self.site_id:
            return {}
        errors = {}
        for name, other in related.items():
            if other is None:
                continue
            if isinstance(other, WardOwned):
                same = other.site_id == self.site_id
            else:
                same = in_ward(other, self.site)
            if not same:
                errors[name] = _(
                    "“%(name)s” thuộc phường khác: chỉ chọn được của %(ward)s."
                ) % {"name": other, "ward": ward_name(self.site)}
        return errors


def one_name_per_ward(model: str, message) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["site", "name"],
        name=f"one_{model}_name_per_ward",
        violation_error_message=message,
    )


class ResidentialGroup(WardOwned, index.Indexed, models.Model):
    """Một tổ dân phố của phường."""

    name = models.CharField(
        _("tên"),
        max_length=100,
        help_text=_("Ví dụ: Tổ 12. Viết thế nào cũng được lưu một cách: “Tổ 12”."),
    )
    households = models.PositiveIntegerField(_("số hộ"), null=True, blank=True)

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("households")]
    search_fields = [index.AutocompleteField("name"), index.SearchField("name")]

    class Meta:
        verbose_name = _("tổ dân phố")
        verbose_name_plural = _("tổ dân phố")
        ordering = ["name"]
        constraints = [
            one_name_per_ward("group", _("Phường đã có tổ dân phố tên này."))
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = group_name(self.name)


class LoudspeakerZone(WardOwned, index.Indexed, models.Model):
    """Một cụm loa: các loa cùng phát một lượt, phủ một số tổ dân phố."""

    name = models.CharField(
        _("tên cụm loa"),
        max_length=120,
        help_text=_("Ví dụ: Cụm loa số 2 – chợ Hòa Khánh."),
    )
    groups = models.ManyToManyField(
        ResidentialGroup,
        verbose_name=_("tổ dân phố được phủ"),
        blank=True,
        related_name="zones",
    )
    location = models.CharField(_("vị trí đặt loa"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("location"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.AutocompleteField("name"), index.SearchField("name")]

    class Meta:
        verbose_name = _("cụm loa")
        verbose_name_plural = _("cụm loa")
        ordering = ["sort_order", "name"]
        constraints = [one_name_per_ward("zone", _("Phường đã có cụm loa tên này."))]

    def __str__(self):
        return self.name


class Priority(models.TextChoices):
    """The three levels of Thông tư 39/2020/TT-BTTTT's smart-radio systems."""

    NORMAL = "normal", _("Thông thường")
    HIGH = "high", _("Ưu tiên")
    EMERGENCY = "emergency", _("Khẩn cấp")


class Repeat(models.TextChoices):
    NONE = "", _("Không lặp lại")
    DAILY = "daily", _("Hằng ngày")
    WORKDAYS = "workdays", _("Từ thứ Hai đến thứ Sáu")
    WEEKLY = "weekly", _("Hằng tuần (cùng thứ)")


class AiredRecord(WardOwned):
    """That a programme slot (or a page read outside the programme) went out
    on air: when, in which zone, how long, recorded by whom."""

    slot = models.ForeignKey(
        "directives.BroadcastSlot",
        verbose_name=_("lượt trong lịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aired",
    )
    slot_day = models.DateField(_("ngày của lượt"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("văn bản hoặc thông báo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    zone = models.ForeignKey(
        LoudspeakerZone,
        verbose_name=_("cụm loa"),
        null=True,
        blank=True,
        # An empty zone means "every zone": deleting a zone must not turn
        # its airings into the whole ward's.
        on_delete=models.PROTECT,
        related_name="aired",
        help_text=_("Để trống nếu đã phát trên mọi cụm loa."),
    )
    aired_at = models.DateTimeField(_("phát lúc"), default=timezone.now)
    duration_s = models.PositiveIntegerField(
        _("thời lượng (giây)"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    system = models.CharField(
        _("hệ thống ghi"),
        max_length=100,
        blank=True,
        help_text=_("Tên hệ thống truyền thanh thông minh đã báo, nếu có."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("site"),
        PageChooserPanel("page", ["directives.DirectivePage", "directives.NoticePage"]),
        FieldRowPanel([FieldPanel("aired_at"), FieldPanel("duration_s")]),
        FieldPanel("zone", widget=forms.Select),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("lượt đã phát")
        verbose_name_plural = _("sổ phát thanh")
        ordering = ["-aired_at", "-pk"]
        indexes = [models.Index(fields=["aired_at"])]
        # One record per airing of a slot: per day and zone, or per day for
        # "every zone" (two partial indexes: NULLs never compare equal).
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "slot_day", "zone"],
                condition=models.Q(slot__isnull=False, zone__isnull=False),
                name="one_airing_per_slot_day_zone",
            ),
            models.UniqueConstraint(
                fields=["slot", "slot_day"],
                condition=models.Q(slot__isnull=False, zone__isnull=True),
                name="one_airing_per_slot_day_everywhere",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.aired_at)
        return f"{when:%d/%m/%Y %H:%M}: {self.page.title}"

    @property
    def minutes(self) -> float:
        return round((self.duration_s or 0) / 60, 1)

    def clean(self):
        if self.slot_id and not self.site_id:
            self.site_id = self.slot.site_id
        errors = self.ward_errors(
            page=self.page if self.page_id else None,
            zone=self.zone,
            slot=self.slot,
        )
        if errors:
            raise ValidationError(errors)


class PlaceKind(models.TextChoices):
    OFFICE = "office", _("Trụ sở UBND phường")
    COMMUNITY_HOUSE = "community_house", _("Nhà văn hóa tổ dân phố")
    BOARD = "board", _("Bảng tin khu dân cư")
    MARKET = "market", _("Chợ, nơi công cộng")
    SCHOOL = "school", _("Trường học, cơ quan")
    OTHER = "other", _("Nơi khác")


class PostingPlace(WardOwned, index.Indexed, models.Model):
    """Một nơi niêm yết thông báo và áp phích."""

    name = models.CharField(
        _("tên nơi niêm yết"),
        max_length=150,
        help_text=_("Ví dụ: Bảng tin nhà văn hóa tổ dân phố 12."),
    )
    kind = models.CharField(
        _("loại"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.BOARD
    )
    group = models.ForeignKey(
        ResidentialGroup,
        verbose_name=_("tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # empty means the whole ward
        related_name="posting_places",
        help_text=_("Để trống với nơi chung của cả phường (trụ sở, chợ)."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("group", widget=forms.Select)]),
        FieldPanel("address"),
        FieldPanel("active"),
    ]
    search_fields = [index.AutocompleteField("name"), index.SearchField("name")]

    class Meta:
        verbose_name = _("nơi niêm yết")
        verbose_name_plural = _("nơi niêm yết")
        ordering = ["name"]
        constraints = [
            one_name_per_ward("place", _("Phường đã có nơi niêm yết tên này."))
        ]

    def __str__(self):
        return self.name

    @admin_display(description=_("tình trạng"), ordering="active")
    def state(self) -> str:
        return _("Đang dùng") if self.active else _("Ngừng dùng")

    def clean(self):
        if errors := self.ward_errors(group=self.group):
            raise ValidationError(errors)


class PostingRecordQuerySet(models.QuerySet):
    def still_posted(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(posted_on__lte=today).filter(
            models.Q(taken_down_on__isnull=True) | models.Q(taken_down_on__gt=today)
        )


class PostingRecord(models.Model):
    """That a notice or poster was posted at a place, and when it came down.

    Its ward is its place's (`place.site`): a posting is always at one place,
    and a second column could only disagree with it."""

    ward_field = "place__site"

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("văn bản, thông báo hoặc chiến dịch"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    place = models.ForeignKey(
        PostingPlace,
        verbose_name=_("nơi niêm yết"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    posted_on = models.DateField(_("ngày niêm yết"), default=timezone.localdate)
    taken_down_on = models.DateField(_("ngày gỡ"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người niêm yết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh chụp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostingRecordQuerySet.as_manager()

    panels = [
        PageChooserPanel(
            "page",
            [
                "directives.DirectivePage",
                "directives.NoticePage",
                "directives.CampaignPage",
            ],
        ),
        FieldPanel("place", widget=forms.Select),
        FieldRowPanel(
            [FieldPanel("posted_on"), FieldPanel("taken_down_on"), FieldPanel("copies")]
        ),
        FieldPanel("photo"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("lượt niêm yết")
        verbose_name_plural = _("sổ niêm yết")
        ordering = ["-posted_on", "-pk"]

    def __str__(self):
        return f"{self.posted_on:%d/%m/%Y} {self.place}: {self.page.title}"

    def clean(self):
        errors = {}
        if (
            self.taken_down_on
            and self.posted_on
            and self.taken_down_on < self.posted_on
        ):
            errors["taken_down_on"] = _("Ngày gỡ không thể trước ngày niêm yết.")
        if self.place_id and self.page_id and not in_ward(self.page, self.place.site):
            errors["page"] = _(
                "“%(page)s” không thuộc %(ward)s, phường của nơi niêm yết này."
            ) % {"page": self.page.title, "ward": ward_name(self.place.site)}
        if errors:
            raise ValidationError(errors)


class RadioSystemKeyQuerySet(models.QuerySet):
    def matching(self, key: str):
        """The active key whose hash is that of `key` (none for a blank key)."""
        if not key:
            return self.none()
        return self.filter(active=True, key_hash=RadioSystemKey.hash(key))


class RadioSystemKey(WardOwned):
    """A key a smart-radio system (Thông tư 39/2020/TT-BTTTT) presents to
    report broadcasts as aired. Only its hash is kept: the key is shown once,
    when it is made."""

    name = models.CharField(
        _("tên hệ thống"),
        max_length=100,
        help_text=_("Ví dụ: Hệ thống truyền thanh thông minh phường."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("đầu khóa"), max_length=8, editable=False)
    active = models.BooleanField(
        _("đang dùng"), default=True, help_text=_("Bỏ chọn để thu hồi khóa.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, editable=False)

    objects = RadioSystemKeyQuerySet.as_manager()

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("active")]

    class Meta:
        verbose_name = _("khóa kết nối truyền thanh thông minh")
        verbose_name_plural = _("khóa kết nối truyền thanh thông minh")
        ordering = ["name"]
        constraints = [
            one_name_per_ward("radio_key", _("Phường đã có hệ thống tên này."))
        ]

    def __str__(self):
        return self.name

    @admin_display(description=_("tình trạng"), ordering="active")
    def state(self) -> str:
        return _("Đang dùng") if self.active else _("Đã thu hồi")

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def new_key(self) -> str:
        """A fresh random key for this system; only its hash is stored."""
        key = secrets.token_urlsafe(32)
        self.key_hash = self.hash(key)
        self.key_start = key[:8]
        return key
