"""Writing the audit log. Only appends: there is no function here, or anywhere, that changes an entry.

"Record" means one thing in Lagrundt: append to the audit log. ``record`` appends one entry (a read,
a denied access, a failed login), ``record_many`` many in one statement, and ``record_change`` the
entry of a change to personal data. Services that change data are named for what they do to it
(``settlement_save``, ``education_add``, ``task_postpone`` …), never "record".

Every change to personal data takes one path: the app's service changes the rows in a transaction,
takes ``snapshot(obj, fields)`` of the fields before and after (JSON-safe values; a foreign key gives
its id) and calls ``record_change`` once, inside the same transaction. That writes one entry with the
fields that differ, old and new, after any ``extra`` fields that name the row changed (a placement, a
task); when no field differs it writes nothing. A change that names no person (a household without
members yet) gives the municipality instead. One call that changes several persons or days (a
relation, a week's attendance, a payroll month) appends an entry for each with ``record_many``.
Pages and the API never save personal data themselves: they call the services.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from lagrundt.core.bulk import insert_rows
from lagrundt.tenancy.selectors import MembershipScope, memberships_for

from .models import AuditEntry
from .rules import rule_for


@dataclass(frozen=True)
class Actor:
    """The user behind a request, as the audit log records them."""

    user: Any
    detail: str = ""

    @classmethod
    def from_request(cls, request) -> "Actor":
        return cls(user=request.user, detail=request.path[:300])


def acting_scope(user, municipality_id: int | None, section: str = "") -> MembershipScope | None:
    """The membership a user acts in for an entry that names no granting one.

    The best is one whose unit serves the person's municipality and whose sector may write, then
    read, the section; then one that serves the municipality; then the first.
    """
    scopes = memberships_for(user)
    if not scopes:
        return None

    def rank(scope: MembershipScope) -> tuple[bool, bool, bool]:
        rule = rule_for(scope.sector)
        serves = municipality_id in scope.municipality_ids
        return (not serves, not (serves and section in rule.write), not (serves and section in rule.read))

    return min(scopes, key=rank)  # min is stable: ties keep the memberships' order


def _scope_fields(
    actor: Actor, scope: MembershipScope | None, municipality_id=None, section=""
) -> dict[str, Any]:
    if scope is None and getattr(actor.user, "is_authenticated", False):
        scope = acting_scope(actor.user, municipality_id, section)
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
        **_scope_fields(actor, scope, fields.get("municipality_id"), fields.get("section", "")),
        **fields,
    )


def record(actor: Actor, **fields) -> AuditEntry:
    """Append one entry: any action, with the fields of ``AuditEntry`` (``person_id``, ``section`` …)."""
    entry = _entry(actor, **fields)
    entry.save()
    return entry


_MANY_FIELDS = (
    "at",
    "user",
    "username",
    "sector",
    "role",
    "unit_id",
    "unit_name",
    "municipality",
    "person",
    "section",
    "action",
    "channel",
    "changes",
    "detail",
)
_ENTRY_KEYS = frozenset(
    {"action", "channel", "person_id", "municipality_id", "section", "scope", "changes", "detail", "username"}
)


def record_many(actor: Actor, entries: list[dict[str, Any]]) -> None:
    """Append many entries in one statement (list pages record one read per person and section).

    The same columns as ``record`` writes, but as plain rows: a list page appends a hundred entries,
    and building a model instance for each cost more than the page itself.
    """
    if not entries:
        return
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    at = timezone.now()
    scopes: dict[tuple, dict[str, Any]] = {}
    rows = []
    for e in entries:
        if not e.keys() <= _ENTRY_KEYS:
            raise TypeError(f"Unknown audit fields: {sorted(e.keys() - _ENTRY_KEYS)}")
        scope = e.get("scope")
        key = (id(scope), e.get("municipality_id"), e.get("section", ""))
        if key not in scopes:
            scopes[key] = _scope_fields(actor, scope, e.get("municipality_id"), e.get("section", ""))
        s = scopes[key]
        changes = e.get("changes")
        rows.append(
            (
                at,
                user.pk if user else None,
                (user.get_username() if user else e.get("username", ""))[:150],
                s["sector"],
                s["role"],
                s["unit_id"],
                s["unit_name"],
                e.get("municipality_id"),
                e.get("person_id"),
                e.get("section", ""),
                e["action"],
                e["channel"],
                changes or {},
                (e["detail"] if e.get("detail") is not None else actor.detail)[:300],
            )
        )
    # One statement in one transaction: in autocommit each row would be its own commit and sync.
    insert_rows(AuditEntry, _MANY_FIELDS, rows)


def snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    """The values of an object's fields, JSON-safe, to compare before and after a change.

    A foreign key's name gives its id (``municipality`` → ``municipality_id``), without loading the row.
    """
    return {name: jsonable(getattr(obj, _attname(obj, name))) for name in fields}


def _attname(obj, name: str) -> str:
    try:
        return obj._meta.get_field(name).attname
    except (AttributeError, FieldDoesNotExist):  # not a model, or a property
        return name


def record_change(
    actor: Actor,
    *,
    person: Any = None,
    municipality_id: int | None = None,
    section: str,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    channel: str,
    scope: MembershipScope | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Append the one entry of a change to personal data, or nothing when nothing changed.

    ``before`` and ``after`` are the changed row's fields (``snapshot``; ``{}`` before a create and
    after a delete); the entry keeps those that differ as ``{field: {"old": …, "new": …}}``. ``extra``
    goes first as given: fields that name what changed (``{"task": {"old": None, "new": 12}}``), which
    are no change by themselves. The entry is the person's, in the person's municipality unless
    ``municipality_id`` says otherwise; without a person, in ``municipality_id``. ``scope`` is the
    membership that granted the write, when the caller knows it (see ``acting_scope``).
    """
    changes = changes_between(before, after)
    if not changes:
        return None
    if municipality_id is None and person is not None:
        municipality_id = person.municipality_id
    return record(
        actor,
        action=action,
        channel=channel,
        person_id=person.pk if person is not None else None,
        municipality_id=municipality_id,
        section=section,
        changes={**(extra or {}), **changes},
        scope=scope,
    )


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
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    return str(value)
