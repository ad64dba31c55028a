"""Reads of the audit log, for data protection officers."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import AuditEntry


def audit_for_person(person_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(person_id=person_id).order_by("-at", "-pk")


def audit_for_user(user_id: int, municipality_ids: set[int]) -> QuerySet[AuditEntry]:
    """A user's entries about persons in the officer's municipalities, and their failed logins and denials."""
    return (
        AuditEntry.objects.filter(user_id=user_id)
        .filter(Q(municipality_id__in=municipality_ids) | Q(municipality__isnull=True))
        .select_related("person")
        .order_by("-at", "-pk")
    )


def users_matching(term: str, limit: int = 20):
    term = term.strip()
    if not term:
        return []
    return list(
        get_user_model()
        .objects.filter(
            Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
        )
        .order_by("username")[:limit]
    )
