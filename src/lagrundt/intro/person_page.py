"""On a person's page, in the programme section: their introduction programme, for who it can concern."""

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.dates import age_on
from lagrundt.core.plugins import PersonLink

from .models import Activity, Assessment, Decision, IntegrationPlan, ProgrammeCase, ProgrammeEnd
from .selectors import rulebook


def _has_programme_rows(person) -> bool:
    """Whether anything of the programme is recorded for the person (one query)."""
    models = (ProgrammeCase, Assessment, Decision, IntegrationPlan, Activity, ProgrammeEnd)
    exists = [Exists(model.objects.filter(person_id=person.pk)) for model in models]
    condition = exists[0]
    for more in exists[1:]:
        condition = condition | more
    return type(person).objects.filter(pk=person.pk).filter(condition).exists()


def may_concern(person, today=None) -> bool:
    """Whether the programme can concern the person: something of it is recorded already, or they were
    old enough for its target group on the day the age counts (integreringsloven § 8: the day the permit
    was granted; before that is recorded the settlement day, and for who is not settled yet, today).

    Above the target group's age the municipality may still offer the programme, so only the lower limit
    (from the rules in force) hides it: a child's page has no programme.
    """
    if _has_programme_rows(person):
        return True
    today = today or timezone.localdate()
    settlement = getattr(person, "settlement", None)
    day = (settlement.settled_on if settlement else None) or today
    book = rulebook()
    rule_day = day if book.has("eligibility.target_age", day) else today  # settled before the act
    low = int(book.value("eligibility.target_age", rule_day)["min_age"])
    return age_on(person.birth_date, day) >= low


def links(user, person) -> list[PersonLink]:
    if not may_concern(person):
        return []
    return [
        PersonLink(
            10,
            Section.PROGRAMME,
            reverse("intro:participant", args=[person.pk]),
            _("Open the introduction programme"),
        )
    ]
