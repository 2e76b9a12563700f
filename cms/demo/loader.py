"""The demo ward: realistic Vietnamese content for a newcomer's first look.

Idempotent: everything is looked up before it is created, and a second run
changes nothing (staff edits to the settings are kept).
"""

import datetime
import hashlib
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from cms import models as cms_models
from cms.feedback.models import AnswerPage, Feedback, FeedbackEvent, Status
from cms.models import HomePage, WardSettings
from cms.site_structure import ensure_site_structure
from directives.blocks import paragraphs_to_stream
from directives.importing import import_records, read_records
from directives.models import (
    Abbreviation,
    ArticlePage,
    CampaignPage,
    CampaignSlogan,
    DirectivePage,
    DirectiveRelation,
    IssuerLevel,
    IssuingBody,
    NoticePage,
)

from . import about, answers, dissemination, files
from . import city as demo_city
from .users import create_users

CONTENT = Path(__file__).with_name("ward.jsonl")

DEMO_USERS = [
    # username, password, group (None: superuser), name
    ("admin", "admin", None, ("Quản", "trị")),
    ("bientap", "bientap", "Biên tập viên", ("Nguyễn Thị", "Lan")),
    ("lanhdao", "lanhdao", "Lãnh đạo phường", ("Trần Văn", "Hùng")),
]

ISSUERS = {
    "Ban Thường vụ Thành ủy Đà Nẵng": ("BTV Thành ủy Đà Nẵng", IssuerLevel.PROVINCE),
    "Ban Thường vụ Tỉnh ủy Bạc Liêu": ("BTV Tỉnh ủy Bạc Liêu", IssuerLevel.PROVINCE),
    "Thủ tướng Chính phủ": ("TTg", IssuerLevel.CENTRAL),
    "Bộ Chính trị": ("BCT", IssuerLevel.CENTRAL),
    "Ban Chấp hành Trung ương Đảng khóa XII": ("BCH TW khóa XII", IssuerLevel.CENTRAL),
    "Ủy ban nhân dân phường Hải Châu": ("UBND phường", IssuerLevel.WARD),
}

CAMPAIGN = {
    "title": "Tuyên truyền “5 xây, 3 chống” và kỷ cương hành chính năm 2026",
    "slug": "5-xay-3-chong-2026",
    "starts_on": datetime.date(2026, 9, 1),
    "ends_on": datetime.date(2027, 6, 30),
    "summary": (
        "Đưa tinh thần “5 xây, 3 chống” và kỷ cương hành chính đến từng tổ dân "
        "phố: loa truyền thanh, áp phích, hội nghị và lấy ý kiến người dân."
    ),
    "slogans": [
        "5 xây, 3 chống",
        "Nhanh hơn, hợp lý hơn, thân thiện hơn",
        "Trách nhiệm, chuyên nghiệp, trung thực, kỷ cương, gương mẫu",
    ],
    "directives": ["29-CT/TU", "26/CT-TTg", "86/KH-UBND"],
}

RELATIONS = [
    ("86/KH-UBND", DirectiveRelation.Kind.IMPLEMENTS, "29-CT/TU"),
    ("86/KH-UBND", DirectiveRelation.Kind.IMPLEMENTS, "26/CT-TTg"),
    ("12-CT/TU", DirectiveRelation.Kind.BASED_ON, "26/CT-TTg"),
    ("05-CT/TW", DirectiveRelation.Kind.BASED_ON, "04-NQ/TW"),
]


@transaction.atomic
def load_demo(stdout=None, *, city: bool = True) -> None:
    """The demo city, step by step; each step leaves what is there alone.
    `city` False: the first ward alone, as a one-ward installation, with the
    mission's directives as its own pages and no library (what most tests
    need)."""
    pages = ensure_site_structure()
    site = Site.objects.get(is_default_site=True)
    introduce_home(pages["home"])
    fill_ward_settings(WardSettings.for_site(site))
    records = read_records(CONTENT)
    if not city:
        # One ward alone: the city's directives are the ward's own pages.
        for record in records:
            record.data.pop("shared", None)
            if record.kind == "directive":
                record.data["shared"] = False
    report = import_records(str(CONTENT), records)
    if stdout:
        stdout.write(f"Nội dung mẫu: {report.summary()}")
    name_issuers()
    link_directives()
    create_campaign(pages["CampaignIndexPage"])
    create_about_pages(pages["AboutIndexPage"])
    attach_public_document_files()
    create_demo_abbreviations()
    create_demo_users()
    dissemination.create_demo_dissemination()
    create_answers(pages["QuestionIndexPage"])
    create_feedback(site)
    if city:
        demo_city.create_demo_wards(stdout)


def introduce_home(home) -> None:
    if home.title == "Trang chủ" and not home.intro:
        home.intro = (
            "<p>Nơi phường công bố các văn bản chỉ đạo, thông báo và tin tức, "
            "giải thích bằng lời dễ hiểu để bà con cùng thực hiện.</p>"
        )
        home.save_revision().publish()


def fill_ward_settings(ward) -> None:
    """The demo ward's address, hotline and one-stop office, where blank."""
    if not ward.address:
        ward.address = "270 Trần Phú, phường Hải Châu, thành phố Đà Nẵng"
        ward.hotline = "0236 3822 115"
        ward.email = "ubnd.haichau@danang.gov.vn"
        ward.save()
    if not ward.one_stop_address:
        ward.one_stop_address = "Tầng 1, trụ sở Ủy ban nhân dân phường, 270 Trần Phú"
        ward.one_stop_hours = (
            "Sáng 7h30–11h30, chiều 13h30–17h00, từ thứ Hai đến thứ Sáu"
        )
        ward.save()


def name_issuers() -> None:
    """Short names and levels of the issuing bodies the import created."""
    for name, (short, level) in ISSUERS.items():
        IssuingBody.objects.filter(name=name, short_name="").update(
            short_name=short, level=level
        )


def directive(number: str, home=None):
    """The newest directive with this number: the first ward's own or the
    city library's original, or with `home`, what that ward shows (its own,
    or its copy of the library's), as a ward editor would pick it."""
    pages = DirectivePage.objects.by_number(number).order_by("-signed_on")
    if home is not None:
        return pages.descendant_of(home).first()
    return pages.filter(alias_of__isnull=True).first()


def link_directives() -> None:
    """The demo's typed links between directives (căn cứ, thực hiện, thay thế)."""
    for source, kind, target in RELATIONS:
        page = directive(source)
        # A library directive cites the library's; a ward's, the ward's copy.
        home = HomePage.objects.filter(pk__in=page.get_ancestors().values("pk")).first()
        target = directive(target, home)
        if not page.relations.filter(kind=kind, target=target).exists():
            page.relations.add(DirectiveRelation(kind=kind, target=target))
            page.save_revision().publish()


def create_campaign(section) -> None:
    """The "5 xây, 3 chống" campaign, once, with the notices and news that
    carry out its directives filed under it."""
    if CampaignPage.objects.filter(slug=CAMPAIGN["slug"]).exists():
        return
    campaign = CampaignPage(
        title=CAMPAIGN["title"],
        slug=CAMPAIGN["slug"],
        starts_on=CAMPAIGN["starts_on"],
        ends_on=CAMPAIGN["ends_on"],
        summary=CAMPAIGN["summary"],
    )
    campaign.slogans = [CampaignSlogan(text=t) for t in CAMPAIGN["slogans"]]
    home = section.get_parent()
    campaign.directives = [directive(n, home) for n in CAMPAIGN["directives"]]
    section.add_child(instance=campaign)
    campaign.save_revision().publish()
    linked = {directive(n, home).pk for n in ("29-CT/TU", "86/KH-UBND")}
    for model in (NoticePage, ArticlePage):
        for page in model.objects.filter(directives__in=linked).distinct():
            if page.campaign_id is None:
                page.campaign = campaign
                page.save_revision().publish()


def _stream(blocks) -> list:
    """The demo's (type, value) blocks as a body: paragraphs as rich text."""
    stream = []
    for block_type, value in blocks:
        if block_type == "paragraph":
            stream.extend(paragraphs_to_stream(value))
        else:
            stream.append((block_type, value))
    return stream


def create_about_pages(section) -> None:
    """The ward's own pages under "Giới thiệu", once each (looked up by slug)."""
    if not section.intro:
        section.intro = (
            "<p>Phường giới thiệu bộ máy, người phụ trách, nơi làm thủ tục và "
            "công khai ngân sách, kế hoạch để bà con cùng theo dõi.</p>"
        )
        section.save_revision().publish()
    for spec in about.PAGES:
        model = getattr(cms_models, spec["model"])
        if model.objects.child_of(section).filter(slug=spec["slug"]).exists():
            continue
        page = model(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=_stream(spec.get("body", [])),
            show_in_menus=spec.get("show_in_menus", False),
        )
        if "units" in spec:
            page.units = [cms_models.OrganisationUnit(**u) for u in spec["units"]]
        if "officials" in spec:
            page.officials = [
                cms_models.OfficialContact(**o) for o in spec["officials"]
            ]
        section.add_child(instance=page)
        page.save_revision().publish()
        for doc in spec.get("documents", []):
            child = cms_models.PublicDocumentPage(
                **{k: v for k, v in doc.items() if k != "body"},
                body=_stream(doc["body"]),
            )
            page.add_child(instance=child)
            child.save_revision().publish()
    english = about.ENGLISH_PAGE
    if not cms_models.EnglishPage.objects.child_of(section).exists():
        page = cms_models.EnglishPage(**english)
        section.add_child(instance=page)
        page.save_revision().publish()


def attach_public_document_files() -> None:
    """Each demo public document gets its file (a PDF saying it is sample
    data), once; without WeasyPrint's Pango they stay without one."""
    slugs = [doc["slug"] for spec in about.PAGES for doc in spec.get("documents", [])]
    pages = cms_models.PublicDocumentPage.objects.filter(
        slug__in=slugs, document__isnull=True
    )
    for page in pages:
        pdf = files.public_document_pdf(page)
        if pdf is None:
            return
        page.document = get_document_model().objects.create(
            title=page.title,
            file=ContentFile(pdf, name=f"{page.slug}.pdf"),
            file_size=len(pdf),  # as an upload through the admin records them
            file_hash=hashlib.sha1(pdf).hexdigest(),
        )
        page.save_revision().publish()


DEMO_ABBREVIATIONS = {"BQL": "ban quản lý", "HTX": "hợp tác xã"}


def create_demo_abbreviations() -> None:
    for abbreviation, expansion in DEMO_ABBREVIATIONS.items():
        Abbreviation.objects.get_or_create(
            abbreviation=abbreviation, defaults={"expansion": expansion}
        )


def create_demo_users() -> None:
    create_users(DEMO_USERS)


def _page_titled(spec):
    """The live page of a model ("directives.NoticePage") with a title."""
    if spec is None:
        return None
    model = apps.get_model(spec[0])
    return model.objects.live().filter(title=spec[1]).first()


def create_answers(section) -> None:
    """The published questions and answers of "Hỏi đáp", once each (looked
    up by slug)."""
    if not section.intro:
        section.intro = answers.INTRO
        section.save_revision().publish()
    for spec in answers.ANSWERS:
        if AnswerPage.objects.child_of(section).filter(slug=spec["slug"]).exists():
            continue
        page = AnswerPage(
            **{k: v for k, v in spec.items() if k != "about"},
            about_page=_page_titled(spec["about"]),
        )
        section.add_child(instance=page)
        page.save_revision().publish()


def _received_at(received) -> datetime.datetime:
    """A fixed day at 9 o'clock, or so many days before now."""
    if isinstance(received, datetime.date):
        moment = datetime.datetime.combine(received, datetime.time(9))
        return timezone.make_aware(moment)
    return timezone.now() - datetime.timedelta(days=received)


def create_feedback(site) -> None:
    """The staff inbox: messages in every state, once each (by code)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    for spec in answers.FEEDBACK:
        if Feedback.objects.filter(code=spec["code"]).exists():
            continue
        received = _received_at(spec["received"])
        answered = spec["status"] in (Status.ANSWERED, Status.DECLINED)
        feedback = Feedback.objects.create(
            code=spec["code"],
            topic=spec["topic"],
            message=spec["message"],
            name=spec["name"],
            phone=spec["phone"],
            email=spec["email"],
            to_dan_pho=spec["to_dan_pho"],
            may_publish=spec["may_publish"],
            page=_page_titled(spec.get("page")),
            site=site,
            status=spec["status"],
            assignee=users.get(spec.get("assignee", "")),
            received_at=received,
            answered_at=received + datetime.timedelta(days=3) if answered else None,
            answer_page=AnswerPage.objects.filter(
                slug=spec.get("answer_page", "-")
            ).first(),
        )
        if spec.get("assignee"):
            FeedbackEvent.objects.create(
                feedback=feedback,
                kind=FeedbackEvent.Kind.ASSIGN,
                at=received + datetime.timedelta(hours=2),
                user=feedback.assignee,
                text="Giao xử lý.",
            )
        if answered:
            FeedbackEvent.objects.create(
                feedback=feedback,
                kind=FeedbackEvent.Kind.ANSWER,
                at=feedback.answered_at,
                user=users.get("bientap"),
                text=spec["answer"],
                status=spec["status"],
            )
        if feedback.answer_page_id:
            FeedbackEvent.objects.create(
                feedback=feedback,
                kind=FeedbackEvent.Kind.PUBLISH,
                at=feedback.answered_at + datetime.timedelta(days=1),
                user=users.get("lanhdao"),
                text=feedback.answer_page.title,
            )
