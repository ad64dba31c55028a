"""On a person's page, in the identity section: innsyn, for the sectors that keep records of them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink

from .permissions import PRODUCE, SUBJECT_ACCESS


def links(user, person) -> list[PersonLink]:
    if not SUBJECT_ACCESS.user_has_permission_for_instance(user, PRODUCE, person):
        return []
    return [
        PersonLink(
            90,
            Section.IDENTITY,
            reverse("privacy:subject_access", args=[person.pk]),
            _("Innsyn"),
            _("Everything Lagrundt holds about the person, and who has read it, as PDF or JSON."),
        )
    ]
