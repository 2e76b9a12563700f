"""Due dates counted in working days: Monday to Friday.

Public holidays (Tết, 30/4–1/5, 2/9) are not known to the portal; staff
move a due date by hand when a holiday falls inside it.
"""

import datetime

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start`; something received on a
    Saturday or Sunday starts counting on Monday."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
