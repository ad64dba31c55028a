"""Grants and economics in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import CHANGE, ECONOMY, PERSON_FINANCES, RATES, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if ECONOMY.user_has_permission(user, VIEW):
        url = reverse("finance:overview")
        description = _("What the state pays for those settled, the next five years, scenarios and costs.")
    elif PERSON_FINANCES.user_has_permission(user, VIEW):
        url = reverse("finance:persons")
        description = _("The grants the state pays for each person, year by year.")
    elif RATES.user_has_permission(user, CHANGE):
        url = reverse("finance:rates")
        description = _("The grant rates per year, with their sources.")
    else:
        return []
    return [Entry("finance", url, _("Economy"), description)]
