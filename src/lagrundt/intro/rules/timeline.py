"""The programme's days: start, leave, extension and end, as one timeline."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .base import DAY
from .durations import programme_end


@dataclass(frozen=True)
class Timeline:
    """When a participant is in the programme, and on which of those days the benefit is paid.

    The end moves by the months of each extension and by every day of leave; a temporary stop and
    leave without benefit are days in the programme without benefit; the programme is over at its
    planned end or when it ended (a stop, a move, the participant's own wish), whichever is first.
    """

    start: dt.date | None
    months: int = 0
    extension_months: int = 0
    leaves: tuple[tuple[dt.date, dt.date, bool], ...] = ()  # (first, last, with benefit)
    stops: tuple[tuple[dt.date, dt.date], ...] = ()
    ended_on: dt.date | None = None

    @cached_property
    def leave_days(self) -> int:
        return sum((last - first).days + 1 for first, last, _with in self.leaves)

    @cached_property
    def planned_end(self) -> dt.date | None:
        if self.start is None:
            return None
        return programme_end(
            self.start, self.months, extension_months=self.extension_months, leave_days=self.leave_days
        )

    @cached_property
    def last_day(self) -> dt.date | None:
        end = self.planned_end
        if end is None:
            return None
        return min(end, self.ended_on) if self.ended_on else end

    def in_programme(self, day: dt.date) -> bool:
        last = self.last_day
        return self.start is not None and last is not None and self.start <= day <= last

    def stopped(self, day: dt.date) -> bool:
        return any(first <= day <= last for first, last in self.stops)

    def on_leave(self, day: dt.date) -> tuple[dt.date, dt.date, bool] | None:
        return next((leave for leave in self.leaves if leave[0] <= day <= leave[1]), None)

    def paid(self, day: dt.date) -> bool:
        if not self.in_programme(day) or self.stopped(day):
            return False
        leave = self.on_leave(day)
        return leave is None or leave[2]

    def paid_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The days from ``first`` to ``last`` that earn the benefit (read for every pay period)."""
        end = self.last_day
        if self.start is None or end is None:
            return []
        lo, hi = max(first, self.start), min(last, end)
        unpaid = [(a, b) for a, b in self.stops] + [
            (a, b) for a, b, with_benefit in self.leaves if not with_benefit
        ]
        unpaid = [(a, b) for a, b in unpaid if a <= hi and b >= lo]
        days, day = [], lo
        while day <= hi:
            if not unpaid or not any(a <= day <= b for a, b in unpaid):
                days.append(day)
            day += DAY
        return days
