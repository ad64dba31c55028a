"""Full time all year: the planned weekly load and the holiday weeks."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lagrundt.routines.rules import Offset

from ..rulebook import RuleBook
from .base import DAY


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class PlannedActivity:
    starts_on: dt.date
    ends_on: dt.date | None
    hours_per_week: Decimal
    self_study: bool = False


@dataclass(frozen=True)
class WeekLoad:
    monday: dt.date
    hours: Decimal
    required: Decimal
    holiday: bool

    @property
    def below_full_time(self) -> bool:
        return not self.holiday and self.hours < self.required


def week_loads(
    book: RuleBook,
    activities: Iterable[PlannedActivity],
    *,
    first: dt.date,
    last: dt.date,
    holiday_weeks: set[dt.date] = frozenset(),
) -> list[WeekLoad]:
    """Planned hours per week from ``first`` to ``last``: an activity counts in every week it touches.

    Full time is 37.5 hours, or 30 when an activity of the week has significant self-study.
    """
    activities = list(activities)
    loads = []
    monday = monday_of(first)
    while monday <= last:
        sunday = monday + dt.timedelta(days=6)
        rule = book.value("programme.full_time", monday)
        active = [
            a for a in activities if a.starts_on <= sunday and (a.ends_on is None or a.ends_on >= monday)
        ]
        self_study = any(a.self_study for a in active)
        required = Decimal(str(rule["hours_per_week_with_self_study" if self_study else "hours_per_week"]))
        hours = sum((a.hours_per_week for a in active), Decimal(0))
        loads.append(WeekLoad(monday, hours, required, monday in holiday_weeks))
        monday += dt.timedelta(days=7)
    return loads


@dataclass(frozen=True)
class HolidayYear:
    number: int
    starts_on: dt.date
    ends_on: dt.date
    weeks: int
    required: int

    @property
    def lacking(self) -> bool:
        return self.weeks < self.required

    @property
    def too_many(self) -> bool:
        return self.weeks > self.required


def holiday_years(
    book: RuleBook, *, start: dt.date, end: dt.date, holiday_weeks: set[dt.date]
) -> list[HolidayYear]:
    """Holiday weeks per programme year (from the start day): full years need theirs, no more.

    A last part-year needs its share, rounded down (a programme of 6 months: 2 weeks).
    """
    years = []
    number, year_start = 1, start
    while year_start <= end:
        year_end = min(Offset(years=1).after(year_start) - DAY, end)
        required = int(book.value("programme.full_time", year_start)["holiday_weeks"])
        full_year = Offset(years=1).after(year_start) - DAY <= end
        if not full_year:
            required = required * ((year_end - year_start).days + 1) // 365
        weeks = sum(1 for w in holiday_weeks if year_start <= w <= year_end)
        years.append(HolidayYear(number, year_start, year_end, weeks, required))
        number, year_start = number + 1, year_end + DAY
    return years
