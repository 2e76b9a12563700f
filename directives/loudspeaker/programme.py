"""The loudspeaker programme: what is read, which day, at what time, where."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from directives.models import (
    Abbreviation,
    AiredRecord,
    BroadcastSlot,
    DirectivePage,
    NoticePage,
    period_of,
)

from .script import Script, build_script
from .speech import AudioInfo, audio_info

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@dataclass
class Item:
    """One slot on one day: what is read, when, where, and whether it went out."""

    slot: BroadcastSlot
    date: datetime.date
    page: DirectivePage | NoticePage
    script: Script
    aired: list[AiredRecord] = field(default_factory=list)
    audio: AudioInfo | None = None  # when the script has been rendered

    @property
    def time(self) -> datetime.time:
        return self.slot.time

    @property
    def is_emergency(self) -> bool:
        return self.slot.is_emergency


@dataclass
class Day:
    date: datetime.date
    items: list[Item]

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def emergencies(self) -> list[Item]:
        return [i for i in self.items if i.is_emergency]

    @property
    def periods(self) -> list[tuple[str, list[Item]]]:
        """The day's items by part of the day, in time order."""
        groups: dict[str, list[Item]] = {}
        for item in self.items:
            groups.setdefault(str(period_of(item.time)), []).append(item)
        return list(groups.items())

    @property
    def regular_periods(self) -> list[tuple[str, list[Item]]]:
        """`periods` without the emergencies (shown apart, first)."""
        periods = [
            (label, [i for i in items if not i.is_emergency])
            for label, items in self.periods
        ]
        return [(label, items) for label, items in periods if items]

    @property
    def is_future(self) -> bool:
        return self.date > timezone.localdate()

    @property
    def minutes(self) -> int:
        return sum(i.script.minutes for i in self.items)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def programme(
    first: datetime.date, days: int, ward, *, site=None, with_aired=False
) -> list[Day]:
    """Days from `first`, each with its items in time order.

    Only the slots of `site` (any site when None) and live, public pages of
    its tree are read out: a
    slot whose page was unpublished or made private simply drops out, and a
    notice is not read after its last valid day. With `with_aired`, each
    item carries the records of its airing (for staff).
    """
    last = first + datetime.timedelta(days=days - 1)
    slots = BroadcastSlot.objects.between(first, last)
    if site is not None:
        slots = slots.filter(site=site)
    slots = list(slots.select_related("page", "zone"))
    visible = {}
    for model in (DirectivePage, NoticePage):
        pages = model.objects.for_residents().filter(pk__in=[s.page_id for s in slots])
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        if model is DirectivePage:
            pages = pages.select_related("issuer")
        visible.update({p.pk: p for p in pages})
    abbreviations = Abbreviation.as_dict()
    scripts = {
        pk: build_script(page, ward, abbreviations) for pk, page in visible.items()
    }
    audio = {
        pk: audio_info(page, ward, script=scripts[pk]) for pk, page in visible.items()
    }
    aired: dict[tuple[int, datetime.date], list[AiredRecord]] = {}
    if with_aired and slots:
        records = AiredRecord.objects.filter(
            slot__in=slots, slot_day__range=(first, last)
        ).select_related("zone", "recorded_by")
        for record in records.order_by("aired_at"):
            aired.setdefault((record.slot_id, record.slot_day), []).append(record)
    by_day: dict[datetime.date, list[Item]] = {}
    for slot in slots:
        if slot.page_id not in visible:
            continue
        until = getattr(visible[slot.page_id], "valid_until", None)
        for date in slot.occurrences(first, min(last, until or last)):
            item = Item(
                slot,
                date,
                visible[slot.page_id],
                scripts[slot.page_id],
                aired.get((slot.pk, date), []),
                audio[slot.page_id],
            )
            by_day.setdefault(date, []).append(item)
    result = []
    for offset in range(days):
        date = first + datetime.timedelta(days=offset)
        items = sorted(
            by_day.get(date, []),
            key=lambda i: (i.slot.time, i.slot.sort_order, i.slot.pk),
        )
        result.append(Day(date, items))
    return result


def duration_s(item: Item, ward) -> float:
    """How long the item takes on air, in seconds: the rendered audio's own
    length, else estimated from the script at the ward's speaking rate."""
    if item.audio is not None:
        return round(item.audio.duration_s, 1)
    return round(item.script.word_count * 60 / max(ward.speaking_rate, 40), 1)


def as_json(item: Item, ward, request) -> dict:
    """An item as a smart-radio system reads it (INTERFACES.md)."""
    page_url = request.build_absolute_uri(item.page.get_url(request))
    return {
        "slot": item.slot.pk,
        "time": f"{item.time:%H:%M}",
        "zone": item.slot.zone.name if item.slot.zone_id else None,
        "zone_id": item.slot.zone_id,
        "priority": item.slot.priority,
        "title": item.page.title,
        "url": page_url,
        "audio": page_url + "loa.mp3",
        "duration_s": duration_s(item, ward),
        "script": item.script.text,
    }


# The days the programme can show: any real schedule, and far enough from the
# ends of Python's calendar that a week and the links to its neighbours are
# dates (9999-12-31 plus a week is not; nor is 0001-01-01 minus one).
EARLIEST = datetime.date(1900, 1, 1)  # a Monday
LATEST = datetime.date(2100, 12, 31)
UNREADABLE = "Không hiểu ngày đã chọn: cần ghi ngày/tháng/năm, ví dụ 31/12/2026."
OUT_OF_RANGE = (
    f"Lịch phát thanh chỉ có các ngày từ năm {EARLIEST.year} đến năm {LATEST.year}."
)


def requested_day(value: str | None) -> tuple[datetime.date, str]:
    """The day the query string asks for (dd/mm/yyyy or yyyy-mm-dd) and "",
    or today and why the day asked for cannot be shown (for the resident,
    in Vietnamese). Never raises: anything typed shows a programme."""
    today = timezone.localdate()
    if not value or not value.strip():
        return today, ""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        return (day, "") if EARLIEST <= day <= LATEST else (today, OUT_OF_RANGE)
    return today, UNREADABLE


def neighbour_weeks(first: datetime.date):
    """The Mondays before and after the week from `first`, None past the ends."""
    week = datetime.timedelta(days=7)
    previous, following = first - week, first + week
    return (
        previous if previous >= EARLIEST else None,
        following if following <= LATEST else None,
    )
