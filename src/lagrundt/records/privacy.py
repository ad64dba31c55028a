"""The records in innsyn (education: school and kindergarten places, decisions on special language
teaching, interpreter-assisted talks; health: the GP and arrival checks, the talks held), and their names
removed when the section's retention has run out.

Anonymising empties the only text the records hold: the school's, the kindergarten's and the GP
practice's names. Dates, grades and choices stay: the start-time indicators count them.
"""

from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from .models import (
    HealthContact,
    HealthRecord,
    KindergartenPlacement,
    KindergartenTalk,
    SchoolPlacement,
    SpecialLanguageDecision,
)

SCHOOL_SHOWN = (
    "school",
    "grade",
    "class_kind",
    "mother_tongue",
    "starts_on",
    "ends_on",
    "start_meeting_on",
    "level_test_on",
)
DECISION_SHOWN = ("decided_on", "kind", "hours_per_week")
KINDERGARTEN_SHOWN = (
    "kindergarten",
    "applied_on",
    "starts_on",
    "hours_per_week",
    "ends_on",
    "welcome_talk_on",
)
HEALTH_SHOWN = ("gp_practice", "gp_assigned_on", "tb_screening_on", "vaccination_reviewed_on")

FREE_TEXT = {
    Section.EDUCATION: ((SchoolPlacement, ("school",)), (KindergartenPlacement, ("kindergarten",))),
    Section.HEALTH: ((HealthRecord, ("gp_practice",)),),
}


def _education(person) -> list[SubjectRecord]:
    records = [
        SubjectRecord.of(_("School place"), place, SCHOOL_SHOWN)
        for place in SchoolPlacement.objects.filter(person=person).order_by("starts_on", "pk")
    ]
    records += [
        SubjectRecord.of(_("Decision on special language teaching"), decision, DECISION_SHOWN)
        for decision in SpecialLanguageDecision.objects.filter(person=person).order_by("decided_on", "pk")
    ]
    records += [
        SubjectRecord.of(_("Kindergarten place"), place, KINDERGARTEN_SHOWN)
        for place in KindergartenPlacement.objects.filter(person=person).order_by("applied_on", "pk")
    ]
    talks = KindergartenTalk.objects.filter(person=person).order_by("held_on", "pk")
    rows = tuple(SubjectRow(_("Held on"), talk.held_on) for talk in talks)
    if rows:
        records.append(SubjectRecord(_("Interpreter-assisted talks in kindergarten"), rows))
    return records


def _health(person) -> list[SubjectRecord]:
    records = []
    record = HealthRecord.objects.filter(person=person).first()
    if record is not None:
        records.append(SubjectRecord.of(_("GP and arrival checks"), record, HEALTH_SHOWN))
    contacts = HealthContact.objects.filter(person=person).order_by("held_on", "pk")
    rows = tuple(SubjectRow(str(c.get_kind_display()), c.held_on) for c in contacts)
    if rows:
        records.append(SubjectRecord(_("Health talks and examinations held"), rows))
    return records


def subject_access(person, sections) -> list[SubjectPart]:
    parts = []
    if Section.EDUCATION in sections and (records := _education(person)):
        parts.append(SubjectPart(Section.EDUCATION, tuple(records)))
    if Section.HEALTH in sections and (records := _health(person)):
        parts.append(SubjectPart(Section.HEALTH, tuple(records)))
    return parts


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    ids = list(person_ids)
    return [
        Anonymised.emptied(model.objects.filter(person_id__in=ids), fields, dry_run=dry_run)
        for model, fields in FREE_TEXT.get(section, ())
    ]
