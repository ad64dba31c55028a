"""The introduction programme in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access import policy
from lagrundt.access.resources import PROGRAMME, VIEW
from lagrundt.web.navigation import Entry


def entries(user) -> list[Entry]:
    found = []
    reads = PROGRAMME.user_has_permission(user, VIEW)
    if reads:
        found.append(
            Entry(
                30,
                reverse("intro:participant_list"),
                _("Introduction programme"),
                "intro",
                _("Participants, decisions, plans, attendance and the monthly benefit."),
            )
        )
    if reads or policy.sees_aggregates(user):
        found.append(
            Entry(
                65,
                reverse("intro:indicators"),
                _("Programme results"),
                "intro_results",
                _("Share in work or education one year after the programme, per municipality and year."),
                # Those who work with the programme reach it from there; for leaders it is a main page.
                in_menu=not reads,
            )
        )
    return found
