"""Tasks and deadlines in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access import policy
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    found = []
    works_on_tasks = bool(policy.task_sectors(user))
    if works_on_tasks:
        found.append(
            Entry(
                "tasks",
                reverse("routines:task_list"),
                _("Tasks"),
                _("Your sector's duties: overdue, due soon and later."),
            )
        )
    if works_on_tasks or policy.sees_aggregates(user):
        found.append(
            Entry(
                "compliance",
                reverse("routines:compliance"),
                _("Deadlines kept"),
                _("Per routine, how many tasks were done on time, late or are still open."),
            )
        )
    return found
