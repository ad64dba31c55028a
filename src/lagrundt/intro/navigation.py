"""The introduction programme in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access import policy
from lagrundt.access.resources import PROGRAMME, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    found = []
    reads = PROGRAMME.user_has_permission(user, VIEW)
    if reads:
        found.append(
            Entry(
                "intro",
                reverse("intro:participant_list"),
                _("Introduction programme"),
                _("Participants, decisions, plans, attendance and the monthly benefit."),
            )
        )
    if reads or policy.sees_aggregates(user):
        found.append(
            Entry(
                "intro_results",
                reverse("intro:indicators"),
                _("Programme results"),
                _("Share in work or education one year after the programme, per municipality and year."),
                # Those who work with the programme reach it from there; for leaders it is a main page.
                in_menu=not reads,
            )
        )
    return found
