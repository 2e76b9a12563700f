"""The weekly loudspeaker programme: what is read, which day, which slot."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from directives.models import (
    Abbreviation,
    BroadcastPeriod,
    BroadcastSlot,
    DirectivePage,
    NoticePage,
)

from .script import Script, build_script

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@dataclass
class Item:
    slot: BroadcastSlot
    page: DirectivePage | NoticePage
    script: Script


@dataclass
class Day:
    date: datetime.date
    periods: list[tuple[str, list[Item]]]

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def minutes(self) -> int:
        return sum(i.script.minutes for _, items in self.periods for i in items)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def programme(first: datetime.date, days: int, ward) -> list[Day]:
    """Days from `first`, each with its morning and evening items.

    Only live, public pages are read out: a slot whose page was unpublished
    or made private simply drops out.
    """
    last = first + datetime.timedelta(days=days - 1)
    slots = list(
        BroadcastSlot.objects.filter(day__range=(first, last)).select_related("page")
    )
    visible = {}
    for model in (DirectivePage, NoticePage):
        pages = model.objects.for_residents().filter(pk__in=[s.page_id for s in slots])
        if model is DirectivePage:
            pages = pages.select_related("issuer")
        visible.update({p.pk: p for p in pages})
    abbreviations = Abbreviation.as_dict()
    scripts = {
        pk: build_script(page, ward, abbreviations) for pk, page in visible.items()
    }
    result = []
    for offset in range(days):
        date = first + datetime.timedelta(days=offset)
        periods = []
        for period, label in BroadcastPeriod.choices:
            items = [
                Item(slot, visible[slot.page_id], scripts[slot.page_id])
                for slot in slots
                if slot.day == date
                and slot.period == period
                and slot.page_id in visible
            ]
            periods.append((label, items))
        result.append(Day(date, periods))
    return result


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
