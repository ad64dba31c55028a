"""Who may see and manage employers, openings and job fairs.

These are not refugees' personal data, so they are not in the access policy's sections; but they
belong to the municipalities a unit serves, and the people who work with them are those who work
with the «work» section of persons. The rule is built on the policy's own primitives, so that it
follows the policy when the policy changes:

- a membership whose sector may **read** the work section (``rule_for(sector).read``) may see the
  employers, openings and fairs of the municipalities its unit serves;
- one whose sector may **write** the work section may also create and change them;
- one whose sector sees aggregates (leadership) sees the statistics of its municipalities, with small
  numbers hidden, and no named person.

Today that is the integration service and Nav (read and write) and leadership (statistics).
Persons themselves — profiles, placements, fair participants — are always opened through
``access.policy``; nothing here grants a person.
"""

from django.db.models import Q, QuerySet

from lagrundt.access.policy import rule_for
from lagrundt.access.sections import Section
from lagrundt.tenancy.selectors import memberships_for

from .models import Employer, JobFair, Opening


def _municipalities(user, allowed) -> set[int]:
    ids: set[int] = set()
    for scope in memberships_for(user):
        if allowed(rule_for(scope.sector)):
            ids |= scope.municipality_ids
    return ids


def readable_municipalities(user) -> set[int]:
    """Municipalities whose employers, openings and fairs the user may see."""
    return _municipalities(user, lambda rule: Section.WORK in rule.read)


def managed_municipalities(user) -> set[int]:
    """Municipalities whose employers, openings and fairs the user may create and change."""
    return _municipalities(user, lambda rule: Section.WORK in rule.write)


def statistics_municipalities(user) -> set[int]:
    """Municipalities whose placement statistics the user may see as aggregates."""
    return _municipalities(user, lambda rule: rule.sees_aggregates) | readable_municipalities(user)


def works_with_employers(user) -> bool:
    return bool(readable_municipalities(user))


def employers_visible_to(user) -> QuerySet[Employer]:
    return Employer.objects.filter(municipality_id__in=sorted(readable_municipalities(user)))


def openings_visible_to(user) -> QuerySet[Opening]:
    """Openings of employers the user may see, or whose work is in a municipality they serve."""
    ids = sorted(readable_municipalities(user))
    return Opening.objects.filter(Q(employer__municipality_id__in=ids) | Q(municipality_id__in=ids))


def fairs_visible_to(user) -> QuerySet[JobFair]:
    return JobFair.objects.filter(municipality_id__in=sorted(readable_municipalities(user)))


def can_manage(user, municipality_id: int) -> bool:
    return municipality_id in managed_municipalities(user)
