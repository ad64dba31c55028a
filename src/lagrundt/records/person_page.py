"""On a person's page: the school and kindergarten records in the education card (for a child of that
age), the health record in the health card. The page shows a link only where the user reads that
section of the person. Decided from the birth date alone, so the person page asks nothing more of the
database for it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink
from lagrundt.people import rules


def links(user, person) -> list[PersonLink]:
    today = timezone.localdate()
    found = [PersonLink(20, Section.HEALTH, reverse("records:health", args=[person.pk]), _("Health record"))]
    birth = person.birth_date
    if birth and rules.is_school_age(birth, today):
        found.append(
            PersonLink(20, Section.EDUCATION, reverse("records:school", args=[person.pk]), _("School record"))
        )
    if birth and rules.is_under_school_age(birth, today):
        found.append(
            PersonLink(
                21,
                Section.EDUCATION,
                reverse("records:kindergarten", args=[person.pk]),
                _("Kindergarten record"),
            )
        )
    return found
