"""On a person's page: their leisure (interests, activities) in the leisure card, and their applications
for leisure support in the support card. The page shows a link only where the user reads that section."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink


def links(user, person) -> list[PersonLink]:
    return [
        PersonLink(
            30,
            Section.LEISURE,
            reverse("leisure:person", args=[person.pk]),
            _("Leisure"),
            _("Interests, activities and suggestions from the catalogue."),
        ),
        PersonLink(
            31,
            Section.LEISURE_SUPPORT,
            reverse("leisure:support", args=[person.pk]),
            _("Leisure support"),
            _("Applications to Fritidskassa, lending and free places, and their decisions."),
        ),
    ]
