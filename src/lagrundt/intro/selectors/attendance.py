"""Attendance and the benefit: registered days, unexcused hours and the months of benefit."""

import datetime as dt
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from lagrundt.routines.rules import Offset, is_working_day

from .. import rules
from ..models import (
    AttendanceDay,
    BenefitPayment,
    DayStatus,
    Decision,
    DecisionKind,
)
from ..rulebook import BaseAmountMissing, RuleBook
from .records import Record


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    first: dt.date
    last: dt.date
    payment: rules.Payment | None
    missing_g: dt.date | None = None  # the G period that is not recorded
    decision: Decision | None = None
    unregistered: int = 0
    ended: bool = True
    book: RuleBook | None = field(default=None, repr=False, compare=False)

    @property
    def benefit(self):
        return self.payment.benefit if self.payment else None

    # Rounded for showing, only when shown (the payment itself is rounded on the running total).
    @property
    def gross(self) -> Decimal | None:
        return rules.to_kroner(self.benefit.gross, self.book, self.last) if self.benefit else None

    @property
    def deduction(self) -> Decimal | None:
        return rules.to_kroner(self.benefit.deduction, self.book, self.last) if self.benefit else None


def attendance_of(
    person_ids: list[int], first: dt.date, last: dt.date
) -> dict[int, dict[dt.date, AttendanceDay]]:
    days: dict[int, dict[dt.date, AttendanceDay]] = defaultdict(dict)
    for row in AttendanceDay.objects.filter(person_id__in=person_ids, day__gte=first, day__lte=last):
        days[row.person_id][row.day] = row
    return days


@dataclass(frozen=True)
class WeekDay:
    """A programme day of the attendance week."""

    day: dt.date
    fixed: str | None  # the status it has by rule (a public holiday, leave), or None
    row: AttendanceDay | None  # what is registered for it
    future: bool  # after today: it cannot be registered yet
    planned: str | None = None  # what the plan says for a day that has come (present, holiday), if anything

    @property
    def open(self) -> bool:
        """Attendance is to be registered for this day now."""
        return self.fixed is None and not self.future


def planned_status(record: Record, day: dt.date) -> str | None:
    """What the plan says the participant does on a day: a planned holiday week, or present where an
    activity of the plan runs; None where the plan says nothing."""
    if rules.monday_of(day) in record.holidays:
        return DayStatus.HOLIDAY
    for activity in record.activities:
        if (
            activity.starts_on <= day
            and (activity.ends_on is None or day <= activity.ends_on)
            and activity.hours_per_week > 0
        ):
            return DayStatus.PRESENT
    return None


def attendance_week(record: Record, monday: dt.date, *, today: dt.date | None = None) -> list[WeekDay]:
    """The days of a working week the participant is in the programme and not stopped, each with the
    status it has by rule (a public holiday, leave) or None when attendance is to be registered, what
    is registered for it, whether it is after today, and (for a day that has come) what the plan says."""
    today = today or timezone.localdate()
    timeline = record.timeline
    person_id = record.person.pk
    registered = attendance_of([person_id], monday, monday + dt.timedelta(days=4)).get(person_id, {})
    days = []
    for day in (monday + dt.timedelta(days=i) for i in range(5)):
        if not timeline.in_programme(day) or timeline.stopped(day):
            continue
        fixed = None
        if not is_working_day(day):
            fixed = DayStatus.PUBLIC_HOLIDAY
        elif timeline.on_leave(day):
            fixed = DayStatus.LEAVE
        future = day > today
        planned = None if fixed or future else planned_status(record, day)
        days.append(WeekDay(day, fixed, registered.get(day), future, planned))
    return days


def unexcused_hours(days: dict[dt.date, AttendanceDay]) -> dict[dt.date, Decimal]:
    return {d: row.unexcused_hours for d, row in days.items() if row.unexcused_hours}


def needs_registration(timeline: rules.Timeline, day: dt.date) -> bool:
    """A working day in the programme that is neither stopped nor on leave must be registered."""
    return (
        timeline.in_programme(day)
        and is_working_day(day)
        and not timeline.stopped(day)
        and timeline.on_leave(day) is None
    )


def unregistered_days(
    timeline: rules.Timeline, registered: Container[dt.date], first: dt.date, last: dt.date
) -> list[dt.date]:
    missing, day = [], first
    while day <= last:
        if day not in registered and needs_registration(timeline, day):
            missing.append(day)
        day += rules.DAY
    return missing


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = Offset(months=1).after(month)
    return months


def benefit_months(
    book: RuleBook,
    record: Record,
    *,
    through: dt.date,
    days: dict[dt.date, AttendanceDay] | None = None,
    hours: dict[dt.date, Decimal] | None = None,
    registered: set[dt.date] | None = None,
    check_from: dt.date | None = None,
    paid: dict[dt.date, Decimal] | None = None,
    today: dt.date | None = None,
) -> list[MonthRow]:
    """The benefit month by month from the programme's start through the month of ``through``.

    ``paid`` holds the exported (locked) months; the rest are computed. A month whose G is not
    recorded stops the schedule there: the running total cannot go on without it. The attendance
    comes as ``days`` (every registered day), or, for many participants at once, as the sparse
    ``hours`` of unexcused absence and the ``registered`` days of the months from ``check_from``.
    """
    today = today or timezone.localdate()
    timeline = record.timeline
    if timeline.start is None:
        return []
    start_day = record.profile.pay_period_start_day
    last = min(timeline.last_day, through)
    first_month = timeline.start.replace(day=1)
    if start_day > 1 and timeline.start.day >= start_day:
        first_month = Offset(months=1).after(first_month)
    last_month = last.replace(day=1)
    if start_day > 1 and last.day >= start_day:
        last_month = Offset(months=1).after(last_month)
    months = months_between(first_month, last_month)
    if not months:
        return []
    span_first = rules.pay_period(months[0], start_day)[0]
    span_last = rules.pay_period(months[-1], start_day)[1]
    if days is None and hours is None:
        days = attendance_of([record.person.pk], span_first, span_last).get(record.person.pk, {})
    if days is not None:
        hours, registered = unexcused_hours(days), set(days)
    registered = registered or set()
    # Only days that have come reduce the benefit: a day after today has not happened, whatever is stored.
    hours = {d: h for d, h in (hours or {}).items() if d <= today}
    if paid is None:
        paid = dict(BenefitPayment.objects.filter(person=record.person).values_list("month", "amount"))
    person = record.beneficiary()
    deductions = {d.period: d for d in record.decisions_of(DecisionKind.DEDUCTION) if d.period}
    periods: list[tuple[dt.date, rules.PeriodBenefit | None]] = []
    bounds = {}
    missing = None
    for month in months:
        first, last_day = rules.pay_period(month, start_day)
        bounds[month] = (first, last_day)
        try:
            benefit = rules.period_benefit(
                book,
                person,
                first=first,
                last=last_day,
                paid_days=timeline.paid_days(first, last_day),
                unexcused_hours=hours,
            )
        except BaseAmountMissing as exc:
            missing = (month, exc.period_start)
            break
        periods.append((month, benefit))
    payments = rules.schedule(book, periods, paid=paid) if periods else []
    rows = []
    for payment in payments:
        first, last_day = bounds[payment.month]
        rows.append(
            MonthRow(
                month=payment.month,
                first=first,
                last=last_day,
                payment=payment,
                decision=deductions.get(payment.month),
                unregistered=(
                    len(unregistered_days(timeline, registered, first, min(last_day, today)))
                    if check_from is None or first >= check_from
                    else 0
                ),
                ended=last_day < today,
                book=book,
            )
        )
    if missing:
        first, last_day = bounds[missing[0]]
        rows.append(MonthRow(missing[0], first, last_day, None, missing_g=missing[1], ended=last_day < today))
    return rows
