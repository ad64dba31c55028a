"""On a task's page, for who may act on it: record the interpreter used in the task's meeting."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import PersonLink


def links(user, task) -> list[PersonLink]:
    if not task.person_id:
        return []
    return [
        PersonLink(
            50,
            task.section,
            reverse("community:interpreter_task_add", args=[task.pk]),
            _("Record an interpreter"),
            _("Who interpreted the meeting, how, and what it cost."),
        )
    ]
