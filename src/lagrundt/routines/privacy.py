"""A person's tasks (duties with deadlines) in innsyn, and their free text removed with a section.

A task belongs to one section of a person (the health talk to health): it is in that section's part of
the document, with the household's tasks of that section. Anonymising a section empties its tasks'
note and reason; the routine, dates and status stay, which is what compliance counts.
"""

from django.db.models import Q

from lagrundt.core.formats import date_label
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord

from .models import Task

TASK_SHOWN = ("due_on", "status", "closed_on", "note", "reason")


def subject_access(person, sections) -> list[SubjectPart]:
    mine = Q(person=person)
    if person.household_id:
        mine |= Q(household_id=person.household_id, person__isnull=True)
    by_section: dict[str, list[SubjectRecord]] = {}
    tasks = (
        Task.objects.filter(mine, section__in=list(sections))
        .select_related("routine")
        .order_by("due_on", "pk")
    )
    for task in tasks:
        title = f"{task.routine.title} ({date_label(task.due_on)})"
        by_section.setdefault(task.section, []).append(SubjectRecord.of(title, task, TASK_SHOWN))
    return [SubjectPart(section, tuple(records)) for section, records in by_section.items()]


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    tasks = Task.objects.filter(person_id__in=list(person_ids), section=section)
    return [Anonymised.emptied(tasks, ["note", "reason"], dry_run=dry_run)]
