"""On a person's page, in the work section: their competence profile and the openings that fit."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import PersonLink
from lagrundt.people import rules as people_rules


def links(user, person) -> list[PersonLink]:
    if not people_rules.is_adult(person.birth_date, timezone.localdate()):
        return []
    return [
        PersonLink(
            10, Section.WORK, reverse("work:profile_detail", args=[person.pk]), _("Competence profile")
        ),
        PersonLink(
            20, Section.WORK, reverse("work:person_openings", args=[person.pk]), _("Openings that fit")
        ),
    ]
