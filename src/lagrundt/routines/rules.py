"""Pure rules of deadlines: offsets, working days, ages. No database access.

Every legal deadline in Lagrundt is computed by ``due_date``: an offset from a date, moved to the
next working day when it lands on a weekend or a Norwegian public holiday.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta

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
        """The date this offset after ``date``; months and years end on the month's last day if needed."""
        return date + relativedelta(years=self.years, months=self.months, weeks=self.weeks, days=self.days)

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
        return earlier if earlier >= start else due
    return next_working_day(due) if working_day else due


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a person born 29 February turns a year older on 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def follow_up_end(settled_on: dt.date) -> dt.date:
    return Offset(years=FOLLOW_UP_YEARS).after(settled_on)
