"""The payroll month: what each participant is paid, for the export to the payroll system."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from lagrundt.access import policy
from lagrundt.people.models import Person
from lagrundt.routines.rules import Offset

from .. import rules
from ..models import (
    AttendanceDay,
    BenefitPayment,
    PayrollExport,
)
from ..profiles import profile_for
from ..rulebook import RuleBook
from .attendance import MonthRow, benefit_months
from .base import PERSON_RELATED, S
from .lists import _granted
from .records import load_records


@dataclass(frozen=True)
class PayrollLine:
    person: Person
    row: MonthRow
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Payroll:
    municipality_id: int
    month: dt.date
    first: dt.date
    last: dt.date
    lines: list[PayrollLine]
    export: PayrollExport | None
    earlier_open: dt.date | None  # an earlier month that is not exported while later ones are


def payroll(
    book: RuleBook, persons: list[Person], municipality, month: dt.date, *, today: dt.date
) -> Payroll:
    """A month's benefit for every participant of a municipality: what would be exported, what stops it."""
    profile = profile_for(municipality.number)
    first, last = rules.pay_period(month, profile.pay_period_start_day)
    export = PayrollExport.objects.filter(municipality=municipality, month=month).first()
    records = load_records(persons, today=today, book=book)
    candidates = [
        r
        for r in records.values()
        if r.timeline.start and r.timeline.start <= last and r.timeline.last_day >= first
    ]
    ids = [r.person.pk for r in candidates]
    # Only unexcused hours change an amount: read those for the whole programme, and every
    # registered day only for this month (a national register has millions of present days).
    hours: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for person_id, day, h in AttendanceDay.objects.filter(
        person_id__in=ids, day__lte=last, unexcused_hours__gt=0
    ).values_list("person_id", "day", "unexcused_hours"):
        hours[person_id][day] = h
    registered: dict[int, set[dt.date]] = defaultdict(set)
    for person_id, day in AttendanceDay.objects.filter(
        person_id__in=ids, day__gte=first, day__lte=last
    ).values_list("person_id", "day"):
        registered[person_id].add(day)
    paid: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for person_id, m, amount in BenefitPayment.objects.filter(person_id__in=ids).values_list(
        "person_id", "month", "amount"
    ):
        paid[person_id][m] = amount
    lines = []
    for record in sorted(candidates, key=lambda r: (r.person.family_name, r.person.given_name, r.person.pk)):
        rows = benefit_months(
            book,
            record,
            through=last,
            hours=hours.get(record.person.pk, {}),
            registered=registered.get(record.person.pk, set()),
            check_from=first,
            paid=paid.get(record.person.pk, {}),
            today=today,
        )
        row = next((r for r in rows if r.month == month), None)
        if row is None and rows and rows[-1].missing_g and rows[-1].month < month:
            # The running total stopped at an earlier month whose G is not recorded.
            row = MonthRow(month, first, last, None, missing_g=rows[-1].missing_g, ended=last < today)
        if row is None:
            continue
        problems = []
        if row.missing_g:
            problems.append("missing_g")
        if row.unregistered:
            problems.append("unregistered")
        if row.benefit and row.benefit.decision_required and row.decision is None:
            problems.append("decision_required")
        lines.append(PayrollLine(record.person, row, tuple(problems)))
    later = PayrollExport.objects.filter(municipality=municipality, month__gt=month).exists()
    previous = Offset(months=-1).after(month)
    earlier_open = None
    exported = PayrollExport.objects.filter(municipality=municipality)
    if not export and not later and exported.exists() and not exported.filter(month=previous).exists():
        earlier_open = previous
    return Payroll(municipality.pk, month, first, last, lines, export, earlier_open)


def payroll_persons(user, municipality_id: int) -> list[Person]:
    """The participants of a municipality whose programme section the user may read."""
    return list(
        policy.visible_to(user, section=S)
        .filter(municipality_id=municipality_id)
        .filter(_granted())
        .select_related(*PERSON_RELATED)
    )


def payroll_months(today: dt.date, count: int = 6) -> list[dt.date]:
    """The first days of last month and the months before it, newest first: the months to pay."""
    last_month = Offset(months=-1).after(today.replace(day=1))
    return [Offset(months=-i).after(last_month) for i in range(count)]


def payroll_exports(municipality_ids, months: list[dt.date]) -> dict[tuple[int, dt.date], PayrollExport]:
    """The months already locked and sent to the payroll system, by (municipality, month)."""
    return {
        (e.municipality_id, e.month): e
        for e in PayrollExport.objects.filter(municipality_id__in=sorted(municipality_ids), month__in=months)
    }


def payroll_export(municipality_id: int, month: dt.date) -> PayrollExport | None:
    return PayrollExport.objects.filter(municipality_id=municipality_id, month=month).first()


def exported_payments(export: PayrollExport) -> list[BenefitPayment]:
    """The payments a locked month sent, by the participants' names."""
    return list(
        BenefitPayment.objects.filter(export=export)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person__pk")
    )
