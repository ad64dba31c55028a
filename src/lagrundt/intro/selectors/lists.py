"""The participant lists: search, waiting for a decision, and each row's figures."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.people.models import Person
from lagrundt.routines import deadlines
from lagrundt.routines.rules import Offset

from .. import rules
from ..models import (
    Decision,
    DecisionKind,
)
from ..rulebook import RuleBook, RuleMissing
from .base import S
from .records import load_records


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
