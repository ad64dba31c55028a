"""On a person's page, in the housing section: the household's tenancies and inspections."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink


def links(user, person) -> list[PersonLink]:
    if not person.household_id:
        return []
    return [
        PersonLink(
            10,
            Section.HOUSING,
            reverse("housing:household", args=[person.household_id]),
            _("Dwelling and inspections"),
        )
    ]
