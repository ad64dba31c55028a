"""What a record page shows: the values as labels and written dates, and which routines filling in a
date closes. Callers have been allowed by ``access.policy.access_record``, which recorded the read."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lagrundt.core.formats import date_label
from lagrundt.people.models import Person
from lagrundt.routines.services import open_tasks_closed_by

from .events import EVENTS
from .models import (
    HealthContact,
    HealthRecord,
    KindergartenPlacement,
    KindergartenTalk,
    SchoolPlacement,
    SpecialLanguageDecision,
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


def _day(day) -> str:
    return date_label(day) if day else _("Not done")


def _label(model, name: str) -> str:
    text = str(model._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]


def school_rows(placement: SchoolPlacement) -> list[Row]:
    m = SchoolPlacement
    return [
        Row(_label(m, "school"), placement.school),
        Row(_label(m, "grade"), str(placement.grade)),
        Row(_label(m, "class_kind"), str(placement.get_class_kind_display())),
        Row(_label(m, "mother_tongue"), str(placement.get_mother_tongue_display())),
        Row(_label(m, "starts_on"), date_label(placement.starts_on)),
        Row(_label(m, "ends_on"), date_label(placement.ends_on) if placement.ends_on else _("Active")),
        Row(_label(m, "start_meeting_on"), _day(placement.start_meeting_on)),
        Row(_label(m, "level_test_on"), _day(placement.level_test_on)),
    ]


def decision_rows(decision: SpecialLanguageDecision) -> list[Row]:
    m = SpecialLanguageDecision
    return [
        Row(_label(m, "decided_on"), date_label(decision.decided_on)),
        Row(_label(m, "kind"), str(decision.get_kind_display())),
        Row(_label(m, "hours_per_week"), str(decision.hours_per_week)),
    ]


def kindergarten_rows(placement: KindergartenPlacement) -> list[Row]:
    m = KindergartenPlacement
    return [
        Row(_label(m, "kindergarten"), placement.kindergarten),
        Row(_label(m, "applied_on"), date_label(placement.applied_on)),
        Row(
            _label(m, "starts_on"),
            date_label(placement.starts_on) if placement.starts_on else _("Not started"),
        ),
        Row(
            _label(m, "hours_per_week"),
            str(placement.hours_per_week) if placement.hours_per_week is not None else "–",
        ),
        Row(_label(m, "ends_on"), date_label(placement.ends_on) if placement.ends_on else _("Active")),
        Row(_label(m, "welcome_talk_on"), _day(placement.welcome_talk_on)),
    ]


def health_rows(record: HealthRecord | None) -> list[Row]:
    m = HealthRecord
    return [
        Row(_label(m, "gp_practice"), (record.gp_practice if record else "") or _("Not assigned")),
        Row(_label(m, "gp_assigned_on"), _day(record.gp_assigned_on if record else None)),
        Row(_label(m, "tb_screening_on"), _day(record.tb_screening_on if record else None)),
        Row(_label(m, "vaccination_reviewed_on"), _day(record.vaccination_reviewed_on if record else None)),
    ]


@dataclass(frozen=True)
class SchoolRecord:
    active: SchoolPlacement | None
    earlier: list[SchoolPlacement]
    decisions: list[SpecialLanguageDecision]


def school_record(person: Person) -> SchoolRecord:
    places = list(SchoolPlacement.objects.filter(person=person).order_by("-starts_on", "-pk"))
    active = next((p for p in places if p.ends_on is None), None)
    decisions = list(SpecialLanguageDecision.objects.filter(person=person).order_by("-decided_on", "-pk"))
    return SchoolRecord(active, [p for p in places if p is not active], decisions)


@dataclass(frozen=True)
class KindergartenRecord:
    active: KindergartenPlacement | None
    earlier: list[KindergartenPlacement]
    talks: list[KindergartenTalk]


def kindergarten_record(person: Person) -> KindergartenRecord:
    places = list(KindergartenPlacement.objects.filter(person=person).order_by("-applied_on", "-pk"))
    active = next((p for p in places if p.ends_on is None), None)
    talks = list(KindergartenTalk.objects.filter(person=person).order_by("-held_on", "-pk"))
    return KindergartenRecord(active, [p for p in places if p is not active], talks)


@dataclass(frozen=True)
class HealthView:
    record: HealthRecord | None
    contacts: list[HealthContact]


def health_record(person: Person) -> HealthView:
    return HealthView(
        HealthRecord.objects.filter(person=person).first(),
        list(HealthContact.objects.filter(person=person).order_by("-held_on", "-pk")),
    )


@dataclass(frozen=True)
class Closes:
    """What filling in one date closes: the event's label and the person's open duties it closes."""

    event: str
    label: str
    titles: list[str]


def closes(person, events) -> list[Closes]:
    """For each event, the person's open duties recording it would close (events that close nothing of
    theirs are left out). A repeating duty is named once, with its earliest due date."""

    found = []
    open_tasks = open_tasks_closed_by(person, events)
    for event in events:
        titles: dict[int, str] = {}
        for task in open_tasks.get(event, ()):
            titles.setdefault(task.routine_id, f"{task.routine.title} ({date_label(task.due_on)})")
        if titles:
            found.append(Closes(event, str(EVENTS[event]), list(titles.values())))
    return found
