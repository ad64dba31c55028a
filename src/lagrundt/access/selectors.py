"""Reads of the audit log, for data protection officers.

An officer works for the municipalities her unit serves: she finds the users who hold a membership in
a unit serving one of them, and reads their entries about persons there, with their logins, logouts,
failed logins and lockouts (which name no municipality).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from lagrundt.tenancy.selectors import memberships_for

from . import chain
from .models import AuditAction, AuditEntry
from .rules import rule_for

# Entries about an account rather than made by it: they carry the user name tried, and no user.
ACCOUNT_ACTIONS = (AuditAction.LOGIN_FAILED, AuditAction.LOCKED_OUT)


@dataclass(frozen=True)
class AuditFilter:
    """What an officer narrows a log to: a period (days, both included), an action, a sector, a user."""

    start: dt.date | None = None
    end: dt.date | None = None
    action: str = ""
    sector: str = ""
    username: str = ""

    @property
    def active(self) -> bool:
        return any((self.start, self.end, self.action, self.sector, self.username))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(entries: QuerySet[AuditEntry], f: AuditFilter) -> QuerySet[AuditEntry]:
    """The entries within the filter: days in local time, the user by (part of) their user name."""
    if f.start:
        entries = entries.filter(at__gte=_day_start(f.start))
    if f.end:
        entries = entries.filter(at__lt=_day_start(f.end + dt.timedelta(days=1)))
    if f.action:
        entries = entries.filter(action=f.action)
    if f.sector:
        entries = entries.filter(sector=f.sector)
    if f.username:
        entries = entries.filter(username__icontains=f.username)
    return entries


def newest_entry_id() -> int | None:
    """The id of the newest entry of the whole log (one step down the primary key's index)."""
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()


def audit_for_person(person_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(person_id=person_id).order_by("-at", "-pk")


def audit_for_user(user, municipality_ids: set[int]) -> QuerySet[AuditEntry]:
    """A user's entries about persons in the officer's municipalities and entries that name no
    municipality (logins, logouts, denials), and the failed logins and lockouts against their user
    name, also those no user row matched when they were made."""
    own = Q(user_id=user.pk) & (Q(municipality_id__in=municipality_ids) | Q(municipality__isnull=True))
    tried = Q(user__isnull=True, username=user.get_username(), action__in=ACCOUNT_ACTIONS)
    return AuditEntry.objects.filter(own | tried).select_related("person").order_by("-at", "-pk")


def users_in_scope(municipality_ids: set[int]) -> QuerySet:
    """Users with a membership in a unit that serves one of the municipalities."""
    users = get_user_model().objects.all()
    if not municipality_ids:
        return users.none()
    return users.filter(
        pk__in=get_user_model()
        .objects.filter(memberships__unit__municipalities__in=sorted(municipality_ids))
        .values("pk")
    )


def users_matching(term: str, municipality_ids: set[int], limit: int = 20):
    term = term.strip()
    if not term:
        return []
    return list(
        users_in_scope(municipality_ids)
        .filter(Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
        .order_by("username")[:limit]
    )


def user_in_scope(pk, municipality_ids: set[int]):
    """The user, when the officer may read their log; None for one outside her municipalities or missing."""
    return users_in_scope(municipality_ids).filter(pk=pk).first()


def readable_sections(user) -> dict[int, frozenset[str]]:
    """Per municipality, the sections the reader's memberships may read there (the policy's rules).

    The log pages show an entry's old and new values only in a section the reader may read in the
    entry's municipality; elsewhere they say which fields changed, and nothing more.
    """
    readable: dict[int, set[str]] = {}
    for scope in memberships_for(user):
        sections = rule_for(scope.sector).read
        for municipality_id in scope.municipality_ids:
            readable.setdefault(municipality_id, set()).update(sections)
    return {m: frozenset(s) for m, s in readable.items()}


# ---------------------------------------------------------------------------- the hash chain
NEWEST_CHECKED = 500  # the officer's page checks this many of the newest entries each time it is shown

_ROWS = AuditEntry._base_manager.values(*chain.VERIFY_FIELDS)


def verify_chain(*, newest: int | None = None, batch: int = 5000) -> chain.Verification:
    """Verify the whole chain in order of id, a batch at a time, or only the newest entries.

    For the newest ``n``, the entry before them gives the hash the first must point at.
    """
    if newest is not None:
        rows = list(_ROWS.order_by("-pk")[: newest + 1])[::-1]
        if len(rows) > newest:
            return chain.verify(rows[1:], expect_prev=rows[0]["hash"])
        return chain.verify(rows)
    return chain.verify(_in_batches(batch))


def _in_batches(size: int):
    last = 0
    while True:
        rows = list(_ROWS.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]
