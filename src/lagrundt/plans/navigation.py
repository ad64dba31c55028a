"""The action plans in the menu, and the leaders' overview first on their home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.policy import rule_for
from lagrundt.tenancy.selectors import memberships_for
from lagrundt.web.navigation import Entry

from . import permissions


def entries(user) -> list[Entry]:
    if not permissions.readable_municipality_ids(user):
        return []
    found = []
    coordinates = any(
        rule_for(s.sector).sees_aggregates or rule_for(s.sector).registers_persons
        for s in memberships_for(user)
    )
    if coordinates:
        found.append(
            Entry(
                5,
                reverse("plans:dashboard"),
                _("Plan overview"),
                "plans_dashboard",
                _(
                    "The action plan at a glance: targets, overdue and quiet measures, and what changed "
                    "since the last report."
                ),
            )
        )
    found.append(
        Entry(
            40,
            reverse("plans:plan_list"),
            _("Action plans"),
            "plans",
            _(
                "Goals and measures of the plan, who is responsible, progress, indicators and reports to the "
                "council."
            ),
        )
    )
    return found
