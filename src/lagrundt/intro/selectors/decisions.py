"""Which decisions a participant's programme can have now, and the durations the law allows."""

import datetime as dt
from dataclasses import dataclass, field

from .. import rules
from ..models import DecisionKind, FinalGoal
from ..rulebook import BaseAmountMissing, RuleBook, RuleMissing, RuleVersion
from .records import Record


def decision_kinds(record: Record) -> list[DecisionKind]:
    """The decisions that can be made now: a programme or a refusal first, then changes to it.

    Before a programme is granted (or after one was stopped or refused), the answer to the right: a
    programme or a refusal, unless the programme has ended. While it runs: an extension, a stop for a
    time or for good, or a deduction in the benefit.
    """
    if record.programme is None or record.end is not None or record.stopped_on:
        if record.end is None or record.programme is None:
            return [DecisionKind.PROGRAMME, DecisionKind.REFUSAL]
        return []
    return [
        DecisionKind.EXTENSION,
        DecisionKind.STOP_TEMPORARY,
        DecisionKind.STOP_PERMANENT,
        DecisionKind.DEDUCTION,
    ]


def duration_limits_by_goal(
    book: RuleBook, record: Record, on: dt.date
) -> list[tuple[str, rules.DurationLimits]]:
    """For each final goal, how long a programme may last for this participant (with the assessment done)."""
    if record.assessment is None:
        return []
    return [
        (
            label,
            rules.duration_limits(
                book, has_upper_secondary=bool(record.has_upper_secondary), final_goal=goal, on=on
            ),
        )
        for goal, label in FinalGoal.choices
    ]


# ---------------------------------------------------------------------------- checks before a decision
@dataclass(frozen=True)
class Check:
    """Something the case worker checks before a decision, on the decision's page (a letter never
    shows it). ``required`` checks refuse the decision until the fact is recorded; the others are said
    so that the case worker knows what the decision rests on. ``code`` is a reason's code, or "rule"
    for a rule value the sources do not verify (``version``), which an administrator confirms."""

    code: str
    required: bool
    params: dict = field(default_factory=dict)
    version: RuleVersion | None = None
    reason: rules.Reason | None = None


# The rules a decision of each kind applies besides the right (whose versions come with it).
RULES_OF_KIND = {
    DecisionKind.PROGRAMME: ("programme.start_deadline",),
    DecisionKind.REFUSAL: (),
    DecisionKind.EXTENSION: ("duration.extension_condition",),
    DecisionKind.STOP_TEMPORARY: ("stop.temporary",),
    DecisionKind.STOP_PERMANENT: ("stop.temporary",),
    DecisionKind.DEDUCTION: ("absence.decision_threshold", "absence.reduction_units"),
}


def assumed_fact_decides(reason: rules.Reason) -> bool:
    """Whether a fact the right was read from is assumed where the real one could change the answer.

    Without the permit date the age counts on the settlement day, which comes after the permit: one
    year younger on the permit day, a person of the lowest age may be outside the target group and
    one a year over the highest inside it. (The permit read from the settlement category and the
    settlement by agreement are what settlement through IMDi means: said, not required.)"""
    if not reason.assumed:
        return False
    p = reason.params
    match reason.code:
        case "age":
            return p.get("age") == p.get("min")
        case "over_age":
            return p.get("age") == (p.get("max") or 0) + 1
    return False


def required_checks(eligibility: rules.Eligibility) -> list[Check]:
    """The assumed facts a programme or a refusal may not rest on (see ``assumed_fact_decides``)."""
    return [
        Check(r.code, True, dict(r.params), reason=r) for r in eligibility.reasons if assumed_fact_decides(r)
    ]


def decision_checks(book: RuleBook, record: Record, kind: str, on: dt.date) -> list[Check]:
    """What a decision of this kind made today rests on without the sources or the register
    confirming it: required checks first, then the assumed facts, then the rule values not verified."""
    facts: list[Check] = []
    versions: list[RuleVersion] = []
    if kind in (DecisionKind.PROGRAMME, DecisionKind.REFUSAL):
        try:
            eligibility = record.eligibility(book, on)
        except (RuleMissing, BaseAmountMissing):
            eligibility = None
        if eligibility is not None:
            facts = [
                Check(r.code, assumed_fact_decides(r), dict(r.params), reason=r)
                for r in eligibility.reasons
                if r.assumed
            ]
            versions.extend(eligibility.versions)
    for key in (*RULES_OF_KIND.get(kind, ()), "decision.complaint_deadline"):
        if book.has(key, on):
            versions.append(book.version(key, on))
    seen: set[str] = set()
    unverified = []
    for version in versions:
        if not version.verified and version.key not in seen:
            seen.add(version.key)
            unverified.append(Check("rule", False, {"rule": book.rule(version.key)}, version=version))
    return sorted(facts, key=lambda c: not c.required) + unverified
