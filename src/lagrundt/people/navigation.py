"""The register's entries in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access import policy
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    found = []
    if policy.can_see_persons(user):
        found.append(
            Entry(
                "persons",
                reverse("people:person_list"),
                _("Persons"),
                _("Find the persons you follow up."),
            )
        )
    if policy.registering_municipality_ids(user):
        found.append(
            Entry(
                "register",
                reverse("people:household_register"),
                _("Register household"),
                _("Register a newly settled household with its members."),
            )
        )
    return found
