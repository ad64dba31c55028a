"""Writing the audit log. Only appends: there is no function here, or anywhere, that changes an entry."""

from dataclasses import dataclass
from typing import Any

from lagrundt.tenancy.selectors import MembershipScope, memberships_for

from .models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """The user behind a request, as the audit log records them."""

    user: Any
    detail: str = ""

    @classmethod
    def from_request(cls, request) -> "Actor":
        return cls(user=request.user, detail=request.path[:300])


def _scope_fields(actor: Actor, scope: MembershipScope | None) -> dict[str, Any]:
    if scope is None and getattr(actor.user, "is_authenticated", False):
        scopes = memberships_for(actor.user)
        scope = scopes[0] if scopes else None
    if scope is None:
        return {"sector": "", "role": "", "unit_id": None, "unit_name": ""}
    return {
        "sector": scope.sector,
        "role": scope.role,
        "unit_id": scope.unit_id,
        "unit_name": scope.unit_name,
    }


def _entry(
    actor: Actor, *, scope: MembershipScope | None = None, detail: str | None = None, **fields
) -> AuditEntry:
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    username = fields.pop("username", "")
    return AuditEntry(
        user=user,
        username=(user.get_username() if user else username)[:150],
        detail=(detail if detail is not None else actor.detail)[:300],
        **_scope_fields(actor, scope),
        **fields,
    )


def record(actor: Actor, **fields) -> AuditEntry:
    entry = _entry(actor, **fields)
    entry.save()
    return entry


def record_many(actor: Actor, entries: list[dict[str, Any]]) -> None:
    """Append many entries in one statement (list pages record one read per person and section)."""
    if entries:
        AuditEntry.objects.bulk_create([_entry(actor, **e) for e in entries])


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that differ, as {field: {"old": ..., "new": ...}} with JSON-safe values."""
    return {
        key: {"old": jsonable(old.get(key)), "new": jsonable(new.get(key))}
        for key in sorted(set(old) | set(new))
        if jsonable(old.get(key)) != jsonable(new.get(key))
    }


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    return str(value)
