"""On a person's page, in the work section: their competence profile, the openings that fit and Nav's
follow-up (Nav's record, read by who reads the section)."""

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
        PersonLink(
            30,
            Section.WORK,
            reverse("work:nav_record", args=[person.pk]),
            _("Nav follow-up"),
            _("Contact person, transition meeting and status at Nav"),
        ),
    ]
