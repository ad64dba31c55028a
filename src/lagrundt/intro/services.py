"""Changes to the introduction programme. Each function is one transaction and writes its own audit
entries (section "programme", old and new values); callers were allowed by
``policy.access_person(..., section=PROGRAMME, write=True)``.

Facts the routine engine reads (whether a person is a participant, the programme's start) change
here: those services tell it through ``people.signals.changed`` inside their transaction.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, changes_between, jsonable, record_change, record_many, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label
from lagrundt.people import signals
from lagrundt.people.models import Person
from lagrundt.routines import deadlines
from lagrundt.routines.rules import Offset, is_working_day

from . import presenters, rules, selectors
from .models import (
    Activity,
    Assessment,
    AttendanceDay,
    BenefitPayment,
    DayStatus,
    Decision,
    DecisionKind,
    EducationLevel,
    EndReason,
    HolidayWeek,
    IntegrationPlan,
    LadderStep,
    Leave,
    Outcome,
    PayrollExport,
    ProgrammeCase,
    ProgrammeEnd,
)
from .profiles import profile_for
from .rulebook import BaseAmountMissing, RuleBook, RuleMissing

S = Section.PROGRAMME

MSG_FUTURE = _("The date cannot be in the future.")
MSG_DIAGNOSIS = _(
    "Write what the participant can and cannot do, not a diagnosis or a diagnosis code: "
    "diagnoses belong to health."
)
MSG_GUIDANCE_BEFORE_ASSESSMENT = _("Career guidance builds on the assessment: it cannot be before it.")
MSG_NO_ASSESSMENT = _("The assessment must be recorded before the decision (integreringsloven §§ 10, 12).")
MSG_ASSESSMENT_AFTER = _("The assessment (%(date)s) must be done before the decision.")
MSG_GUIDANCE_MISSING = _(
    "Career guidance should be given before the decision (integreringsloven § 11). "
    "Explain in the grounds why it was not."
)
MSG_OUTSIDE = _("The person is outside the programme's target group on the day of the decision: %(status)s.")
MSG_MAY_BE_OFFERED = _(
    "The person has no right to the programme; the municipality may offer it (§ 8 third paragraph)."
)
MSG_ALREADY = _("The person already has a programme. Make an extension or a stop instead.")
MSG_NO_PROGRAMME = _("The person has no programme to change.")
MSG_START_BEFORE_DECISION = _("The programme cannot start before the decision.")
MSG_LATE_START = _(
    "The programme starts after the deadline for its start, %(date)s: three months from settlement, or from "
    "the claim (integreringsloven § 12). Explain in the grounds why."
)
MSG_DURATION = _("The programme may last from %(min)s to %(max)s months for this background and final goal.")
MSG_UNDER_25 = _(
    "The participant is under %(age)s without upper secondary school: the final goal shall as a main rule be "
    "completed upper secondary school. Explain in the grounds why another goal is chosen."
)
MSG_EXTENSION_POSITIVE = _("An extension must be at least one month.")
MSG_EXTENSION_LIMIT = _("Extensions may be at most %(limit)s months in all; %(left)s left.")
MSG_TOTAL_LIMIT = _("The programme may last at most %(limit)s months with extensions.")
MSG_STOP_ORDER = _("The stop must end on or after the day it starts.")
MSG_STOP_LONG = _("A temporary stop may last at most %(months)s months (until %(date)s).")
MSG_OUTSIDE_PROGRAMME = _("The dates must be within the programme (%(start)s–%(end)s).")
MSG_MONTH_NEEDED = _("Choose the month of the deduction.")
MSG_CONFIRM = _("Confirm that the grounds explain why the decision is made anyway.")
MSG_PLAN_NEEDS_DECISION = _("Make the programme decision before the plan.")
MSG_PHASE = _("This phase is not in the municipality's ladder.")
MSG_ACTIVITY_ORDER = _("The activity must end on or after the day it starts.")
MSG_LEAVE_OVERLAP = _("The leave overlaps another leave (%(start)s–%(end)s).")
MSG_LEAVE_ORDER = _("The leave must end on or after the day it starts.")
MSG_NO_PROGRAMME_WEEK = _("The participant is not in the programme this week.")
MSG_HOURS_ONLY = _(
    "%(day)s: hours of unexcused absence only go with «present» (part of the day) or «unexcused»."
)
MSG_HOURS_MAX = _("%(day)s: at most %(hours)s hours of unexcused absence in a day.")
MSG_LEAVE_DAY = _("%(day)s: leave is registered as a leave period, not day by day.")
MSG_END_BEFORE_START = _("The programme cannot end before it started (%(date)s).")
MSG_ONE_YEAR = _("The status one year later can be checked from %(date)s.")
MSG_EXPORTED = _("This month was exported on %(date)s and is locked. Corrections go into the next month.")
MSG_NOT_ENDED = _("The month is not over: the benefit is paid in arrears.")
MSG_LATER_EXPORTED = _("A later month is already exported: months are exported in order.")
MSG_EARLIER_OPEN = _("Export %(month)s first: months are exported in order.")
MSG_NOTHING = _("No participant has benefit in this month.")
MSG_PROBLEMS = _("Fix this first: %(problems)s")


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _not_future(errors: dict, field: str, value: dt.date | None, today: dt.date) -> None:
    if value and value > today:
        errors.setdefault(field, []).append(MSG_FUTURE)


# ---------------------------------------------------------------------------- right and duty
CASE_FIELDS = (
    "permit_basis",
    "permit_granted_on",
    "settled_by_agreement",
    "nordic_or_eea",
    "claim_made_on",
    "lives_with_parent",
    "single_carer",
    "couple_without_children",
    "declined_on",
)


def case_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> ProgrammeCase:
    """Save what the right rests on beyond the register (the permit, the agreement, family facts)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = ProgrammeCase.objects.select_for_update().filter(person=person).first()
        creating = case is None
        case = case or ProgrammeCase(person=person)
        before = {} if creating else snapshot(case, CASE_FIELDS)
        for name, value in data.items():
            if name not in CASE_FIELDS:
                raise ValueError(f"{name} is not a programme case field")
            setattr(case, name, value)
        errors: dict = {}
        for name in ("permit_granted_on", "claim_made_on", "declined_on"):
            _not_future(errors, name, getattr(case, name), today)
        if errors:
            raise ValidationError(errors)
        _save(case)
        if record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(case, CASE_FIELDS),
            channel=AuditChannel.PAGE,
        ):
            signals.changed([person.pk])
    return case


# ---------------------------------------------------------------------------- assessment
ASSESSMENT_FIELDS = (
    "assessed_on",
    "education_level",
    "years_of_schooling",
    "education_details",
    "work_experience",
    "skills",
    "literacy",
    "norwegian_level",
    "health_limits",
    "career_guidance_on",
    "career_guidance_by",
    "career_recommendation",
)


def assessment_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> Assessment:
    """Save the assessment and career guidance. Health limits are limits, never diagnoses."""
    today = today or timezone.localdate()
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(person=person).first()
        creating = assessment is None
        assessment = assessment or Assessment(person=person)
        before = {} if creating else snapshot(assessment, ASSESSMENT_FIELDS)
        for name, value in data.items():
            if name not in ASSESSMENT_FIELDS:
                raise ValueError(f"{name} is not an assessment field")
            setattr(assessment, name, value)
        errors: dict = {}
        _not_future(errors, "assessed_on", assessment.assessed_on, today)
        _not_future(errors, "career_guidance_on", assessment.career_guidance_on, today)
        if (
            assessment.career_guidance_on
            and assessment.assessed_on
            and assessment.career_guidance_on < assessment.assessed_on
        ):
            errors.setdefault("career_guidance_on", []).append(MSG_GUIDANCE_BEFORE_ASSESSMENT)
        if assessment.health_limits and rules.looks_like_diagnosis(assessment.health_limits):
            errors.setdefault("health_limits", []).append(MSG_DIAGNOSIS)
        if errors:
            raise ValidationError(errors)
        _save(assessment)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(assessment, ASSESSMENT_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return assessment


# ---------------------------------------------------------------------------- decisions
DECISION_FIELDS = (
    "kind",
    "decided_on",
    "language",
    "grounds",
    "starts_on",
    "ends_on",
    "months",
    "final_goal",
    "has_upper_secondary",
    "period",
    "amount",
)


class NeedsConfirmation(ValidationError):
    """The decision departs from a main rule: it may be made, with grounds, when the user confirms."""


def _finding_message(finding: rules.Finding):
    messages = {
        "duration_out_of_range": MSG_DURATION,
        "under_25_goal": MSG_UNDER_25,
        "extension_not_positive": MSG_EXTENSION_POSITIVE,
        "extension_over_limit": MSG_EXTENSION_LIMIT,
        "total_over_limit": MSG_TOTAL_LIMIT,
    }
    return ValidationError(messages[finding.code], params=finding.params, code=finding.code)


def decision_make(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    data: dict[str, Any],
    confirmed: bool = False,
    book: RuleBook | None = None,
    today: dt.date | None = None,
) -> Decision:
    """Make a decision. Errors refuse it; departures from a main rule (career guidance not given, a
    final goal other than upper secondary under 25, a late start, a person the municipality only may
    offer the programme) need ``confirmed`` and grounds that explain them."""
    today = today or timezone.localdate()
    book = book or selectors.rulebook()
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rec = selectors.record_for(person)
        decision = Decision(person=person, kind=kind, decided_by=actor.user)
        for name, value in data.items():
            if name not in DECISION_FIELDS or name == "kind":
                raise ValueError(f"{name} is not a decision field")
            setattr(decision, name, value)
        check = DecisionCheck(book, rec, decision, on=decision.decided_on or today, today=today)
        _not_future(check.errors, "decided_on", decision.decided_on, today)
        try:
            check.run()
        except (RuleMissing, BaseAmountMissing) as exc:
            check.error(NON_FIELD_ERRORS, str(exc))
        if check.errors:
            raise ValidationError(check.errors)
        if check.warnings and not confirmed:
            raise NeedsConfirmation({NON_FIELD_ERRORS: [*check.warnings, MSG_CONFIRM]})
        decision.rules = [v.as_record() for v in check.used]
        _save(decision)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE,
            before={},
            after={"decision": decision.pk, **snapshot(decision, DECISION_FIELDS)},
            channel=AuditChannel.PAGE,
        )
        if kind == DecisionKind.STOP_PERMANENT:
            _end_by_stop(actor, person, decision)
        if kind in (DecisionKind.PROGRAMME, DecisionKind.REFUSAL):
            # Whether the person is a participant, and the programme's start: facts of the routines.
            signals.changed([person.pk])
    return decision


class DecisionCheck:
    """The checks of one decision against the law and the register, one method per kind of decision.

    ``errors`` refuse the decision (by field), ``warnings`` are departures from a main rule that the
    case worker may confirm with grounds, and ``used`` are the rule versions the decision rests on
    (stored with it, so that a letter can cite them later). The checks may fill in what follows from
    the law: the end date, the starting day of an extension, a deduction's amount.
    """

    def __init__(self, book: RuleBook, rec, decision: Decision, *, on: dt.date, today: dt.date):
        self.book, self.rec, self.decision, self.on, self.today = book, rec, decision, on, today
        self.errors: dict = {}
        self.warnings: list = []
        self.used: list = []

    def error(self, field: str, message, **params) -> None:
        self.errors.setdefault(field, []).append(
            ValidationError(message, params=params) if params else message
        )

    def required(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code="required"))

    def findings(self, findings, *, warn: bool = True) -> None:
        for finding in findings:
            if finding.level == rules.Problem.ERROR or not warn:
                self.errors.setdefault(finding.field, []).append(_finding_message(finding))
            else:
                self.warnings.append(_finding_message(finding))

    def run(self) -> None:
        d = self.decision
        if not (d.grounds or "").strip():
            self.required("grounds", _("Write the grounds."))
        if d.kind in (DecisionKind.PROGRAMME, DecisionKind.REFUSAL):
            self.programme_or_refusal()
            return
        programme, timeline = self.rec.programme, self.rec.timeline
        ended = self.rec.end is not None and d.kind != DecisionKind.DEDUCTION
        if programme is None or timeline.last_day is None or ended:
            self.error(NON_FIELD_ERRORS, MSG_NO_PROGRAMME)
            return
        d.final_goal = d.final_goal or programme.final_goal
        match d.kind:
            case DecisionKind.EXTENSION:
                self.extension()
            case DecisionKind.STOP_TEMPORARY | DecisionKind.STOP_PERMANENT:
                self.stop()
            case DecisionKind.DEDUCTION:
                self.deduction()
        self.used.append(self.book.version("decision.complaint_deadline", self.on))

    # -------------------------------------------------------------------- the programme, or a refusal
    def programme_or_refusal(self) -> None:
        d, rec, on = self.decision, self.rec, self.on
        eligibility = rec.eligibility(self.book, on)
        self.used.extend(eligibility.versions)
        d.facts = presenters.eligibility_record(eligibility)
        if d.kind == DecisionKind.REFUSAL:
            return
        if rec.programme is not None and rec.end is None and rec.stopped_on is None:
            self.error(NON_FIELD_ERRORS, MSG_ALREADY)
            return
        if eligibility.status == rules.Status.OUTSIDE:
            self.error(NON_FIELD_ERRORS, MSG_OUTSIDE, status=presenters.status_label(eligibility.status))
        elif eligibility.status == rules.Status.MAY_BE_OFFERED:
            self.warnings.append(MSG_MAY_BE_OFFERED)
        assessment = rec.assessment
        if assessment is None:
            self.error(NON_FIELD_ERRORS, MSG_NO_ASSESSMENT)
            return
        if assessment.assessed_on > on:
            self.error(NON_FIELD_ERRORS, MSG_ASSESSMENT_AFTER, date=date_label(assessment.assessed_on))
        if assessment.career_guidance_on is None or assessment.career_guidance_on > on:
            self.warnings.append(MSG_GUIDANCE_MISSING)
        d.has_upper_secondary = EducationLevel.has_upper_secondary(assessment.education_level)
        d.facts["education_level"] = assessment.education_level
        if not d.final_goal:
            self.required("final_goal", _("Choose the final goal."))
        if d.starts_on is None:
            self.required("starts_on", _("Give the start date."))
        if d.months is None:
            self.required("months", _("Give the length in months."))
        if self.errors:
            return
        if d.starts_on < on:
            self.error("starts_on", MSG_START_BEFORE_DECISION)
        limits = rules.duration_limits(
            self.book, has_upper_secondary=d.has_upper_secondary, final_goal=d.final_goal, on=on
        )
        self.used.extend(
            [limits.version, limits.total_version, self.book.version("duration.under_25", d.starts_on)]
        )
        self.findings(
            rules.check_programme(
                self.book,
                limits,
                months=d.months,
                has_upper_secondary=d.has_upper_secondary,
                final_goal=d.final_goal,
                birth_date=rec.person.birth_date,
                start=d.starts_on,
            )
        )
        self.start_deadline()
        d.ends_on = rules.programme_end(d.starts_on, d.months)

    def start_deadline(self) -> None:
        """A start after § 12's deadline is a departure to explain: the routine's own deadline, the day
        the task list shows, counted from the claim where one is recorded."""
        rec = self.rec
        counts_from = rules.programme_claim(rec.case.claim_made_on if rec.case else None, rec.settled_on)
        if counts_from is None:
            return
        self.used.append(self.book.version("programme.start_deadline", counts_from))
        deadline = deadlines.due_on(deadlines.PROGRAMME_START, rec.person.municipality_id, counts_from)
        if deadline and self.decision.starts_on > deadline:
            self.warnings.append(ValidationError(MSG_LATE_START, params={"date": date_label(deadline)}))

    # -------------------------------------------------------------------- changes to a programme
    def extension(self) -> None:
        d, rec, programme, timeline = self.decision, self.rec, self.rec.programme, self.rec.timeline
        limits = rules.duration_limits(
            self.book,
            has_upper_secondary=bool(programme.has_upper_secondary),
            final_goal=programme.final_goal,
            on=self.on,
        )
        self.used.extend(
            [limits.version, limits.total_version, self.book.version("duration.extension_condition", self.on)]
        )
        self.findings(
            rules.check_extension(
                limits,
                months=d.months or 0,
                used_months=rec.extension_months,
                programme_months=programme.months or 0,
            ),
            warn=False,
        )
        if not self.errors:
            d.starts_on = timeline.planned_end + rules.DAY
            d.ends_on = rules.programme_end(
                programme.starts_on,
                programme.months,
                extension_months=rec.extension_months + d.months,
                leave_days=timeline.leave_days,
            )

    def stop(self) -> None:
        d, timeline = self.decision, self.rec.timeline
        if d.starts_on is None:
            self.required("starts_on", _("Give the date the stop starts."))
            return
        if not timeline.start <= d.starts_on <= timeline.last_day:
            self.error(
                "starts_on",
                MSG_OUTSIDE_PROGRAMME,
                start=date_label(timeline.start),
                end=date_label(timeline.last_day),
            )
        rule = self.book.version("stop.temporary", self.on)
        self.used.append(rule)
        if d.kind == DecisionKind.STOP_PERMANENT:
            d.ends_on = None
        elif d.ends_on is None:
            self.required("ends_on", _("Give the last day of the stop."))
        elif d.ends_on < d.starts_on:
            self.error("ends_on", MSG_STOP_ORDER)
        else:
            longest = Offset(months=int(rule.value["max_months"])).after(d.starts_on) - rules.DAY
            if d.ends_on > longest:
                self.error(
                    "ends_on", MSG_STOP_LONG, months=rule.value["max_months"], date=date_label(longest)
                )

    def deduction(self) -> None:
        d, rec = self.decision, self.rec
        if d.period is None:
            self.error("period", MSG_MONTH_NEEDED)
            return
        d.period = d.period.replace(day=1)
        self.used.append(self.book.version("absence.decision_threshold", d.period))
        self.used.append(self.book.version("absence.reduction_units", d.period))
        rows = selectors.benefit_months(
            self.book,
            rec,
            through=rules.pay_period(d.period, rec.profile.pay_period_start_day)[1],
            today=self.today,
        )
        row = next((r for r in rows if r.month == d.period and r.benefit), None)
        if row is None:
            self.error("period", _("The participant has no benefit in this month."))
            return
        d.amount = rules.to_kroner(row.benefit.deduction, self.book, row.last)
        d.facts = {
            "unexcused_hours": str(row.benefit.unexcused_hours),
            "gross": str(rules.to_kroner(row.benefit.gross, self.book, row.last)),
            "deduction": str(d.amount),
            "first": row.first.isoformat(),
            "last": row.last.isoformat(),
        }


def _end_by_stop(actor: Actor, person: Person, decision: Decision) -> None:
    end = ProgrammeEnd(
        person=person,
        municipality_id=person.municipality_id,
        ended_on=decision.starts_on - rules.DAY,
        reason=EndReason.STOPPED,
        status_at_end=Outcome.UNKNOWN,
    )
    if ProgrammeEnd.objects.filter(person=person).exists():
        return
    _save(end)
    record_change(
        actor,
        person=person,
        section=S,
        action=AuditAction.CREATE,
        before={},
        after=snapshot(end, END_FIELDS),
        channel=AuditChannel.PAGE,
    )


# ---------------------------------------------------------------------------- plan and activities
PLAN_FIELDS = (
    "made_on",
    "final_goal",
    "norwegian_goal",
    "norwegian_hours",
    "civics_hours",
    "content",
    "participant_duties",
    "municipality_duties",
    "long_term_goals",
    "contract_signed_on",
    "language",
)


def plan_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> IntegrationPlan:
    today = today or timezone.localdate()
    with transaction.atomic():
        if not Decision.objects.filter(person=person, kind=DecisionKind.PROGRAMME).exists():
            raise ValidationError(MSG_PLAN_NEEDS_DECISION)
        plan = IntegrationPlan.objects.select_for_update().filter(person=person).first()
        creating = plan is None
        plan = plan or IntegrationPlan(person=person)
        before = {} if creating else snapshot(plan, PLAN_FIELDS)
        for name, value in data.items():
            if name not in PLAN_FIELDS:
                raise ValueError(f"{name} is not a plan field")
            setattr(plan, name, value)
        errors: dict = {}
        _not_future(errors, "made_on", plan.made_on, today)
        _not_future(errors, "contract_signed_on", plan.contract_signed_on, today)
        if errors:
            raise ValidationError(errors)
        _save(plan)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(plan, PLAN_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return plan


ACTIVITY_FIELDS = ("kind", "description", "phase", "starts_on", "ends_on", "hours_per_week", "self_study")


def activity_add(*, actor: Actor, person: Person, data: dict[str, Any]) -> Activity:
    with transaction.atomic():
        activity = Activity(person=person)
        for name, value in data.items():
            if name not in ACTIVITY_FIELDS:
                raise ValueError(f"{name} is not an activity field")
            setattr(activity, name, value)
        _check_activity(person, activity)
        _save(activity)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE,
            before={},
            after={"activity": activity.pk, **snapshot(activity, ACTIVITY_FIELDS)},
            channel=AuditChannel.PAGE,
        )
    return activity


def activity_end(*, actor: Actor, activity: Activity, ends_on: dt.date) -> Activity:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        before = snapshot(activity, ACTIVITY_FIELDS)
        activity.ends_on = ends_on
        _check_activity(activity.person, activity)
        _save(activity)
        record_change(
            actor,
            person=activity.person,
            section=S,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(activity, ACTIVITY_FIELDS),
            extra={"activity": {"old": None, "new": activity.pk}},
            channel=AuditChannel.PAGE,
        )
    return activity


def _check_activity(person: Person, activity: Activity) -> None:
    errors: dict = {}
    if activity.ends_on and activity.starts_on and activity.ends_on < activity.starts_on:
        errors["ends_on"] = [MSG_ACTIVITY_ORDER]
    if activity.phase and profile_for(person.municipality.number).phase(activity.phase) is None:
        errors["phase"] = [MSG_PHASE]
    if errors:
        raise ValidationError(errors)


def ladder_step_save(*, actor: Actor, person: Person, phase: str, entered_on: dt.date) -> LadderStep:
    with transaction.atomic():
        if profile_for(person.municipality.number).phase(phase) is None:
            raise ValidationError({"phase": [MSG_PHASE]})
        step, created = LadderStep.objects.update_or_create(
            person=person, entered_on=entered_on, defaults={"phase": phase}
        )
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            before={},
            after={"ladder_step": {"phase": phase, "entered_on": entered_on}},
            channel=AuditChannel.PAGE,
        )
    return step


def holiday_week_set(*, actor: Actor, person: Person, monday: dt.date, holiday: bool) -> None:
    monday = rules.monday_of(monday)
    with transaction.atomic():
        exists = HolidayWeek.objects.filter(person=person, monday=monday).exists()
        if holiday and not exists:
            HolidayWeek.objects.create(person=person, monday=monday)
        elif not holiday and exists:
            HolidayWeek.objects.filter(person=person, monday=monday).delete()
        else:
            return
        week = {"holiday_week": monday}
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if holiday else AuditAction.DELETE,
            before={} if holiday else week,
            after=week if holiday else {},
            channel=AuditChannel.PAGE,
        )


LEAVE_FIELDS = ("kind", "starts_on", "ends_on", "with_benefit", "reason")


def leave_add(*, actor: Actor, person: Person, data: dict[str, Any]) -> Leave:
    """Add leave. The programme's end moves by its days (integreringsloven; see docs/intro.md)."""
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rec = selectors.record_for(person)
        leave = Leave(person=person)
        for name, value in data.items():
            if name not in LEAVE_FIELDS:
                raise ValueError(f"{name} is not a leave field")
            setattr(leave, name, value)
        timeline = rec.timeline
        errors: dict = {}
        if timeline.start is None:
            raise ValidationError(MSG_NO_PROGRAMME)
        if leave.starts_on and leave.ends_on:
            if leave.ends_on < leave.starts_on:
                errors["ends_on"] = [MSG_LEAVE_ORDER]
            elif not timeline.start <= leave.starts_on <= timeline.last_day:
                errors["starts_on"] = [
                    ValidationError(
                        MSG_OUTSIDE_PROGRAMME,
                        params={"start": date_label(timeline.start), "end": date_label(timeline.last_day)},
                    )
                ]
            for other in rec.leaves:
                if other.starts_on <= leave.ends_on and leave.starts_on <= other.ends_on:
                    errors.setdefault("starts_on", []).append(
                        ValidationError(
                            MSG_LEAVE_OVERLAP,
                            params={"start": date_label(other.starts_on), "end": date_label(other.ends_on)},
                        )
                    )
        if errors:
            raise ValidationError(errors)
        _save(leave)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE,
            before={},
            after={"leave": leave.pk, **snapshot(leave, LEAVE_FIELDS)},
            channel=AuditChannel.PAGE,
        )
    return leave


# ---------------------------------------------------------------------------- attendance
def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(5)]


def attendance_register(
    *,
    actor: Actor,
    person: Person,
    monday: dt.date,
    days: dict[dt.date, tuple[str, Decimal]],
    book: RuleBook | None = None,
    channel: str = AuditChannel.PAGE,
) -> list[AttendanceDay]:
    """Register a week's attendance: a status (and hours of unexcused absence) per programme day.

    Public holidays and days of leave are set from the calendar and the leave periods; days outside
    the programme or in a stop are not registered. The absence limits are checked against the
    participant's other days, and one broken limit refuses the whole week.
    """
    book = book or selectors.rulebook()
    monday = rules.monday_of(monday)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rec = selectors.record_for(person)
        timeline = rec.timeline
        programme_days = [
            d for d in week_days(monday) if timeline.in_programme(d) and not timeline.stopped(d)
        ]
        if not programme_days:
            raise ValidationError(MSG_NO_PROGRAMME_WEEK)
        full_day = Decimal(str(book.value("programme.full_time", monday)["hours_per_week"])) / 5
        wanted: dict[dt.date, tuple[str, Decimal]] = {}
        errors: dict = {}
        for day in programme_days:
            fixed = None
            if not is_working_day(day):
                fixed = DayStatus.PUBLIC_HOLIDAY
            elif timeline.on_leave(day):
                fixed = DayStatus.LEAVE
            status, hours = days.get(day, (None, Decimal(0)))
            hours = hours or Decimal(0)
            key = day.isoformat()
            if fixed:  # set by the calendar and the leave periods, whatever was sent
                wanted[day] = (fixed, Decimal(0))
                continue
            if status is None:
                errors.setdefault(key, []).append(
                    ValidationError(
                        _("%(day)s: choose what the participant did."), params={"day": date_label(day)}
                    )
                )
                continue
            if status == DayStatus.LEAVE or status == DayStatus.PUBLIC_HOLIDAY:
                errors.setdefault(key, []).append(
                    ValidationError(MSG_LEAVE_DAY, params={"day": date_label(day)})
                )
                continue
            if status == DayStatus.UNEXCUSED and not hours:
                hours = full_day
            if hours and status not in (DayStatus.PRESENT, DayStatus.UNEXCUSED):
                errors.setdefault(key, []).append(
                    ValidationError(MSG_HOURS_ONLY, params={"day": date_label(day)})
                )
            elif hours > full_day:
                errors.setdefault(key, []).append(
                    ValidationError(MSG_HOURS_MAX, params={"day": date_label(day), "hours": full_day})
                )
            wanted[day] = (status, hours)
        if errors:
            raise ValidationError(errors)
        history = {
            row.day: row.status
            for row in AttendanceDay.objects.filter(
                person=person,
                day__gte=Offset(years=-1).after(monday) - dt.timedelta(days=31),
                day__lt=monday + dt.timedelta(days=7),
            ).exclude(day__in=list(wanted))
        }
        single, _assumed = rec.single_carer
        for finding in rules.check_absence(
            book,
            week={d: s for d, (s, _h) in wanted.items()},
            history=history,
            programme_start=timeline.start,
            children=rec.children,
            single_carer=single,
        ):
            errors.setdefault(finding.field, []).append(presenters.absence_message(finding))
        if errors:
            raise ValidationError(errors)
        existing = {row.day: row for row in AttendanceDay.objects.filter(person=person, day__in=list(wanted))}
        saved, entries = [], []
        for day, (status, hours) in sorted(wanted.items()):
            row = existing.get(day) or AttendanceDay(person=person, day=day)
            before = (
                {}
                if row.pk is None
                else {"status": row.status, "unexcused_hours": jsonable(row.unexcused_hours)}
            )
            row.status, row.unexcused_hours, row.registered_by = status, hours, actor.user
            after = {"status": status, "unexcused_hours": jsonable(hours)}
            if before != after:
                row.save()
                entries.append(
                    dict(
                        action=AuditAction.CREATE if not before else AuditAction.UPDATE,
                        channel=channel,
                        person_id=person.pk,
                        municipality_id=person.municipality_id,
                        section=S,
                        changes={
                            "day": {"old": None, "new": day.isoformat()},
                            **changes_between(before, after),
                        },
                    )
                )
            saved.append(row)
        record_many(actor, entries)
    return saved


# ---------------------------------------------------------------------------- the end and the outcome
END_FIELDS = ("ended_on", "reason", "status_at_end", "status_after_one_year", "status_checked_on", "note")


def programme_end_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> ProgrammeEnd:
    """Save how the programme ended, and later the status one year after."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rec = selectors.record_for(person)
        if rec.programme is None:
            raise ValidationError(MSG_NO_PROGRAMME)
        end = ProgrammeEnd.objects.select_for_update().filter(person=person).first()
        creating = end is None
        end = end or ProgrammeEnd(person=person, municipality_id=person.municipality_id)
        before = {} if creating else snapshot(end, END_FIELDS)
        for name, value in data.items():
            if name not in END_FIELDS:
                raise ValueError(f"{name} is not a programme end field")
            setattr(end, name, value)
        errors: dict = {}
        _not_future(errors, "ended_on", end.ended_on, today)
        _not_future(errors, "status_checked_on", end.status_checked_on, today)
        start = rec.programme.starts_on
        if end.ended_on and end.ended_on < start:
            errors.setdefault("ended_on", []).append(
                ValidationError(MSG_END_BEFORE_START, params={"date": date_label(start)})
            )
        if end.ended_on and (end.status_after_one_year or end.status_checked_on):
            one_year = Offset(years=1).after(end.ended_on)
            if end.status_checked_on is None:
                errors.setdefault("status_checked_on", []).append(
                    ValidationError(_("Give the day the status was checked."), code="required")
                )
            elif end.status_checked_on < one_year:
                errors.setdefault("status_checked_on", []).append(
                    ValidationError(MSG_ONE_YEAR, params={"date": date_label(one_year)})
                )
            if not end.status_after_one_year:
                errors.setdefault("status_after_one_year", []).append(
                    ValidationError(_("Choose the status."), code="required")
                )
        if errors:
            raise ValidationError(errors)
        _save(end)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(end, END_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return end


# ---------------------------------------------------------------------------- payroll
def payroll_export(
    *,
    actor: Actor,
    user_persons: list[Person],
    municipality,
    month: dt.date,
    today: dt.date | None = None,
    book: RuleBook | None = None,
) -> PayrollExport:
    """Lock a month's benefit for the payroll system. Refused while anything would make it wrong:
    unregistered attendance, a G not recorded, a deduction that needs a decision without one."""
    today = today or timezone.localdate()
    book = book or selectors.rulebook()
    month = month.replace(day=1)
    with transaction.atomic():
        existing = (
            PayrollExport.objects.select_for_update().filter(municipality=municipality, month=month).first()
        )
        if existing is not None:
            raise ValidationError(
                MSG_EXPORTED, params={"date": date_label(timezone.localdate(existing.exported_at))}
            )
        if PayrollExport.objects.filter(municipality=municipality, month__gt=month).exists():
            raise ValidationError(MSG_LATER_EXPORTED)
        result = selectors.payroll(book, user_persons, municipality, month, today=today)
        if result.last >= today:
            raise ValidationError(MSG_NOT_ENDED)
        if result.earlier_open:
            raise ValidationError(
                MSG_EARLIER_OPEN, params={"month": presenters.month_label(result.earlier_open)}
            )
        if not result.lines:
            raise ValidationError(MSG_NOTHING)
        problems = [
            presenters.payroll_problem(line, problem) for line in result.lines for problem in line.problems
        ]
        if problems:
            raise ValidationError(MSG_PROBLEMS, params={"problems": "; ".join(problems)})
        export = PayrollExport.objects.create(
            municipality=municipality,
            month=month,
            first_day=result.first,
            last_day=result.last,
            exported_by=actor.user,
        )
        payments = []
        for line in result.lines:
            payment, benefit = line.row.payment, line.row.benefit
            payments.append(
                BenefitPayment(
                    export=export,
                    person=line.person,
                    month=month,
                    gross=rules.to_kroner(benefit.gross, book, result.last),
                    deduction=rules.to_kroner(benefit.deduction, book, result.last),
                    correction=payment.correction,
                    amount=payment.amount,
                    g_assumed=benefit.g_assumed,
                    details=presenters.payment_details(benefit),
                )
            )
        BenefitPayment.objects.bulk_create(payments)
        record_many(
            actor,
            [
                dict(
                    action=AuditAction.EXPORT,
                    channel=AuditChannel.EXPORT,
                    person_id=p.person.pk,
                    municipality_id=p.person.municipality_id,
                    section=S,
                    changes={
                        "benefit_payment": {
                            "old": None,
                            "new": {"month": month.isoformat(), "amount": str(p.amount)},
                        }
                    },
                    detail=f"payroll {municipality.number} {month:%Y-%m}",
                )
                for p in payments
            ],
        )
    return export


# The former names, for the pages and the demo data that still call them.
case_record = case_save
assessment_record = assessment_save
plan_record = plan_save
ladder_step_record = ladder_step_save
programme_end_record = programme_end_save
