"""On a person's page, in the settlement section: the integration service's record (permit, housing,
guardian, Norwegian training and tests), read by who reads the section."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink


def links(user, person) -> list[PersonLink]:
    return [
        PersonLink(
            10,
            Section.SETTLEMENT,
            reverse("settlement:integration_record", args=[person.pk]),
            _("Integration record"),
            _("Residence permit, housing, guardian, Norwegian training and tests"),
        )
    ]
