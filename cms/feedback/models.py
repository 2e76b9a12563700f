"""What residents send, what staff do with it, and what the ward publishes."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.models import WardPageMixin, WardSettings
from cms.structured_data import StructuredDataMixin, organisation
from cms.visibility import ResidentQuerySet, for_residents, in_site
from directives.blocks import split_paragraphs
from directives.models.base import SectionPage, ward_settings_of

from .workdays import add_working_days

MESSAGE_MAX = 5000
NAME_MAX = 100
PHONE_MAX = 20
AREA_MAX = 60
# Crockford's base 32: no I, L, O or U to misread over the phone.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class Topic(models.TextChoices):
    FEEDBACK = "gop-y", _("Góp ý")
    REPORT = "phan-anh", _("Phản ánh – kiến nghị")
    QUESTION = "hoi-dap", _("Hỏi đáp")
    SERVICE = "danh-gia", _("Đánh giá thái độ phục vụ")


class Status(models.TextChoices):
    NEW = "moi", _("Mới")
    IN_PROGRESS = "dang-xu-ly", _("Đang xử lý")
    ANSWERED = "da-tra-loi", _("Đã trả lời")
    DECLINED = "khong-xu-ly", _("Không xử lý")


OPEN = (Status.NEW, Status.IN_PROGRESS)
CLOSED = (Status.ANSWERED, Status.DECLINED)


def new_code() -> str:
    """A reference code such as GY-7K3Q-9MZA: 40 random bits, so that a code
    cannot be guessed to read someone else's answer."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"GY-{chars[:4]}-{chars[4:]}"


def normalise_code(text: str) -> str:
    """What a resident types ("gy 7k3q 9mza", "7K3Q9MZA", "GY-7K3Q-9MZO")
    as the stored code."""
    chars = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    chars = chars.removeprefix("GY")
    chars = chars.translate(str.maketrans("OIL", "011"))
    if len(chars) != 8 or any(ch not in CODE_ALPHABET for ch in chars):
        return ""
    return f"GY-{chars[:4]}-{chars[4:]}"


def area_name(text: str) -> str:
    """One spelling per tổ dân phố: "tổ  12" and "TỔ 12" are "Tổ 12"."""
    words = " ".join((text or "").split())
    return words[:1].upper() + words[1:].lower() if words else ""


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def of_site(self, site):
        return self.of_sites([site]) if site else self

    def of_sites(self, sites):
        """The messages sent to these wards; one without a site (sent before
        there were wards) is the default ward's."""
        query = Q(site__in=[site.pk for site in sites])
        if any(site.is_default_site for site in sites):
            query |= Q(site__isnull=True)
        return self.filter(query)

    def erase_personal_data(self) -> int:
        """Name, phone and e-mail gone, in one UPDATE; the message stays."""
        return self.update(
            name="", phone="", email="", personal_data_erased_at=timezone.now()
        )


class Feedback(models.Model):
    """Một góp ý, phản ánh, câu hỏi hoặc đánh giá người dân gửi qua cổng."""

    code = models.CharField(_("mã tra cứu"), max_length=12, unique=True)
    topic = models.CharField(_("loại"), max_length=12, choices=Topic.choices)
    message = models.TextField(_("nội dung"), max_length=MESSAGE_MAX)
    # Personal data: shown only to the ward's staff, erased after the
    # retention period (`erase_feedback_personal_data`).
    name = models.CharField(_("họ tên"), max_length=NAME_MAX, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=PHONE_MAX, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    to_dan_pho = models.CharField(_("tổ dân phố"), max_length=AREA_MAX, blank=True)
    may_publish = models.BooleanField(
        _("đồng ý đăng công khai"),
        default=False,
        help_text=_("Người gửi cho phép đăng câu hỏi và câu trả lời (không kèm tên)."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("về trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_from = models.CharField(_("gửi từ địa chỉ"), max_length=200, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("trang của phường"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now)
    due_on = models.DateField(_("hạn trả lời"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("đã xóa thông tin cá nhân lúc"), null=True, blank=True
    )
    answer_page = models.ForeignKey(
        "feedback.AnswerPage",
        verbose_name=_("bài hỏi đáp công khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("góp ý của người dân")
        verbose_name_plural = _("góp ý của người dân")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.code} · {self.get_topic_display()}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_code()
            while Feedback.objects.filter(code=self.code).exists():
                self.code = new_code()
        if not self.due_on:
            ward = WardSettings.for_site(self.site) if self.site else None
            self.due_on = self.due_date(self.received_at or timezone.now(), ward)
        super().save(*args, **kwargs)

    @classmethod
    def due_date(cls, received: datetime.datetime, ward) -> datetime.date:
        days = ward.feedback_response_days if ward else 10
        return add_working_days(timezone.localdate(received), days)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on

    @property
    def has_personal_data(self) -> bool:
        return bool(self.name or self.phone or self.email)

    def latest_answer(self):
        return self.events.filter(kind=FeedbackEvent.Kind.ANSWER).first()

    def erase_personal_data(self) -> None:
        Feedback.objects.filter(pk=self.pk).erase_personal_data()
        self.refresh_from_db(
            fields=["name", "phone", "email", "personal_data_erased_at"]
        )


class FeedbackEvent(models.Model):
    """What happened to a message: an answer, a status change, an assignment,
    an internal note. The history staff read, newest first."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Trả lời")
        STATUS = "status", _("Đổi tình trạng")
        ASSIGN = "assign", _("Giao xử lý")
        NOTE = "note", _("Ghi chú nội bộ")
        PUBLISH = "publish", _("Đăng lên Hỏi đáp")

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("việc"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("nội dung"), blank=True, max_length=MESSAGE_MAX)
    status = models.CharField(
        _("tình trạng sau đó"), max_length=12, choices=Status.choices, blank=True
    )

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.feedback.code} · {self.get_kind_display()}"


class PageRating(models.Model):
    """“Trang này có hữu ích không?”: counts per page and month, nothing
    about who answered (no cookie, no address kept)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("tháng"))
    useful = models.PositiveIntegerField(_("hữu ích"), default=0)
    not_useful = models.PositiveIntegerField(_("chưa hữu ích"), default=0)

    class Meta:
        verbose_name = _("đánh giá trang")
        verbose_name_plural = _("đánh giá trang")
        constraints = [
            models.UniqueConstraint(fields=["page", "month"], name="one_rating_row")
        ]

    @classmethod
    def count(cls, page, useful: bool) -> None:
        month = timezone.localdate().replace(day=1)
        field = "useful" if useful else "not_useful"
        row, created = cls.objects.get_or_create(
            page=page, month=month, defaults={field: 1}
        )
        if not created:
            cls.objects.filter(pk=row.pk).update(**{field: F(field) + 1})


class QuestionIndexPage(SectionPage):
    """Hỏi đáp: câu hỏi của người dân và câu trả lời của phường."""

    subpage_types = ["feedback.AnswerPage"]
    per_page = 20
    default_description = _(
        "Câu hỏi, góp ý của người dân và câu trả lời của Ủy ban nhân dân phường."
    )

    class Meta:
        verbose_name = _("mục hỏi đáp")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        answers = AnswerPage.objects.child_of(self).visible()
        topic = request.GET.get("loai", "")
        if topic in Topic.values:
            answers = answers.filter(topic=topic)
        else:
            topic = ""
        context["topics"] = Topic.choices
        context["chosen_topic"] = topic
        context["answers"] = self.paginate(request, answers)
        return context


class AnswerQuerySet(ResidentQuerySet):
    def visible(self):
        return self.for_residents().order_by("-answered_on", "-pk")

    def about(self, page):
        """The answers about `page` of its own ward: another ward's answer
        about it (a page chosen by hand, a message sent across wards before
        the form was narrowed to its ward) is never shown on it."""
        return self.visible().filter(about_page=page).in_site(page.get_site())


class AnswerPage(StructuredDataMixin, WardPageMixin, Page):
    """Một câu hỏi của người dân và câu trả lời của phường, đăng công khai
    khi người gửi đồng ý và lãnh đạo phường duyệt. Không ghi tên, số điện
    thoại hay thư điện tử của người hỏi."""

    topic = models.CharField(
        _("loại"), max_length=12, choices=Topic.choices, default=Topic.QUESTION
    )
    question = models.TextField(
        _("câu hỏi"),
        max_length=MESSAGE_MAX,
        help_text=_(
            "Nội dung người dân hỏi, đã bỏ tên, số điện thoại, địa chỉ nhà và "
            "mọi chi tiết cho biết người hỏi là ai."
        ),
    )
    answer = models.TextField(
        _("câu trả lời"),
        help_text=_("Mỗi đoạn cách nhau một dòng trống."),
    )
    answered_on = models.DateField(_("ngày trả lời"), default=timezone.localdate)
    office = models.CharField(
        _("đơn vị trả lời"),
        max_length=160,
        default="Ủy ban nhân dân phường",
        help_text=_("Ví dụ: Công an phường; Bộ phận tiếp nhận và trả kết quả."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("về trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Văn bản, thông báo hoặc thủ tục mà câu hỏi nhắc tới."),
    )

    kind = "answer"
    kind_label = _("Hỏi đáp")
    og_type = "article"

    content_panels = [
        FieldPanel("title"),
        FieldPanel("topic"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldRowPanel([FieldPanel("answered_on"), FieldPanel("office")]),
        PageChooserPanel("about_page"),
    ]
    api_fields = [
        APIField("topic"),
        APIField("question"),
        APIField("answer"),
        APIField("answered_on"),
        APIField("office"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["feedback.QuestionIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(AnswerQuerySet)()

    class Meta:
        verbose_name = _("câu hỏi và trả lời")
        verbose_name_plural = _("hỏi đáp")

    @cached_property
    def body_text(self) -> str:
        return self.answer

    @property
    def answer_paragraphs(self) -> list[str]:
        return split_paragraphs(self.answer)

    @property
    def published_on(self):
        return self.answered_on

    @property
    def valid_until(self):
        return None

    @property
    def share_subtitle(self) -> str:
        """Under the title of a shared link: who answered, and when."""
        return f"Trả lời: {self.office}, ngày {self.answered_on:%d/%m/%Y}"

    def about_page_for_residents(self):
        """The page the question is about, when residents may see it on the
        answer's own ward (never a link to another ward's page)."""
        if self.about_page_id is None:
            return None
        pages = for_residents(Page.objects.filter(pk=self.about_page_id))
        page = in_site(pages, self.get_site()).first()
        return page.specific if page else None

    def describe_for_search(self, doc) -> None:
        doc.summary = self.question
        doc.about = " ".join(
            part for part in (self.get_topic_display(), self.office) if part
        )
        doc.body = self.answer
        doc.date = self.answered_on.toordinal()
        doc.year = self.answered_on.year
        doc.display.update(
            office=self.office,
            answered_on=self.answered_on.isoformat(),
            topic=self.get_topic_display(),
        )

    def json_ld(self, request=None) -> dict:
        """schema.org `QAPage` with one `Question` and its accepted answer."""
        ward = ward_settings_of(self)
        return {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "url": self.get_full_url(request),
            "inLanguage": "vi",
            "mainEntity": {
                "@type": "Question",
                "name": self.title,
                "text": self.question,
                "answerCount": 1,
                "dateCreated": self.answered_on.isoformat(),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": self.answer,
                    "dateCreated": self.answered_on.isoformat(),
                    "author": {"@type": "GovernmentOrganization", "name": self.office}
                    if self.office
                    else organisation(ward),
                },
            },
        }
