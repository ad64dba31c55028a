"""Competence and work in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import EMPLOYERS, VIEW
from lagrundt.web.navigation import Entry


def entries(user) -> list[Entry]:
    if EMPLOYERS.user_has_permission(user, VIEW):
        return [
            Entry(
                30,
                reverse("work:index"),
                _("Work"),
                "work",
                _("The competence database, employers and openings matched with candidates, placements."),
            )
        ]
    if EMPLOYERS.user_has_permission(user, "statistics"):
        return [
            Entry(
                55,
                reverse("work:conversion"),
                _("Placements and jobs"),
                "work",
                _("From placement to job per employer, sector and municipality, and Flyktningeløftet."),
            )
        ]
    return []
