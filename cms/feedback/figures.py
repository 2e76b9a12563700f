"""Figures for reports: what residents sent and how the ward answered, per
month. The admin report ("Thống kê góp ý"), `manage.py feedback_report` and
the dissemination report read `monthly_figures`.

Definitions, per calendar month (the ward's time zone):

- received: messages received in the month;
- answered, on time, late: messages first answered in the month, on or before
  their due date, or after it;
- declined: messages received in the month and closed as "không xử lý";
- open, overdue: of the messages received in the month, those still open
  today, and those of them past their due date;
- by topic and by tổ dân phố: the messages received in the month.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from .models import Feedback, Status, Topic, area_name

NO_AREA = _("Không ghi tổ dân phố")


@dataclass
class MonthFigures:
    month: datetime.date  # the first day
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    declined: int = 0
    open: int = 0
    overdue: int = 0
    by_topic: Counter = field(default_factory=Counter)
    by_area: Counter = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"

    def add(self, other: "MonthFigures") -> None:
        for name in (
            "received",
            "answered",
            "answered_on_time",
            "answered_late",
            "declined",
            "open",
            "overdue",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_topic.update(other.by_topic)
        self.by_area.update(other.by_area)


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from `start`'s to `end`'s."""
    found, month = [], start.replace(day=1)
    while month <= end:
        found.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return found


def day_bounds(start: datetime.date, end: datetime.date):
    """The moments from `start`'s midnight to the one after `end` (both days
    included), in the ward's time zone: filter with `>= low` and `< high`."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return low, high


def monthly_figures(
    start: datetime.date,
    end: datetime.date,
    site=None,
    today: datetime.date | None = None,
    pages=None,
    sites=None,
) -> list[MonthFigures]:
    """One `MonthFigures` per month from `start` to `end` (both days
    included; a period may start or end inside a month), for one site or
    all (or for `sites`, a list), and only the messages about `pages` (ids or a
    queryset) if given.
    No personal data is read."""
    today = today or timezone.localdate()
    rows = {month: MonthFigures(month) for month in months(start, end)}
    low, high = day_bounds(start, end)
    items = Feedback.objects.of_site(site)
    if sites is not None:
        items = items.of_sites(sites)
    items = items.only(
        "topic", "to_dan_pho", "status", "received_at", "due_on", "answered_at"
    )
    if pages is not None:
        items = items.filter(page__in=pages)
    for item in items.filter(received_at__gte=low, received_at__lt=high):
        row = rows[timezone.localdate(item.received_at).replace(day=1)]
        row.received += 1
        row.by_topic[item.topic] += 1
        row.by_area[area_name(item.to_dan_pho)] += 1
        if item.status == Status.DECLINED:
            row.declined += 1
        if item.is_open:
            row.open += 1
            if item.due_on < today:
                row.overdue += 1
    for item in items.filter(answered_at__gte=low, answered_at__lt=high):
        row = rows[timezone.localdate(item.answered_at).replace(day=1)]
        row.answered += 1
        if item.answered_on_time:
            row.answered_on_time += 1
        else:
            row.answered_late += 1
    return list(rows.values())


def total(rows: list[MonthFigures]) -> MonthFigures:
    whole = MonthFigures(rows[0].month if rows else timezone.localdate())
    for row in rows:
        whole.add(row)
    return whole


def natural_key(name: str) -> list:
    """Sort key for names with numbers: "Tổ 2" before "Tổ 10"."""
    return [
        (0, int(part), "") if part.isdecimal() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", name)
        if part
    ]


def areas(rows: list[MonthFigures]) -> list[str]:
    """The tổ dân phố named in the rows, in a natural order ("Tổ 2" before
    "Tổ 10"); messages without one last."""
    names = {name for row in rows for name in row.by_area if name}
    return sorted(names, key=natural_key) + (
        [""] if any(row.by_area.get("") for row in rows) else []
    )


def table(rows: list[MonthFigures], with_total: bool = True):
    """The figures as (headings, lines): one line a month, then the total;
    a column per topic and per tổ dân phố. For the CSV and XLSX files."""
    named_areas = areas(rows)
    headings = [
        str(_("Tháng")),
        str(_("Tiếp nhận")),
        str(_("Đã trả lời")),
        str(_("Trả lời đúng hạn")),
        str(_("Trả lời quá hạn")),
        str(_("Không xử lý")),
        str(_("Chưa xong")),
        str(_("Quá hạn chưa trả lời")),
    ]
    headings += [str(label) for label in Topic.labels]
    headings += [name or str(NO_AREA) for name in named_areas]
    lines = []
    shown = rows + ([total(rows)] if with_total and rows else [])
    for index, row in enumerate(shown):
        label = str(_("Cộng")) if index == len(rows) else row.label
        lines.append(
            [
                label,
                row.received,
                row.answered,
                row.answered_on_time,
                row.answered_late,
                row.declined,
                row.open,
                row.overdue,
                *(row.by_topic.get(value, 0) for value in Topic.values),
                *(row.by_area.get(name, 0) for name in named_areas),
            ]
        )
    return headings, lines


def as_csv(rows: list[MonthFigures]) -> bytes:
    """The table as CSV in UTF-8 with a byte order mark, which spreadsheet
    programs need to read Vietnamese letters."""
    headings, lines = table(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(lines)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[MonthFigures]) -> bytes:
    headings, lines = table(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Thống kê góp ý")))
    sheet.append(headings)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
