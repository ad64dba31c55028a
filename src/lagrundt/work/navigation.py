"""Competence and work in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import EMPLOYERS, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if EMPLOYERS.user_has_permission(user, VIEW):
        return [
            Entry(
                "work",
                reverse("work:index"),
                _("Work"),
                _("The competence database, employers and openings matched with candidates, placements."),
            )
        ]
    if EMPLOYERS.user_has_permission(user, "statistics"):
        return [
            Entry(
                "work_results",
                reverse("work:conversion"),
                _("Placements and jobs"),
                _("From placement to job per employer, sector and municipality, and Flyktningeløftet."),
            )
        ]
    return []
