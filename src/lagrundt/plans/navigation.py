"""The action plans in the menu, and the leaders' overview first on their home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import PLANS, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if not PLANS.user_has_permission(user, VIEW):
        return []
    found = []
    if PLANS.user_has_permission(user, "coordinate"):
        found.append(
            Entry(
                "plans_dashboard",
                reverse("plans:dashboard"),
                _("Plan overview"),
                _(
                    "The action plan at a glance: targets, overdue and quiet measures, and what changed "
                    "since the last report."
                ),
            )
        )
    found.append(
        Entry(
            "plans",
            reverse("plans:plan_list"),
            _("Action plans"),
            _(
                "Goals and measures of the plan, who is responsible, progress, indicators and reports to the "
                "council."
            ),
        )
    )
    return found
