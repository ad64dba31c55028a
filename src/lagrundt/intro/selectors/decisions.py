"""Which decisions a participant's programme can have now, and the durations the law allows."""

import datetime as dt

from .. import rules
from ..models import DecisionKind, FinalGoal
from ..rulebook import RuleBook
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
