"""The benefit: a year's amount, a pay period's share, deductions and the payments."""

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import cache

from lagrundt.core.dates import age_on
from lagrundt.routines.rules import Offset

from ..rulebook import BaseAmount, RuleBook, RuleVersion, g_period_start
from .base import DAY


@dataclass(frozen=True)
class Beneficiary:
    birth_date: dt.date
    lives_with_parent: bool = False
    couple_without_children: bool = False


def pay_period(month: dt.date, start_day: int = 1) -> tuple[dt.date, dt.date]:
    """The days paid for in a month: the calendar month, or (start day 16) 16 April to 15 May for May."""
    first = month.replace(day=1)
    if start_day == 1:
        return first, Offset(months=1).after(first) - DAY
    return Offset(months=-1).after(first).replace(day=start_day), first.replace(day=start_day) - DAY


@dataclass(frozen=True)
class Segment:
    """Days in a row with the same G and the same rate."""

    first: dt.date
    last: dt.date
    g: BaseAmount
    share: Fraction  # of 2 G: 1, 2/3 or 1/3 (times 5/6 for a couple)
    yearly: Fraction
    amount: Fraction

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class PeriodBenefit:
    first: dt.date
    last: dt.date
    gross: Fraction  # before deductions
    deduction: Fraction
    unexcused_hours: Decimal
    segments: tuple[Segment, ...]
    decision_required: bool
    versions: tuple[RuleVersion, ...]

    @property
    def net(self) -> Fraction:
        return max(Fraction(0), self.gross - self.deduction)

    @property
    def g_values(self) -> list[BaseAmount]:
        seen = {}
        for s in self.segments:
            seen.setdefault(s.g.valid_from, s.g)
        return list(seen.values())

    @property
    def g_assumed(self) -> bool:
        return any(not g.verified for g in self.g_values)


def yearly_benefit(
    book: RuleBook, person: Beneficiary, day: dt.date
) -> tuple[BaseAmount, Fraction, Fraction]:
    """(G, share of the full rate, yearly benefit) on a day: the birthday counts from the day itself."""
    rates = book.value("benefit.rates", day)
    g = book.g(day)
    share = Fraction(1)
    if age_on(person.birth_date, day) < int(rates["under_age"]):
        share = Fraction(
            str(rates["under_age_with_parent_share" if person.lives_with_parent else "under_age_share"])
        )
    if person.couple_without_children and book.has("benefit.couples", day):
        share *= Fraction(str(book.value("benefit.couples", day)["share"]))
    return g, share, Fraction(str(rates["full"])) * Fraction(g.amount) * share


def period_benefit(
    book: RuleBook,
    person: Beneficiary,
    *,
    first: dt.date,
    last: dt.date,
    paid_days: Iterable[dt.date],
    unexcused_hours: Mapping[dt.date, Decimal] = {},
) -> PeriodBenefit:
    """The benefit for a pay period, day by day.

    Each paid day earns the yearly benefit of that day (G in force that day, the rate for the age
    that day) divided by 12 and by the days of the period, so a whole period at one rate is exactly
    1/12 of the yearly benefit. Unexcused hours are deducted at the hour unit of the yearly benefit
    of their day (1/1850; uncertain, see the rules). A decision is required when the deduction is at
    least half the payment and at least 1/12 G.
    """
    paid = set(paid_days)
    length = (last - first).days + 1
    payment = book.value("benefit.payment", last)
    per_month = _fraction(payment["per_month"])
    units = book.version("absence.reduction_units", last)
    per_hour = _fraction(units.value["hour"])
    # The rate can only change where G changes (1 May), at the 25th birthday, or where a version of
    # the rate rules starts: days between such points share one yearly amount, computed once.
    starts = sorted(
        {
            v.valid_from
            for key in ("benefit.rates", "benefit.couples")
            if key in book.rules
            for v in book.rule(key).in_force_versions
            if first < v.valid_from <= last
        }
    )
    yearly_of: dict[tuple, tuple[BaseAmount, Fraction, Fraction]] = {}

    def key_of(day: dt.date) -> tuple:
        key = (g_period_start(day), bisect_right(starts, day), age_on(person.birth_date, day))
        if key not in yearly_of:
            yearly_of[key] = yearly_benefit(book, person, day)
        return key

    # Where the yearly amount may change inside the period: 1 May, a birthday, a rule version.
    cuts = set(starts)
    for year in range(first.year, last.year + 1):
        cuts.add(dt.date(year, 5, 1))
        birthday = Offset(years=year - person.birth_date.year).after(person.birth_date)
        cuts.update((birthday, birthday + DAY))  # born 29 February: a year older on 1 March
    cuts = sorted(c for c in cuts if first < c <= last)
    runs: list[list] = []  # [first day, last day, key], each with one yearly amount
    for run_first, run_last in _stretches(sorted(d for d in paid if first <= d <= last)):
        bounds = [run_first, *(c for c in cuts if run_first < c <= run_last)]
        for i, lo in enumerate(bounds):
            hi = bounds[i + 1] - DAY if i + 1 < len(bounds) else run_last
            key = key_of(lo)
            previous = runs[-1] if runs else None
            if previous and previous[1] == lo - DAY and yearly_of[previous[2]][:2] == yearly_of[key][:2]:
                previous[1] = hi
            else:
                runs.append([lo, hi, key])
    deduction = Fraction(0)
    hours_total = Decimal(0)
    for day, hours in unexcused_hours.items():
        if hours and first <= day <= last and day in paid:
            hours_total += hours
            deduction += Fraction(hours) * yearly_of[key_of(day)][2] * per_hour
    segments = []
    gross = Fraction(0)
    for run_first, run_last, key in runs:
        g, share, yearly = yearly_of[key]
        amount = yearly * per_month * ((run_last - run_first).days + 1) / length
        gross += amount
        segments.append(Segment(run_first, run_last, g, share, yearly, amount))
    deduction = min(deduction, gross)
    threshold = book.version("absence.decision_threshold", last)
    required = False
    if deduction > 0:
        g_last = book.g(last)
        required = deduction >= _fraction(
            threshold.value["share_of_payment"]
        ) * gross and deduction >= _fraction(threshold.value["share_of_g"]) * Fraction(g_last.amount)
    versions = (book.version("benefit.rates", last), book.version("benefit.payment", last), units, threshold)
    return PeriodBenefit(first, last, gross, deduction, hours_total, tuple(segments), required, versions)


@cache
def _fraction(value) -> Fraction:
    """A number of the rules ("1/12", "0.5", 2) as an exact fraction; the rules are few, so cached."""
    return Fraction(str(value))


def _stretches(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as runs of consecutive days."""
    stretches: list[list[dt.date]] = []
    for day in days:
        if stretches and stretches[-1][1] == day - DAY:
            stretches[-1][1] = day
        else:
            stretches.append([day, day])
    return [(a, b) for a, b in stretches]


def to_kroner(value: Fraction, book: RuleBook, on: dt.date) -> Decimal:
    """Round an exact amount by the rounding rule (to øre, half up, unless the administrator set another)."""
    rule = book.value("benefit.rounding", on)
    unit = Decimal(str(rule["unit"]))
    method = ROUND_HALF_UP if rule["method"] == "half_up" else ROUND_HALF_EVEN
    with localcontext() as ctx:
        ctx.prec = 50
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(unit, rounding=method)


@dataclass(frozen=True)
class Payment:
    month: dt.date
    benefit: PeriodBenefit | None
    this_month: Decimal  # the rounded running total's growth in this month
    correction: Decimal  # what earlier months' recomputed benefit differs from what was paid for them
    amount: Decimal  # paid (never below zero; a negative rest is carried forward)
    locked: bool
    carried: Decimal = Decimal(0)  # a negative rest not yet set off


def schedule(
    book: RuleBook,
    periods: list[tuple[dt.date, PeriodBenefit | None]],
    *,
    paid: Mapping[dt.date, Decimal] = {},
) -> list[Payment]:
    """What to pay each month, given the benefit of each period and what was already paid (locked months).

    Rounding on the running total: each month pays the rounded total so far minus everything paid
    before. So twelve equal months sum exactly to the yearly amount, and a correction of a month
    already paid (absence registered late) lands in the next month that is not locked.
    """
    payments: list[Payment] = []
    exact_total = Fraction(0)
    paid_total = Decimal(0)
    previous_rounded = Decimal(0)
    cumulative = None
    for month, benefit in periods:
        on = benefit.last if benefit else month
        if cumulative is None:
            cumulative = book.value("benefit.rounding", on)["carry"] == "cumulative"
        net = benefit.net if benefit else Fraction(0)
        if cumulative:
            exact_total += net
            rounded = to_kroner(exact_total, book, on)
        else:
            rounded = previous_rounded + to_kroner(net, book, on)
        correction = previous_rounded - paid_total
        this_month = rounded - previous_rounded
        if month in paid:
            amount = paid[month]
            locked = True
        else:
            amount = max(Decimal(0), rounded - paid_total)
            locked = False
        paid_total += amount
        previous_rounded = rounded
        payments.append(
            Payment(
                month,
                benefit,
                this_month,
                correction,
                amount,
                locked,
                carried=min(Decimal(0), rounded - paid_total),
            )
        )
    return payments
