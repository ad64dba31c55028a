"""Grants and economics in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.web.navigation import Entry

from . import selectors


def entries(user) -> list[Entry]:
    if selectors.economy_municipality_ids(user):
        url = reverse("finance:overview")
        description = _("What the state pays for those settled, the next five years, scenarios and costs.")
    elif selectors.reads_person_finances(user):
        url = reverse("finance:persons")
        description = _("The grants the state pays for each person, year by year.")
    elif selectors.can_manage_rates(user):
        url = reverse("finance:rates")
        description = _("The grant rates per year, with their sources.")
    else:
        return []
    return [Entry(55, url, _("Economy"), "finance", description)]
