"""Pure rules of the plans: when a measure is overdue or quiet, and where an indicator stands."""

import datetime as dt
import enum
from decimal import Decimal

QUIET_DAYS = 90


def is_overdue(*, status_closed: bool, ends_on: dt.date | None, today: dt.date) -> bool:
    """An open measure whose deadline has passed."""
    return not status_closed and ends_on is not None and ends_on < today


def is_quiet(
    *,
    status_closed: bool,
    last_note_on: dt.date | None,
    since: dt.date,
    today: dt.date,
    days: int = QUIET_DAYS,
) -> bool:
    """An open measure without a progress note for ``days`` days (counted from ``since`` if none yet)."""
    if status_closed:
        return False
    last = last_note_on or since
    return (today - last).days >= days


class Standing(enum.StrEnum):
    REACHED = "reached"
    NOT_YET = "not_yet"  # below the target, with time left
    MISSED = "missed"  # below the target after its date
    NO_DATA = "no_data"


def standing(
    *, value: float | Decimal | None, target: Decimal, direction: str, by: dt.date, today: dt.date
) -> Standing:
    """Where the latest value stands against a target to reach by a date."""
    if value is None:
        return Standing.NO_DATA
    value = Decimal(str(value))
    reached = value >= target if direction == "at_least" else value <= target
    if reached:
        return Standing.REACHED
    return Standing.MISSED if today > by else Standing.NOT_YET


def years_up_to(today: dt.date, count: int) -> tuple[int, ...]:
    """The last ``count`` calendar years, this one included, oldest first."""
    return tuple(range(today.year - count + 1, today.year + 1))
