"""On a person's page, in the programme section: their introduction programme."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink


def links(user, person) -> list[PersonLink]:
    return [
        PersonLink(
            10,
            Section.PROGRAMME,
            reverse("intro:participant", args=[person.pk]),
            _("Open the introduction programme"),
        )
    ]
