"""Pure rules of the introduction programme: who has right and duty, how long a programme may last,
full time, absence limits, and the benefit. No database access and no clock: facts and a
``RuleBook`` (the law as dated data, see ``rulebook.py``) in, answers out.

Money is exact: amounts are ``Fraction``s of kroner while they are computed and become ``Decimal``
kroner only when rounded, by the rounding rule in the rule book.
"""

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import cache, cached_property

from lagrundt.core.dates import age_on
from lagrundt.routines.rules import Offset, is_working_day

from .rulebook import BaseAmount, RuleBook, RuleVersion, g_period_start

DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------------------- right and duty
class Status:
    RIGHT_AND_DUTY = "right_and_duty"
    RIGHT_ONLY = "right_only"
    MAY_BE_OFFERED = "may_be_offered"
    OUTSIDE = "outside"

    # In the programme's target group: the decision and start deadlines apply to them.
    TARGET = frozenset({RIGHT_AND_DUTY, RIGHT_ONLY})


class Basis:
    """The residence permit the right is read from (integreringsloven § 9)."""

    ASYLUM = "asylum"
    RESETTLEMENT = "resettlement"
    HUMANITARIAN = "humanitarian"
    COLLECTIVE_PROTECTION = "collective_protection"
    FAMILY_OF_REFUGEE = "family_of_refugee"
    FAMILY_OTHER = "family_other"
    INDEPENDENT = "independent"
    OTHER = "other"

    # Settlement by agreement with IMDi is not required for family immigrants and independent grounds.
    NO_AGREEMENT_NEEDED = frozenset({FAMILY_OF_REFUGEE, FAMILY_OTHER, INDEPENDENT})


# The permit a settlement category usually rests on; the case worker records the real one.
BASIS_OF_CATEGORY = {
    "resettlement_refugee": Basis.RESETTLEMENT,
    "asylum_reception_centre": Basis.ASYLUM,
    "family_reunification": Basis.FAMILY_OF_REFUGEE,
    "temporary_collective_protection": Basis.COLLECTIVE_PROTECTION,
    "unaccompanied_minor": Basis.ASYLUM,
}


@dataclass(frozen=True)
class EligibilityFacts:
    birth_date: dt.date
    settled_on: dt.date | None
    basis: str
    permit_granted_on: dt.date | None = None
    settled_by_agreement: bool | None = None
    nordic_or_eea: bool = False
    basis_assumed: bool = False  # read from the settlement category, not recorded

    @classmethod
    def from_register(
        cls,
        *,
        birth_date: dt.date,
        settled_on: dt.date | None,
        category: str,
        basis: str = "",
        permit_granted_on: dt.date | None = None,
        settled_by_agreement: bool | None = None,
        nordic_or_eea: bool = False,
    ) -> "EligibilityFacts":
        return cls(
            birth_date=birth_date,
            settled_on=settled_on,
            basis=basis or BASIS_OF_CATEGORY.get(category, Basis.OTHER),
            permit_granted_on=permit_granted_on,
            settled_by_agreement=settled_by_agreement,
            nordic_or_eea=nordic_or_eea,
            basis_assumed=not basis,
        )


@dataclass(frozen=True)
class Reason:
    """One fact the status was read from: ``holds`` says whether it speaks for the right."""

    code: str
    holds: bool
    params: dict = field(default_factory=dict)
    assumed: bool = False


@dataclass(frozen=True)
class Eligibility:
    status: str
    reasons: tuple[Reason, ...]
    on: dt.date
    right_lapses_on: dt.date | None
    versions: tuple[RuleVersion, ...]

    @property
    def in_target_group(self) -> bool:
        return self.status in Status.TARGET

    @property
    def assumed(self) -> bool:
        return any(r.assumed for r in self.reasons) or any(not v.verified for v in self.versions)


def eligibility(book: RuleBook, facts: EligibilityFacts, on: dt.date) -> Eligibility:
    """Right and duty, right only, may be offered, or outside, on a day (the decision's day), with why.

    Every fact is checked and reported, so the page can show all of them, not just the first that
    decides. The age counts on the day the permit was granted (§ 8); without that day recorded, the
    settlement day is used and the reason says so.
    """
    age_rule = book.version("eligibility.target_age", on)
    residence_rule = book.version("eligibility.max_residence", on)
    versions = [age_rule, residence_rule]
    reasons: list[Reason] = []
    outside = offered = False

    if facts.nordic_or_eea:
        reasons.append(Reason("nordic_or_eea", False))
        outside = True

    reasons.append(Reason("basis", facts.basis != Basis.OTHER, {"basis": facts.basis}, facts.basis_assumed))
    if facts.basis == Basis.OTHER:
        outside = True

    lapses = None
    if facts.settled_on is None:
        reasons.append(Reason("not_settled", False))
        outside = True
    else:
        years = int(residence_rule.value["years"])
        lapses = Offset(years=years).after(facts.settled_on)
        within = on < lapses
        reasons.append(
            Reason(
                "residence",
                within,
                {"settled_on": facts.settled_on, "years": years, "lapses_on": lapses, "on": on},
            )
        )
        outside |= not within

    permit_day = facts.permit_granted_on or facts.settled_on
    if permit_day is None:
        reasons.append(Reason("age_unknown", False))
        outside = True
    else:
        age = age_on(facts.birth_date, permit_day)
        low, high = int(age_rule.value["min_age"]), int(age_rule.value["max_age"])
        params = {"age": age, "permit_day": permit_day, "min": low, "max": high}
        assumed = facts.permit_granted_on is None
        if age < low:
            reasons.append(Reason("under_age", False, params, assumed))
            outside = True
        elif age > high:
            reasons.append(Reason("over_age", False, params, assumed))
            offered = True
        else:
            reasons.append(Reason("age", True, params, assumed))

    if facts.basis == Basis.FAMILY_OTHER:
        offered = True
    if facts.basis not in Basis.NO_AGREEMENT_NEEDED and facts.basis != Basis.OTHER:
        agreed = facts.settled_by_agreement
        assumed = agreed is None
        agreed = True if agreed is None else agreed  # IMDi settles refugees by agreement
        reasons.append(Reason("agreement", agreed, {}, assumed))
        offered |= not agreed

    if outside:
        status = Status.OUTSIDE
    elif offered:
        status = Status.MAY_BE_OFFERED
    elif facts.basis == Basis.COLLECTIVE_PROTECTION:
        collective = book.version("eligibility.collective_protection", on)
        versions.append(collective)
        status = collective.value["status"]
        reasons.append(Reason("collective_protection", True, {}, not collective.verified))
    else:
        status = Status.RIGHT_AND_DUTY
    return Eligibility(status, tuple(reasons), on, lapses, tuple(versions))


# ---------------------------------------------------------------------------- durations
class Goal:
    WORK = "work"
    UPPER_SECONDARY = "upper_secondary"
    HIGHER_EDUCATION = "higher_education"
    PRIMARY_SCHOOL = "primary_school"
    OTHER = "other"


@dataclass(frozen=True)
class DurationLimits:
    min_months: int
    max_months: int
    extension_months: int
    max_total_months: int
    version: RuleVersion
    total_version: RuleVersion


def duration_rule_key(*, has_upper_secondary: bool, final_goal: str) -> str:
    if has_upper_secondary:
        return "duration.with_upper_secondary"
    if final_goal == Goal.UPPER_SECONDARY:
        return "duration.upper_secondary_goal"
    return "duration.other_goal"


def duration_limits(
    book: RuleBook, *, has_upper_secondary: bool, final_goal: str, on: dt.date
) -> DurationLimits:
    """How long a programme may last, by education background and final goal, on the decision's day."""
    version = book.version(
        duration_rule_key(has_upper_secondary=has_upper_secondary, final_goal=final_goal), on
    )
    total = book.version("duration.max_total", on)
    return DurationLimits(
        min_months=int(version.value["min_months"]),
        max_months=int(version.value["max_months"]),
        extension_months=int(version.value["extension_months"]),
        max_total_months=int(total.value["max_months"]),
        version=version,
        total_version=total,
    )


class Problem:
    """A rule broken (``error``) or a main rule not followed, which needs grounds (``warning``)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    params: dict = field(default_factory=dict)
    field: str = ""


def check_programme(
    book: RuleBook,
    limits: DurationLimits,
    *,
    months: int,
    has_upper_secondary: bool,
    final_goal: str,
    birth_date: dt.date,
    start: dt.date,
) -> list[Finding]:
    findings = []
    if not limits.min_months <= months <= limits.max_months:
        findings.append(
            Finding(
                Problem.ERROR,
                "duration_out_of_range",
                {"months": months, "min": limits.min_months, "max": limits.max_months},
                "months",
            )
        )
    under = book.value("duration.under_25", start)
    if (
        not has_upper_secondary
        and age_on(birth_date, start) < int(under["age"])
        and final_goal != under["goal"]
    ):
        findings.append(Finding(Problem.WARNING, "under_25_goal", {"age": int(under["age"])}, "final_goal"))
    return findings


def check_extension(
    limits: DurationLimits, *, months: int, used_months: int, programme_months: int
) -> list[Finding]:
    findings = []
    if months <= 0:
        findings.append(Finding(Problem.ERROR, "extension_not_positive", {}, "months"))
    elif used_months + months > limits.extension_months:
        findings.append(
            Finding(
                Problem.ERROR,
                "extension_over_limit",
                {
                    "limit": limits.extension_months,
                    "used": used_months,
                    "left": max(0, limits.extension_months - used_months),
                },
                "months",
            )
        )
    elif programme_months + used_months + months > limits.max_total_months:
        findings.append(
            Finding(Problem.ERROR, "total_over_limit", {"limit": limits.max_total_months}, "months")
        )
    return findings


def programme_claim(claim_made_on: dt.date | None, settled_on: dt.date | None) -> dt.date | None:
    """The day the § 12 deadline for decision and start counts from: the claim, where one is recorded
    (family-reunified persons), otherwise the settlement."""
    return claim_made_on or settled_on


def programme_end(start: dt.date, months: int, *, extension_months: int = 0, leave_days: int = 0) -> dt.date:
    """The last day: the months and extensions from the start, then one day more per day of leave."""
    return Offset(months=months + extension_months).after(start) - DAY + dt.timedelta(days=leave_days)


# ---------------------------------------------------------------------------- full time
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


# ---------------------------------------------------------------------------- absence
class Day:
    """What a participant did on a programme day, as registered each week."""

    PRESENT = "present"
    SELF_CERTIFIED = "self_certified"
    DOCTOR_CERTIFIED = "doctor_certified"
    CHILD_ILLNESS = "child_illness"
    WELFARE = "welfare"  # compelling welfare reasons, permitted
    LEAVE = "leave"
    HOLIDAY = "holiday"
    UNEXCUSED = "unexcused"
    PUBLIC_HOLIDAY = "public_holiday"


def twelve_months_before(day: dt.date) -> dt.date:
    """The first day of the twelve months that end on ``day``."""
    return Offset(years=-1).after(day) + DAY


def self_certified_runs(days: Mapping[dt.date, str]) -> list[list[dt.date]]:
    """Self-certified absence as certificates: runs of working days in a row, in order.

    A weekend or public holiday between two self-certified days does not break a run; any other
    registered day does.
    """
    runs: list[list[dt.date]] = []
    previous = None
    for day in sorted(d for d, s in days.items() if s == Day.SELF_CERTIFIED):
        if previous is not None:
            between = previous + DAY
            while between < day and (not is_working_day(between) or days.get(between) == Day.PUBLIC_HOLIDAY):
                between += DAY
            if between == day:
                runs[-1].append(day)
                previous = day
                continue
        runs.append([day])
        previous = day
    return runs


def child_illness_limit(book: RuleBook, on: dt.date, *, children: int, single_carer: bool) -> int:
    rule = book.value("absence.child_illness", on)
    if single_carer:
        return int(rule["single_carer_more_than_two" if children > 2 else "single_carer_days"])
    return int(rule["days_more_than_two_children" if children > 2 else "days"])


def check_absence(
    book: RuleBook,
    *,
    week: Mapping[dt.date, str],
    history: Mapping[dt.date, str],
    programme_start: dt.date,
    children: int,
    single_carer: bool,
) -> list[Finding]:
    """The limits a week's registration must keep, checked against the participant's other days.

    Self-certification only after 8 weeks in the programme, at most 3 days each and 4 in twelve
    months; child's illness 10 days in twelve months (15 with more than two children, 20 and 30 for
    a single carer); no child's illness without a child. Only days of ``week`` are reported.
    """
    findings: list[Finding] = []
    days = {**history, **week}
    self_rule = book.value("absence.self_certification", programme_start)
    eligible_from = programme_start + dt.timedelta(weeks=int(self_rule["after_weeks"]))
    for day, status in sorted(week.items()):
        if status == Day.SELF_CERTIFIED and day < eligible_from:
            findings.append(
                Finding(
                    Problem.ERROR,
                    "self_cert_too_early",
                    {"day": day, "weeks": int(self_rule["after_weeks"]), "from": eligible_from},
                    day.isoformat(),
                )
            )
    runs = self_certified_runs(days)
    for i, run in enumerate(runs):
        if not any(d in week for d in run):
            continue
        rule = book.value("absence.self_certification", run[0])
        max_days, max_count = int(rule["max_days"]), int(rule["max_per_12_months"])
        if len(run) > max_days:
            first_over = run[max_days]
            findings.append(
                Finding(
                    Problem.ERROR,
                    "self_cert_too_long",
                    {"day": first_over, "max": max_days},
                    first_over.isoformat(),
                )
            )
        window_start = twelve_months_before(run[0])
        count = sum(1 for other in runs[: i + 1] if other[0] >= window_start)
        if count > max_count:
            findings.append(
                Finding(
                    Problem.ERROR, "self_cert_too_many", {"day": run[0], "max": max_count}, run[0].isoformat()
                )
            )
    for day, status in sorted(week.items()):
        if status != Day.CHILD_ILLNESS:
            continue
        if children == 0:
            findings.append(Finding(Problem.ERROR, "child_illness_no_child", {"day": day}, day.isoformat()))
            continue
        limit = child_illness_limit(book, day, children=children, single_carer=single_carer)
        window_start = twelve_months_before(day)
        used = sum(1 for d, s in days.items() if s == Day.CHILD_ILLNESS and window_start <= d <= day)
        if used > limit:
            findings.append(
                Finding(
                    Problem.ERROR, "child_illness_over_limit", {"day": day, "limit": limit}, day.isoformat()
                )
            )
    return findings


# ---------------------------------------------------------------------------- the benefit
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


# ---------------------------------------------------------------------------- the programme's days
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


# ---------------------------------------------------------------------------- health limits
# A diagnosis code (ICD-10 "F43.1", ICPC-2 "P76") or the word itself: the assessment records what a
# participant can and cannot do, never why. Diagnoses are health data that only health reads.
_DIAGNOSIS_WORDS = ("diagnos", "icd-10", "icd10", "icpc")


def looks_like_diagnosis(text: str) -> bool:
    lowered = text.lower()
    if any(word in lowered for word in _DIAGNOSIS_WORDS):
        return True
    return re.search(r"\b[A-Z]\d{2}(\.\d{1,2})?\b", text) is not None
