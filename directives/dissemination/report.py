"""The figures of the ward's dissemination report: for one directive (or one
campaign) and a period, what the ward published, printed, posted and aired,
and what residents sent about it.

`build_report(subject, start, end, site=None) -> Report` reads the database
once; `Report.figures()` is the labelled list every output shows (the admin
screen, PDF, XLSX and DOCX), so they cannot disagree.

Definitions (both days of the period included, the ward's time zone):

- the subject's pages: for a directive, the directive itself, the notices and
  articles that carry it out (`directives`), the campaigns that list it, and
  the notices and articles of those campaigns; for a campaign, the campaign,
  its notices and articles (`campaign`) and its directives. With a site, only
  the pages of that site;
- published: notices and articles among them that are live and whose
  publication date falls in the period (a draft or withdrawn page is not);
- posters: posters produced for a revision of one of the pages in the period
  (`RenditionRecord`, kind "poster");
- postings: `PostingRecord`s of the pages posted in the period; places by
  name; the tổ dân phố reached are the places' groups; a place without a
  group is a place of the whole ward (office, market) and is counted apart;
- broadcasts: `AiredRecord`s of the pages aired in the period, their minutes
  (from `duration_s`), the zones (a record without a zone went out on every
  zone) and the tổ dân phố those zones cover. What was aired is counted even
  if the page has been withdrawn since;
- feedback: residents' messages about the pages, as the feedback figures
  count them (`cms.feedback.figures`): received in the period, answered in
  the period (on time or late against their due date), still open today.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from cms.feedback.figures import MonthFigures, day_bounds, monthly_figures
from cms.feedback.figures import natural_key as natural
from cms.feedback.figures import total as total_figures
from cms.feedback.models import Feedback
from cms.models import WardSettings
from cms.wards import local_page
from directives.models import (
    AiredRecord,
    ArticlePage,
    CampaignPage,
    DirectivePage,
    LoudspeakerZone,
    NoticePage,
    PostingRecord,
    RenditionRecord,
    ResidentialGroup,
)

KIND_LABELS = {
    DirectivePage: "Văn bản chỉ đạo",
    NoticePage: "Thông báo",
    ArticlePage: "Tin bài",
    CampaignPage: "Đợt tuyên truyền",
}
ALL_ZONES = "Mọi cụm loa"
WARD_WIDE = "Chung của phường"


class ReportError(ValueError):
    """Input a report cannot be made from; the message is for ward staff."""


# --- Input -------------------------------------------------------------------

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_day(text: str) -> datetime.date:
    """A day written yyyy-mm-dd or dd/mm/yyyy (also with - or . between)."""
    text = (text or "").strip()
    for fmt in DAY_FORMATS:
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        check_year(day)
        return day
    raise ReportError(
        f"Ngày “{text}” không đúng: viết dd/mm/yyyy (ví dụ 31/12/2026) "
        "hoặc yyyy-mm-dd (ví dụ 2026-12-31)."
    )


EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


def check_year(day: datetime.date) -> None:
    """Reports cover real years; 31/12/9999 has no next day to count to."""
    if not EARLIEST <= day <= LATEST:
        raise ReportError(
            f"Ngày {day:%d/%m/%Y} ngoài khoảng báo cáo được (từ năm "
            f"{EARLIEST.year} đến năm {LATEST.year})."
        )


def check_period(start: datetime.date, end: datetime.date) -> None:
    if start > end:
        raise ReportError(
            f"Ngày bắt đầu ({start:%d/%m/%Y}) sau ngày kết thúc ({end:%d/%m/%Y})."
        )


def last_month(today: datetime.date | None = None):
    """The first and last day of the month before `today`'s."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def in_site(queryset, site):
    return queryset.descendant_of(site.root_page, inclusive=True) if site else queryset


def find_directive(number: str, site=None) -> DirectivePage:
    """The directive with this number in any spelling ("29-CT/TU", "29 ct tu").

    Party numbering restarts each term, so several may share a number: a
    live one comes first, then the latest signed."""
    found = in_site(DirectivePage.objects.by_number(number or ""), site)
    directive = found.order_by("-live", "-signed_on", "-pk").first()
    if directive is None:
        raise ReportError(f"Không tìm thấy văn bản số “{number}”.")
    return directive


def find_campaign(slug: str, site=None) -> CampaignPage:
    campaign = in_site(CampaignPage.objects.filter(slug=slug), site).first()
    if campaign is None:
        raise ReportError(f"Không tìm thấy đợt tuyên truyền “{slug}”.")
    return campaign


# --- The report --------------------------------------------------------------


@dataclass
class PageLine:
    """One page of the subject and what was done with it in the period."""

    page: Page
    kind: str
    title: str
    published_on: datetime.date | None
    live: bool
    published_in_period: bool = False
    posters: int = 0
    postings: int = 0
    copies: int = 0
    broadcasts: int = 0
    seconds: int = 0
    feedback: int = 0

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class Posting:
    day: datetime.date
    title: str
    place: str
    group: str  # "" for a place of the whole ward
    copies: int
    taken_down_on: datetime.date | None


@dataclass
class Broadcast:
    at: datetime.datetime  # local time, naive (as printed and in spreadsheets)
    title: str
    zone: str
    seconds: int
    groups: list[str]

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class Row:
    """A line of the annex: when, what, where."""

    day: datetime.date
    what: str
    where: str


@dataclass
class Figure:
    key: str
    label: str
    value: int | float
    note: str = ""


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    made_on: datetime.date
    ward: WardSettings | None
    directive: DirectivePage | None = None
    campaign: CampaignPage | None = None
    directives: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    pages: list[PageLine] = field(default_factory=list)
    posters: int = 0
    postings: list[Posting] = field(default_factory=list)
    broadcasts: list[Broadcast] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    groups_total: int = 0
    feedback: MonthFigures | None = None
    rows: list[Row] = field(default_factory=list)

    # What the report is about ------------------------------------------------

    @property
    def subject_name(self) -> str:
        """“Chỉ thị số 29-CT/TU” or “đợt tuyên truyền “…””."""
        if self.campaign is not None:
            return f"đợt tuyên truyền “{self.campaign.title}”"
        d = self.directive
        return f"{d.doc_type} số {d.number}"

    @property
    def subject_full(self) -> str:
        """The subject as the title of an official report names it."""
        if self.campaign is not None:
            return self.subject_name
        d = self.directive
        return (
            f"{self.subject_name} ngày {d.signed_on:%d/%m/%Y} của {d.issuer.name} "
            f"{lower_first(d.title)}"
        )

    @property
    def title(self) -> str:
        return f"Kết quả tuyên truyền, triển khai {self.subject_full}"

    @property
    def period(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def filename(self) -> str:
        """“bao-cao-tuyen-truyen-29-ct-tu-20261101-20261130” (no extension)."""
        if self.campaign is not None:
            name = self.campaign.slug
        else:
            name = re.sub(r"[^0-9a-z]+", "-", self.directive.number_key.lower())
        name = name.strip("-") or "van-ban"
        return f"bao-cao-tuyen-truyen-{name}-{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    # Figures ------------------------------------------------------------------

    @property
    def published(self) -> list[PageLine]:
        lines = [line for line in self.pages if line.published_in_period]
        return sorted(lines, key=lambda line: (line.published_on, line.page.pk))

    @property
    def notices(self) -> list[PageLine]:
        return [line for line in self.published if line.kind == "Thông báo"]

    @property
    def articles(self) -> list[PageLine]:
        return [line for line in self.published if line.kind == "Tin bài"]

    @property
    def copies(self) -> int:
        return sum(p.copies for p in self.postings)

    @property
    def places(self) -> list[str]:
        return sorted({p.place for p in self.postings}, key=natural)

    @property
    def ward_wide_places(self) -> list[str]:
        return sorted({p.place for p in self.postings if not p.group}, key=natural)

    @property
    def groups_posted(self) -> list[str]:
        return sorted({p.group for p in self.postings if p.group}, key=natural)

    @property
    def groups_aired(self) -> list[str]:
        return sorted({g for b in self.broadcasts for g in b.groups}, key=natural)

    @property
    def groups_reached(self) -> list[str]:
        return sorted(set(self.groups_posted) | set(self.groups_aired), key=natural)

    @property
    def seconds(self) -> int:
        return sum(b.seconds for b in self.broadcasts)

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)

    def figures(self) -> list[Figure]:
        fb = self.feedback or MonthFigures(self.start)
        groups_of = f"trên tổng số {self.groups_total} tổ dân phố của phường"
        return [
            Figure("notices", "Thông báo đã đăng", len(self.notices)),
            Figure("articles", "Tin bài đã đăng", len(self.articles)),
            Figure("pages", "Tổng số thông báo, tin bài", len(self.published)),
            Figure("posters", "Áp phích đã tạo", self.posters),
            Figure("postings", "Lượt niêm yết", len(self.postings)),
            Figure("copies", "Số bản niêm yết", self.copies),
            Figure("places", "Nơi niêm yết", len(self.places), join(self.places)),
            Figure(
                "ward_wide_places",
                "Nơi niêm yết chung của phường",
                len(self.ward_wide_places),
                join(self.ward_wide_places),
            ),
            Figure(
                "groups_posted",
                "Tổ dân phố có niêm yết",
                len(self.groups_posted),
                join(self.groups_posted),
            ),
            Figure("broadcasts", "Lượt phát thanh", len(self.broadcasts)),
            Figure("minutes", "Số phút phát thanh", self.minutes),
            Figure("zones", "Cụm loa đã phát", len(self.zones), join(self.zones)),
            Figure(
                "groups_aired",
                "Tổ dân phố nghe phát thanh",
                len(self.groups_aired),
                join(self.groups_aired),
            ),
            Figure(
                "groups_reached",
                "Tổ dân phố được tuyên truyền",
                len(self.groups_reached),
                groups_of,
            ),
            Figure("feedback_received", "Ý kiến người dân tiếp nhận", fb.received),
            Figure("feedback_answered", "Ý kiến đã trả lời", fb.answered),
            Figure("feedback_on_time", "Trả lời đúng hạn", fb.answered_on_time),
            Figure("feedback_late", "Trả lời quá hạn", fb.answered_late),
            Figure("feedback_open", "Ý kiến đang xử lý", fb.open),
        ]

    def figure(self, key: str):
        return next(f.value for f in self.figures() if f.key == key)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else ""


def join(names) -> str:
    return ", ".join(names)


def number(value: int | float) -> str:
    """12, 12,5: a decimal comma as Vietnamese text writes it."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",") if value % 1 else f"{int(value)}"
    return str(value)


# --- Building it ---------------------------------------------------------------


def subject_pages(directive=None, campaign=None, site=None):
    """(pages, directives, campaigns): the specific pages of the subject, in a
    stable order (directives, campaigns, notices, articles), all of them,
    live or not."""
    implementing = (NoticePage, ArticlePage)
    if campaign is not None:
        campaigns = [campaign]
        directives = list(
            in_site(
                DirectivePage.objects.filter(pk__in=campaign.directives.values("pk")),
                site,
            ).order_by("-signed_on", "pk")
        )
        linked = Q(campaign=campaign)
    else:
        directives = [directive]
        campaigns = list(
            in_site(CampaignPage.objects.filter(directives=directive), site)
            .order_by("-starts_on", "pk")
            .distinct()
        )
        linked = Q(directives=directive) | Q(campaign__in=[c.pk for c in campaigns])
    others = []
    for model in implementing:
        others += list(
            in_site(model.objects.filter(linked), site)
            .distinct()
            .order_by("published_on", "pk")
        )
    return [*directives, *campaigns, *others], directives, campaigns


def ward_subject(site, directive, campaign):
    """(site, directive, campaign) of one ward: the subject's own ward when
    no site is given; a library directive is reported through the ward's
    copy of it. A subject of another ward is refused."""
    subject = directive or campaign
    site = site or subject.get_site()
    if site is None:
        raise ReportError("Chọn phường cần báo cáo.")
    local = local_page(subject, site)
    if local is None or not local.path.startswith(site.root_page.path):
        raise ReportError(f"“{subject.title}” không thuộc phường đã chọn.")
    local = local.specific
    return (site, local, None) if directive else (site, None, local)


def build_report(
    directive: DirectivePage | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    site=None,
    campaign: CampaignPage | None = None,
    today: datetime.date | None = None,
) -> Report:
    if (directive is None) == (campaign is None):
        raise ReportError("Chọn một văn bản hoặc một đợt tuyên truyền.")
    check_period(start, end)
    today = today or timezone.localdate()
    site, directive, campaign = ward_subject(site, directive, campaign)
    ward = WardSettings.for_site(site)

    pages, directives, campaigns = subject_pages(directive, campaign, site)
    lines = {}
    for page in pages:
        published_on = getattr(page, "published_on", None)
        lines[page.pk] = PageLine(
            page=page,
            kind=KIND_LABELS[type(page)],
            # A directive goes by its number: "Chỉ thị 29-CT/TU".
            title=page.display_name if isinstance(page, DirectivePage) else page.title,
            published_on=published_on,
            live=page.live,
            published_in_period=bool(
                page.live
                and isinstance(page, (NoticePage, ArticlePage))
                and start <= published_on <= end
            ),
        )
    ids = list(lines)
    low, high = day_bounds(start, end)
    report = Report(
        start=start,
        end=end,
        made_on=today,
        ward=ward,
        directive=directive,
        campaign=campaign,
        directives=directives,
        campaigns=campaigns,
        pages=list(lines.values()),
        groups_total=ResidentialGroup.objects.filter(site=site).count(),
    )
    rows = report.rows

    for line in report.published:
        where = "Cổng thông tin điện tử của phường"
        posted_at = getattr(line.page, "posted_at", "")
        rows.append(
            Row(
                line.published_on,
                f"Đăng {line.kind.lower()} “{line.title}”",
                f"{where}; {posted_at}" if posted_at else where,
            )
        )

    posters = RenditionRecord.objects.filter(
        page_id__in=ids,
        kind=RenditionRecord.Kind.POSTER,
        first_at__gte=low,
        first_at__lt=high,
    ).order_by("first_at", "pk")
    for record in posters:
        line = lines[record.page_id]
        line.posters += 1
        report.posters += 1
        rows.append(
            Row(timezone.localdate(record.first_at), f"Tạo áp phích “{line.title}”", "")
        )

    postings = (
        PostingRecord.objects.filter(
            place__site=site, page_id__in=ids, posted_on__gte=start, posted_on__lte=end
        )
        .select_related("place", "place__group")
        .order_by("posted_on", "pk")
    )
    for record in postings:
        line = lines[record.page_id]
        group = record.place.group.name if record.place.group_id else ""
        line.postings += 1
        line.copies += record.copies
        report.postings.append(
            Posting(
                day=record.posted_on,
                title=line.title,
                place=record.place.name,
                group=group,
                copies=record.copies,
                taken_down_on=record.taken_down_on,
            )
        )
        rows.append(
            Row(
                record.posted_on,
                f"Niêm yết “{line.title}” ({record.copies} bản)",
                f"{record.place.name} ({group or WARD_WIDE.lower()})",
            )
        )

    zones = list(LoudspeakerZone.objects.filter(site=site).prefetch_related("groups"))
    zone_groups = {
        z.pk: sorted((g.name for g in z.groups.all()), key=natural) for z in zones
    }
    every_group = sorted(
        {g for names in zone_groups.values() for g in names}, key=natural
    )
    aired = (
        AiredRecord.objects.filter(
            site=site, page_id__in=ids, aired_at__gte=low, aired_at__lt=high
        )
        .select_related("zone")
        .order_by("aired_at", "pk")
    )
    covered = set()
    for record in aired:
        line = lines[record.page_id]
        seconds = record.duration_s or 0
        line.broadcasts += 1
        line.seconds += seconds
        if record.zone_id:
            covered.add(record.zone_id)
            zone, groups = record.zone.name, zone_groups.get(record.zone_id, [])
        else:
            covered.update(zone_groups)
            zone, groups = ALL_ZONES, every_group
        at = timezone.localtime(record.aired_at).replace(tzinfo=None)
        report.broadcasts.append(Broadcast(at, line.title, zone, seconds, groups))
        rows.append(
            Row(
                at.date(),
                f"Phát thanh “{line.title}” lúc {at:%H:%M}, "
                f"{number(round(seconds / 60, 1))} phút",
                zone,
            )
        )
    report.zones = [z.name for z in zones if z.pk in covered]

    feedback = monthly_figures(start, end, site=site, today=today, pages=ids)
    report.feedback = total_figures(feedback)
    for message in _feedback_lines(ids, low, high, site):
        lines[message].feedback += 1

    rows.sort(key=lambda row: row.day)
    return report


def _feedback_lines(ids, low, high, site):
    return (
        Feedback.objects.of_site(site)
        .filter(page_id__in=ids, received_at__gte=low, received_at__lt=high)
        .values_list("page_id", flat=True)
    )
