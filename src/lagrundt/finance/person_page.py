"""On a person's page, in the finances section: the grants the state pays for them, year by year."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink


def links(user, person) -> list[PersonLink]:
    return [
        PersonLink(
            10,
            Section.FINANCES,
            reverse("finance:person_schedule", args=[person.pk]),
            _("Grants for this person"),
        )
    ]
