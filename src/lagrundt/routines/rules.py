"""Pure rules of deadlines: offsets, working days, ages. No database access.

Every legal deadline in Lagrundt is computed by ``due_date``: an offset from a date, moved to the
next working day when it lands on a weekend or a Norwegian public holiday.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays

OFFSET_UNITS = ("years", "months", "weeks", "days")
FOLLOW_UP_YEARS = 5  # the five years after settlement that the municipality follows a person


@dataclass(frozen=True, order=True)
class Offset:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def of(cls, spec: dict | None) -> "Offset":
        return cls(**{unit: int(value) for unit, value in (spec or {}).items()})

    def after(self, date: dt.date) -> dt.date:
        """The date this offset after ``date``: years and months first, ending on the month's last day
        if the day does not exist there (31 January + 1 month = 28 February), then weeks and days.

        The same as ``dateutil.relativedelta`` (a test compares them), without its cost: the engine
        adds a million offsets in a full run.
        """
        if self.years or self.months:
            months = date.month - 1 + self.months + 12 * self.years
            year, month = date.year + months // 12, months % 12 + 1
            date = dt.date(year, month, min(date.day, _days_in_month(year, month)))
        if self.weeks or self.days:
            date += dt.timedelta(days=7 * self.weeks + self.days)
        return date

    def times(self, n: int) -> "Offset":
        return Offset(self.years * n, self.months * n, self.weeks * n, self.days * n)

    def plus(self, other: "Offset") -> "Offset":
        return Offset(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
        )

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    def as_dict(self) -> dict[str, int]:
        return {unit: getattr(self, unit) for unit in OFFSET_UNITS if getattr(self, unit)}


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


@cache
def _norwegian_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(date: dt.date) -> bool:
    """Monday to Friday, and not a Norwegian public holiday (Easter, Christmas, 17 May …)."""
    return date.weekday() < 5 and date not in _norwegian_holidays(date.year)


def next_working_day(date: dt.date) -> dt.date:
    while not is_working_day(date):
        date += dt.timedelta(days=1)
    return date


def previous_working_day(date: dt.date) -> dt.date:
    while not is_working_day(date):
        date -= dt.timedelta(days=1)
    return date


BEFORE = "before"


def due_date(start: dt.date, offset: Offset, *, working_day: bool | str = True) -> dt.date:
    """The deadline ``offset`` after ``start``. On a weekend or holiday it moves to the next working
    day (``True``), to the working day before (``"before"``: a limit in law that must not be passed,
    though never before ``start``), or stays (``False``)."""
    due = offset.after(start)
    if working_day == BEFORE:
        earlier = previous_working_day(due)
        # A duty before the date (a negative offset) may move further before it.
        return earlier if earlier >= start or due < start else due
    return next_working_day(due) if working_day else due


_FOLLOW_UP = Offset(years=FOLLOW_UP_YEARS)


def follow_up_end(settled_on: dt.date) -> dt.date:
    return _FOLLOW_UP.after(settled_on)
