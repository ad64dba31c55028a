"""One person's programme records, read in bulk for many persons at once."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from lagrundt.people.models import Person, Relation, RelationKind
from lagrundt.routines.rules import Offset

from .. import rules
from ..models import (
    Activity,
    Assessment,
    Decision,
    DecisionKind,
    EducationLevel,
    HolidayWeek,
    IntegrationPlan,
    LadderStep,
    Leave,
    ProgrammeCase,
    ProgrammeEnd,
)
from ..profiles import ProgrammeProfile, profile_for
from ..rulebook import RuleBook, file_rulebook


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
