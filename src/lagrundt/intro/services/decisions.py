"""Decisions: the programme, a refusal, an extension, a stop or a deduction, checked against the law."""

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.core.formats import date_label
from lagrundt.people import signals
from lagrundt.people.models import Person
from lagrundt.routines import deadlines
from lagrundt.routines.rules import Offset

from .. import presenters, rules, selectors
from ..models import (
    Decision,
    DecisionKind,
    EducationLevel,
    EndReason,
    Outcome,
    ProgrammeEnd,
)
from ..rulebook import BaseAmountMissing, RuleBook, RuleMissing
from ..selectors.decisions import required_checks
from .base import (
    MSG_ALREADY,
    MSG_ASSESSMENT_AFTER,
    MSG_CONFIRM,
    MSG_DURATION,
    MSG_EXTENSION_LIMIT,
    MSG_EXTENSION_POSITIVE,
    MSG_GUIDANCE_MISSING,
    MSG_LATE_START,
    MSG_MAY_BE_OFFERED,
    MSG_MONTH_NEEDED,
    MSG_NO_ASSESSMENT,
    MSG_NO_PROGRAMME,
    MSG_OUTSIDE,
    MSG_OUTSIDE_PROGRAMME,
    MSG_START_BEFORE_DECISION,
    MSG_STOP_LONG,
    MSG_STOP_ORDER,
    MSG_TOTAL_LIMIT,
    MSG_UNDER_25,
    S,
    _not_future,
    _save,
)
from .end import END_FIELDS

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
        # An assumed fact that could change the answer is recorded first: the letter states it as fact.
        for check in required_checks(eligibility):
            self.errors.setdefault(NON_FIELD_ERRORS, []).append(presenters.required_check_error(check))
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
