"""Reads of the introduction programme. Lists start from ``policy.visible_to(user, section=PROGRAMME)``;
one person's records are read in bulk (a fixed number of queries however many rows they have).

The programme indicators for the action plans are here too (``programme_indicators``); their
signature is documented in docs/intro.md.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.sections import Section
from lagrundt.people.models import Person, Relation, RelationKind
from lagrundt.routines import deadlines
from lagrundt.routines.rules import Offset, is_working_day

from . import rules
from .models import (
    Activity,
    Assessment,
    AttendanceDay,
    BaseAmountRecord,
    BenefitPayment,
    Decision,
    DecisionKind,
    EducationLevel,
    HolidayWeek,
    IntegrationPlan,
    LadderStep,
    Leave,
    Outcome,
    PayrollExport,
    ProgrammeCase,
    ProgrammeEnd,
    RuleVersionRecord,
)
from .profiles import ProgrammeProfile, profile_for
from .rulebook import BaseAmount, BaseAmountMissing, RuleBook, RuleMissing, RuleVersion, file_rulebook

S = Section.PROGRAMME
PERSON_RELATED = ("settlement", "municipality", "household", "programme_case", "programme_end")


# ---------------------------------------------------------------------------- the rules in force
def rulebook() -> RuleBook:
    """The shipped rules and G values, with what an administrator recorded (two small tables)."""
    versions = [
        RuleVersion(
            key=r.key,
            valid_from=r.valid_from,
            value=r.value,
            rule=r.rule,
            source=r.source,
            fact="",
            confidence=r.confidence,
            note=r.note,
            origin="administrator",
        )
        for r in RuleVersionRecord.objects.all()
    ]
    amounts = [
        BaseAmount(
            valid_from=b.valid_from,
            amount=b.amount,
            source=b.source,
            confidence=b.confidence,
            note=b.note,
            origin="administrator",
        )
        for b in BaseAmountRecord.objects.all()
    ]
    return file_rulebook().with_records(versions, amounts)


# ---------------------------------------------------------------------------- one person's records
@dataclass
class Record:
    """A person's programme rows, read together."""

    person: Person
    case: ProgrammeCase | None = None
    assessment: Assessment | None = None
    decisions: list[Decision] = field(default_factory=list)
    plan: IntegrationPlan | None = None
    activities: list[Activity] = field(default_factory=list)
    steps: list[LadderStep] = field(default_factory=list)
    holidays: set[dt.date] = field(default_factory=set)
    leaves: list[Leave] = field(default_factory=list)
    end: ProgrammeEnd | None = None
    has_parent_at_home: bool = False
    children: int = 0
    has_partner: bool = False

    @property
    def settled_on(self) -> dt.date | None:
        settlement = getattr(self.person, "settlement", None)
        return settlement.settled_on if settlement else None

    @property
    def category(self) -> str:
        settlement = getattr(self.person, "settlement", None)
        return settlement.category if settlement else ""

    @property
    def profile(self) -> ProgrammeProfile:
        return profile_for(self.person.municipality.number)

    # -- decisions
    def decisions_of(self, *kinds: str) -> list[Decision]:
        return [d for d in self.decisions if d.kind in kinds]

    @property
    def answer(self) -> Decision | None:
        """The latest decision that granted or refused the programme."""
        found = self.decisions_of(DecisionKind.PROGRAMME, DecisionKind.REFUSAL)
        return found[-1] if found else None

    @property
    def programme(self) -> Decision | None:
        answer = self.answer
        return answer if answer is not None and answer.kind == DecisionKind.PROGRAMME else None

    @property
    def extension_months(self) -> int:
        programme = self.programme
        if programme is None:
            return 0
        return sum(
            d.months or 0
            for d in self.decisions_of(DecisionKind.EXTENSION)
            if d.decided_on >= programme.decided_on
        )

    @property
    def stopped_on(self) -> dt.date | None:
        stops = self.decisions_of(DecisionKind.STOP_PERMANENT)
        return stops[-1].starts_on if stops else None

    @property
    def timeline(self) -> rules.Timeline:
        programme = self.programme
        if programme is None:
            return rules.Timeline(start=None)
        ended = [
            d
            for d in (
                self.end.ended_on if self.end else None,
                self.stopped_on - rules.DAY if self.stopped_on else None,
            )
            if d
        ]
        return rules.Timeline(
            start=programme.starts_on,
            months=programme.months or 0,
            extension_months=self.extension_months,
            leaves=tuple((leave.starts_on, leave.ends_on, leave.with_benefit) for leave in self.leaves),
            stops=tuple(
                (d.starts_on, d.ends_on)
                for d in self.decisions_of(DecisionKind.STOP_TEMPORARY)
                if d.starts_on and d.ends_on
            ),
            ended_on=min(ended) if ended else None,
        )

    # -- right and duty
    def eligibility_facts(self) -> rules.EligibilityFacts:
        case = self.case
        return rules.EligibilityFacts.from_register(
            birth_date=self.person.birth_date,
            settled_on=self.settled_on,
            category=self.category,
            basis=case.permit_basis if case else "",
            permit_granted_on=case.permit_granted_on if case else None,
            settled_by_agreement=case.settled_by_agreement if case else None,
            nordic_or_eea=case.nordic_or_eea if case else False,
        )

    def eligibility(self, book: RuleBook, on: dt.date) -> rules.Eligibility:
        return rules.eligibility(book, self.eligibility_facts(), on)

    @property
    def has_upper_secondary(self) -> bool | None:
        if self.assessment is None:
            return None
        return EducationLevel.has_upper_secondary(self.assessment.education_level)

    # -- the benefit
    @property
    def lives_with_parent(self) -> tuple[bool, bool]:
        """(lives with a parent, assumed from the register)."""
        if self.case is not None and self.case.lives_with_parent is not None:
            return self.case.lives_with_parent, False
        return self.has_parent_at_home, True

    @property
    def single_carer(self) -> tuple[bool, bool]:
        if self.case is not None and self.case.single_carer is not None:
            return self.case.single_carer, False
        return self.children > 0 and not self.has_partner, True

    def beneficiary(self) -> rules.Beneficiary:
        return rules.Beneficiary(
            birth_date=self.person.birth_date,
            lives_with_parent=self.lives_with_parent[0],
            couple_without_children=bool(self.case and self.case.couple_without_children),
        )


def load_records(
    persons: list[Person], *, today: dt.date | None = None, book: RuleBook | None = None
) -> dict[int, Record]:
    """The programme rows of many persons in a fixed number of queries."""
    today = today or timezone.localdate()
    book = book or file_rulebook()
    ids = [p.pk for p in persons]
    records = {p.pk: Record(person=p) for p in persons}
    if not ids:
        return records
    for case in ProgrammeCase.objects.filter(person_id__in=ids):
        records[case.person_id].case = case
    for assessment in Assessment.objects.filter(person_id__in=ids):
        records[assessment.person_id].assessment = assessment
    for decision in (
        Decision.objects.filter(person_id__in=ids).select_related("decided_by").order_by("decided_on", "pk")
    ):
        records[decision.person_id].decisions.append(decision)
    for plan in IntegrationPlan.objects.filter(person_id__in=ids):
        records[plan.person_id].plan = plan
    for activity in Activity.objects.filter(person_id__in=ids).order_by("starts_on", "pk"):
        records[activity.person_id].activities.append(activity)
    for step in LadderStep.objects.filter(person_id__in=ids).order_by("entered_on", "pk"):
        records[step.person_id].steps.append(step)
    for person_id, monday in HolidayWeek.objects.filter(person_id__in=ids).values_list("person_id", "monday"):
        records[person_id].holidays.add(monday)
    for leave in Leave.objects.filter(person_id__in=ids).order_by("starts_on", "pk"):
        records[leave.person_id].leaves.append(leave)
    for end in ProgrammeEnd.objects.filter(person_id__in=ids):
        records[end.person_id].end = end
    # Family facts for the benefit and the absence limits, read from the household as it is now.
    household = {p.pk: p.household_id for p in persons}
    relations = Relation.objects.filter(person_id__in=ids, relative__moved_out_on__isnull=True).values_list(
        "person_id", "kind", "relative__household_id", "relative__birth_date"
    )
    # Children counted for the child's-illness limits: an assumed age (see the rule absence.child_age).
    child_cutoff = Offset(years=-int(book.value("absence.child_age", today)["under_age"])).after(today)
    for person_id, kind, relative_household, relative_birth in relations:
        same = relative_household is not None and relative_household == household[person_id]
        record = records[person_id]
        if kind == RelationKind.PARENT and same:
            record.has_parent_at_home = True
        elif kind == RelationKind.CHILD and relative_birth > child_cutoff:
            record.children += 1
        elif kind == RelationKind.SPOUSE and same:
            record.has_partner = True
    return records


def record_for(person: Person) -> Record:
    return load_records([person])[person.pk]


# ---------------------------------------------------------------------------- attendance and benefit
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


# ---------------------------------------------------------------------------- lists
class View:
    ACTIVE = "deltakere"
    WITHOUT_DECISION = "uten-vedtak"
    ENDED = "avsluttet"
    ALL = (ACTIVE, WITHOUT_DECISION, ENDED)


def _granted() -> Exists:
    return Exists(Decision.objects.filter(person=OuterRef("pk"), kind=DecisionKind.PROGRAMME))


def participant_search(
    user, *, view: str, municipality_id: int | None = None, today: dt.date | None = None
) -> QuerySet[Person]:
    """Persons whose programme section the user may read, by view:

    - participants: granted a programme that has not ended;
    - without a decision: adults settled less than two years ago with no decision yet (who may have
      the right; the page shows each one's status);
    - ended: the programme ended.
    """
    today = today or timezone.localdate()
    qs = policy.visible_to(user, section=S, on=today)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    ended = Q(programme_end__isnull=False)
    if view == View.ENDED:
        qs = qs.filter(ended)
    elif view == View.WITHOUT_DECISION:
        two_years = Offset(years=-2).after(today)
        qs = qs.filter(
            settlement__settled_on__gt=two_years,
            birth_date__lte=Offset(years=-18).after(today),
            moved_out_on__isnull=True,
        ).exclude(programme_decisions__kind__in=[DecisionKind.PROGRAMME, DecisionKind.REFUSAL])
    else:
        qs = qs.filter(_granted()).exclude(ended)
    return qs.order_by("family_name", "given_name", "pk")


@dataclass(frozen=True)
class ListRow:
    person: Person
    eligibility: rules.Eligibility | None
    start: dt.date | None
    end: dt.date | None
    phase: str
    decision_due: dt.date | None


def list_rows(book: RuleBook, persons: list[Person], today: dt.date) -> list[ListRow]:
    records = load_records(persons, today=today, book=book)
    start_rules = deadlines.deadline_rules(deadlines.PROGRAMME_START, {p.municipality_id for p in persons})
    rows = []
    for person in persons:
        record = records[person.pk]
        timeline = record.timeline
        phase = ""
        if record.steps:
            found = record.profile.phase(record.steps[-1].phase)
            phase = found.name if found else record.steps[-1].phase
        settled = record.settled_on
        try:
            eligibility = record.eligibility(book, record.programme.decided_on if record.programme else today)
        except RuleMissing:  # a day before integreringsloven: no status to show
            eligibility = None
        due = None
        counts_from = rules.programme_claim(record.case.claim_made_on if record.case else None, settled)
        rule = start_rules.get(person.municipality_id)
        if (
            counts_from
            and record.answer is None
            and rule
            and book.has("programme.start_deadline", counts_from)
        ):
            due = rule.due(counts_from)
        rows.append(ListRow(person, eligibility, timeline.start, timeline.last_day, phase, due))
    return rows


# ---------------------------------------------------------------------------- indicators
@dataclass(frozen=True)
class IndicatorRow:
    """Persons whose programme ended in ``year`` in a municipality, and their status one year later.

    ``share`` is in work or education (or both) of those whose status one year later is known.
    """

    municipality_id: int
    municipality: str
    year: int
    ended: int
    known: int
    in_work_or_education: int
    in_work_or_education_at_end: int

    @property
    def share(self) -> float | None:
        return self.in_work_or_education / self.known if self.known else None

    @property
    def share_at_end(self) -> float | None:
        return self.in_work_or_education_at_end / self.ended if self.ended else None


def programme_indicators(municipality_ids: set[int], years: list[int]) -> list[IndicatorRow]:
    """The programme indicators per municipality and year of completion, from the register.

    Counts, not persons: for the action plans and for leaders (suppress small numbers before showing
    them to anyone who may not see the persons, with ``access.disclosure``).
    """
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from lagrundt.tenancy.models import Municipality

    good = list(Outcome.in_work_or_education())
    counts = {
        (row["municipality_id"], row["year"]): row
        for row in ProgrammeEnd.objects.filter(municipality_id__in=municipality_ids, ended_on__year__in=years)
        .annotate(year=ExtractYear("ended_on"))
        .values("municipality_id", "year")
        .annotate(
            ended=Count("pk"),
            known=Count("pk", filter=~Q(status_after_one_year__in=["", Outcome.UNKNOWN])),
            good=Count("pk", filter=Q(status_after_one_year__in=good)),
            good_at_end=Count("pk", filter=Q(status_at_end__in=good)),
        )
    }
    rows = []
    for municipality in Municipality.objects.filter(pk__in=municipality_ids).order_by("name"):
        for year in years:
            row = counts.get((municipality.pk, year), {})
            rows.append(
                IndicatorRow(
                    municipality_id=municipality.pk,
                    municipality=municipality.name,
                    year=year,
                    ended=row.get("ended", 0),
                    known=row.get("known", 0),
                    in_work_or_education=row.get("good", 0),
                    in_work_or_education_at_end=row.get("good_at_end", 0),
                )
            )
    return rows


# ---------------------------------------------------------------------------- payroll
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


# ---------------------------------------------------------------------------- one participant's page
@dataclass(frozen=True)
class WeekRow:
    monday: dt.date
    registered: int
    needed: int
    unexcused_hours: Decimal
    absent_days: int

    @property
    def complete(self) -> bool:
        return self.registered >= self.needed


@dataclass(frozen=True)
class AbsenceSummary:
    self_certifications: int
    self_certification_limit: int
    self_certification_from: dt.date | None
    child_days: int
    child_day_limit: int
    children: int
    single_carer: bool
    single_carer_assumed: bool


@dataclass
class ParticipantPage:
    record: Record
    today: dt.date
    eligibility: rules.Eligibility | None
    eligibility_error: str
    timeline: rules.Timeline
    participant: bool
    week_loads: list[rules.WeekLoad]
    holiday_years: list[rules.HolidayYear]
    weeks: list[WeekRow]
    absence: AbsenceSummary | None
    months: list[MonthRow]
    decision_due: dt.date | None
    current_phase: str
    warnings: list[str] = field(default_factory=list)


def week_rows(
    timeline: rules.Timeline, days: dict[dt.date, AttendanceDay], today: dt.date, count: int = 8
) -> list[WeekRow]:
    """The programme's latest weeks up to this one, newest first, with how much is registered."""
    if timeline.start is None:
        return []
    last = min(timeline.last_day, today)
    monday = rules.monday_of(last)
    rows = []
    while monday >= rules.monday_of(timeline.start) and len(rows) < count:
        week = [monday + dt.timedelta(days=i) for i in range(5)]
        needed = [d for d in week if d <= today and needs_registration(timeline, d)]
        registered = [d for d in needed if d in days]
        hours = sum((days[d].unexcused_hours for d in week if d in days), Decimal(0))
        absent = sum(
            1
            for d in week
            if d in days and days[d].status not in (rules.Day.PRESENT, rules.Day.PUBLIC_HOLIDAY)
        )
        rows.append(WeekRow(monday, len(registered), len(needed), hours, absent))
        monday -= dt.timedelta(days=7)
    return rows


def absence_summary(
    book: RuleBook, record: Record, days: dict[dt.date, AttendanceDay], today: dt.date
) -> AbsenceSummary | None:
    timeline = record.timeline
    if timeline.start is None:
        return None
    statuses = {d: row.status for d, row in days.items()}
    window = rules.twelve_months_before(today)
    runs = [run for run in rules.self_certified_runs(statuses) if run[0] >= window]
    self_rule = book.value("absence.self_certification", timeline.start)
    single, assumed = record.single_carer
    return AbsenceSummary(
        self_certifications=len(runs),
        self_certification_limit=int(self_rule["max_per_12_months"]),
        self_certification_from=timeline.start + dt.timedelta(weeks=int(self_rule["after_weeks"])),
        child_days=sum(
            1 for d, s in statuses.items() if s == rules.Day.CHILD_ILLNESS and window <= d <= today
        ),
        child_day_limit=rules.child_illness_limit(book, today, children=record.children, single_carer=single),
        children=record.children,
        single_carer=single,
        single_carer_assumed=assumed,
    )


def participant_page(book: RuleBook, record: Record, *, today: dt.date) -> ParticipantPage:
    from types import SimpleNamespace

    from .routine_facts import person_facts

    timeline = record.timeline
    eligibility, error = None, ""
    on = record.answer.decided_on if record.answer else today
    try:
        eligibility = record.eligibility(book, on)
    except RuleMissing as exc:
        error = str(exc)
    participant = False
    if record.settled_on:
        facts = SimpleNamespace(
            birth_date=record.person.birth_date, settled_on=record.settled_on, category=record.category
        )
        participant = person_facts({record.person.pk: facts})[record.person.pk]["intro_participant"]
    loads, years, weeks, absence, months = [], [], [], None, []
    if timeline.start:
        first = max(timeline.start, rules.monday_of(today))
        last = min(timeline.last_day, first + dt.timedelta(weeks=8))
        loads = rules.week_loads(
            book,
            [
                rules.PlannedActivity(a.starts_on, a.ends_on, a.hours_per_week, a.self_study)
                for a in record.activities
            ],
            first=first,
            last=last,
            holiday_weeks=record.holidays,
        )
        years = rules.holiday_years(
            book, start=timeline.start, end=timeline.last_day, holiday_weeks=record.holidays
        )
        span_first = rules.twelve_months_before(min(today, timeline.last_day)) - dt.timedelta(days=31)
        days = attendance_of(
            [record.person.pk], min(span_first, timeline.start), max(today, timeline.last_day)
        )[record.person.pk]
        weeks = week_rows(timeline, days, today)
        absence = absence_summary(book, record, days, today)
        months = benefit_months(book, record, through=min(today, timeline.last_day), days=days, today=today)
    due = None
    counts_from = rules.programme_claim(record.case.claim_made_on if record.case else None, record.settled_on)
    if counts_from and record.answer is None and book.has("programme.start_deadline", counts_from):
        due = deadlines.due_on(deadlines.PROGRAMME_START, record.person.municipality_id, counts_from)
    phase = ""
    if record.steps:
        found = record.profile.phase(record.steps[-1].phase)
        phase = found.key if found else ""
    return ParticipantPage(
        record=record,
        today=today,
        eligibility=eligibility,
        eligibility_error=error,
        timeline=timeline,
        participant=participant,
        week_loads=loads,
        holiday_years=years,
        weeks=weeks,
        absence=absence,
        months=months,
        decision_due=due,
        current_phase=phase,
    )
