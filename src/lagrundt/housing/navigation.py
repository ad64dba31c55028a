"""Housing in the menu and on the home page: the stock for who reads housing, the capacity planning
for leadership (who sees counts, never a dwelling's tenants)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import DWELLINGS, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if not DWELLINGS.user_has_permission(user, VIEW):
        if DWELLINGS.user_has_permission(user, "statistics"):
            return [
                Entry(
                    "housing_results",
                    reverse("housing_capacity:capacity"),
                    _("Housing capacity"),
                    _("Dwellings of each size the year's settlement decision needs, against the stock."),
                )
            ]
        return []
    return [
        Entry(
            "housing",
            reverse("housing:stock"),
            _("Housing"),
            _("The housing stock and its vacancies, landlords, tenancies and inspections year 1–5."),
        )
    ]
