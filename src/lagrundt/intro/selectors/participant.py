"""One participant's page: weeks, absence, benefit and the decision deadline."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from lagrundt.routines import deadlines

from .. import rules
from ..models import AttendanceDay
from ..rulebook import RuleBook, RuleMissing
from .attendance import MonthRow, attendance_of, benefit_months, needs_registration
from .records import Record


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

    from ..routine_facts import person_facts

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
