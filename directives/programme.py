"""The weekly loudspeaker programme: what is read, which day, which slot."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .broadcast import Script, build_script
from .models import (
    Abbreviation,
    BroadcastPeriod,
    BroadcastSlot,
    DirectivePage,
    NoticePage,
)

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


# A programme is planned around now: a day outside these years (9999-12-31,
# whose week would run past the calendar's end) shows this week instead.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def parse_day(value: str | None) -> datetime.date:
    """A date from the query string (dd/mm/yyyy or yyyy-mm-dd) between
    FIRST_DAY and LAST_DAY, else today."""
    today = timezone.localdate()
    if not value:
        return today
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
        return day if FIRST_DAY <= day <= LAST_DAY else today
    return today
