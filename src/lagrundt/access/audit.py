"""Writing the audit log. Only appends: there is no function here, or anywhere, that changes an entry.

"Record" means one thing in Lagrundt: append to the audit log. ``record`` appends one entry (a read,
a denied access, a failed login), ``record_many`` many in one statement, and ``record_change`` the
entry of a change to personal data. Services that change data are named for what they do to it
(``settlement_save``, ``education_add``, ``task_postpone`` …), never "record". Every entry is
chained to the one before it (``chain``), whichever of these paths appends it.

Every change to personal data takes one path: the app's service changes the rows in a transaction,
takes ``snapshot(obj, fields)`` of the fields before and after (JSON-safe values; a foreign key gives
its id) and calls ``record_change`` once, inside the same transaction. That writes one entry with the
fields that differ, after any ``extra`` fields that name the row changed (a placement, a task); when
no field differs it writes nothing. A change that names no person (a household without members yet)
gives the municipality instead. One call that changes several persons or days (a relation, a week's
attendance, a payroll month) appends an entry for each with ``record_many``.
Pages and the API never save personal data themselves: they call the services.

What a change keeps
-------------------
The log is append-only and kept for as long as the municipality keeps it, and a data protection
officer who may read identity only reads it. So an entry says who, when, which person, which section
and which fields changed, and keeps a field's old and new value only when the value is not content:

- kept: a choice's code, a yes/no, a number, a date (not a birth date), a foreign key's id;
- never kept: the text of a field without choices (names, national ID, addresses, phone, notes, any
  free text), a JSON value (lists and blobs), any value of an identifying field (a birth date, a
  national ID, by the field's name), and no value at all in the national-ID section. Such a change is
  stored as ``{"changed": true}``: the history says the field changed, and not to what.

So what identifies a person (names, national ID, birth date, contact) is never in the log, which
names persons by id only: once retention has anonymised a person, the log holds nothing of who they
were. What stays of identity is what the anonymised register keeps too (a sex, a country code, a yes/no).

The knowledge comes from the model: ``snapshot`` knows each field and marks its value as content or
not (``Content`` and ``Kept``), so the services do not change. A model may name the fields that hold
codes from a list without Django choices, text or a JSON list of them, in ``audit_codes``
(``audit_codes = ("occupation",)``): their values are kept, and the model's ``audit_labels(field_name)``
gives the mapping a history reads them by (``history``).
Values in dicts built by hand, which no field describes, are judged conservatively: a text is kept
only when it is a date in ISO form, a short number, or a code that is one of the choices of some
model field; anything else counts as content. ``scrub_changes`` applies this when an entry is written,
and the migration that cleaned the entries written before this rule used it too.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from lagrundt.core.bulk import insert_rows
from lagrundt.tenancy.selectors import MembershipScope, memberships_for

from . import chain
from .models import AuditEntry
from .rules import rule_for
from .sections import Section


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
    fields["changes"] = scrub_changes(fields.get("changes"), fields.get("section", ""))
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
    "subject_user",
    "section",
    "action",
    "channel",
    "changes",
    "detail",
    "prev_hash",
    "hash",
)
_ENTRY_KEYS = frozenset(
    {
        "action",
        "channel",
        "person_id",
        "municipality_id",
        "subject_user_id",
        "section",
        "scope",
        "changes",
        "detail",
        "username",
    }
)


def record_many(actor: Actor, entries: list[dict[str, Any]]) -> None:
    """Append many entries in one statement (list pages record one read per person and section).

    The same columns as ``record`` writes, but as plain rows: a list page appends a hundred entries,
    and building a model instance for each cost more than the page itself. One query reads the head
    of the chain and one statement inserts the rows, chained in order.
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
        rows.append(
            {
                "at": at,
                "user_id": user.pk if user else None,
                "username": (user.get_username() if user else e.get("username", ""))[:150],
                **scopes[key],
                "municipality_id": e.get("municipality_id"),
                "person_id": e.get("person_id"),
                "subject_user_id": e.get("subject_user_id"),
                "section": e.get("section", ""),
                "action": e["action"],
                "channel": e["channel"],
                "changes": scrub_changes(e.get("changes"), e.get("section", "")),
                "detail": (e["detail"] if e.get("detail") is not None else actor.detail)[:300],
            }
        )
    columns = [f.attname for f in (AuditEntry._meta.get_field(name) for name in _MANY_FIELDS)]
    # One transaction: the chain's head is read and the rows appended under the chain's lock, and in
    # autocommit each row would otherwise be its own commit and sync.
    with transaction.atomic():
        chain.lock(transaction.get_connection())
        chain.seal(rows, chain.head(AuditEntry._base_manager))
        insert_rows(AuditEntry, _MANY_FIELDS, [tuple(row[c] for c in columns) for row in rows])


# ---------------------------------------------------------------------------- what a change keeps
class Content(str):
    """A text from a field that is content (free text, a name, a birth date): compared, never stored."""

    __slots__ = ()


class ContentList(list):
    """A JSON list from a field: compared, never stored."""

    __slots__ = ()


class ContentDict(dict):
    """A JSON object from a field: compared, never stored."""

    __slots__ = ()


class Kept(str):
    """A text from a field that is not content (a choice's code, a date, a number): stored as it is."""

    __slots__ = ()


CHANGED = {"changed": True}  # what a change of content is stored as

# Sections whose values the log never keeps, whatever the field: they identify the person.
VALUELESS_SECTIONS = frozenset({Section.NATIONAL_ID})
# Fields whose values identify a person, by a part of their name, whatever their type.
IDENTIFYING_NAMES = ("birth", "national_id")

_NOT_CONTENT_FIELDS = (
    models.BooleanField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DurationField,
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")
# At most seven digits before the point: amounts and hours, never a phone, an account or a national ID.
_SHORT_NUMBER = re.compile(r"-?(0|[1-9]\d{0,6})(\.\d{1,6})?")


def is_content_field(field: models.Field) -> bool:
    """Whether a model field's values are content the log must not keep (see the module's docstring)."""
    if any(part in field.name for part in IDENTIFYING_NAMES):
        return True
    if field.choices or field.name in getattr(field.model, "audit_codes", ()):
        return False
    if field.is_relation:
        return not (field.many_to_one or field.one_to_one)
    return not isinstance(field, _NOT_CONTENT_FIELDS)


@cache
def choice_codes() -> frozenset[str]:
    """The codes of every choice of every model field: a text given by hand that is one of them is kept."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices:
                codes.update(value for value, _label in field.flatchoices if isinstance(value, str) and value)
    return frozenset(codes)


_CONTENT = object()  # a value scrubbed away


def _scrub_value(key: str, value: Any) -> Any:
    """The value as stored, or ``_CONTENT`` when it is content."""
    if isinstance(value, Content | ContentList | ContentDict):
        return _CONTENT
    if isinstance(value, Kept):
        return str(value)
    if value is None:
        return None
    if any(part in key for part in IDENTIFYING_NAMES):
        return _CONTENT
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if (
            _ISO_DAY.fullmatch(value)
            or _ISO_MOMENT.fullmatch(value)
            or _SHORT_NUMBER.fullmatch(value)
            or value in choice_codes()
        ):
            return value
        return _CONTENT
    if isinstance(value, list | tuple):
        items = [_scrub_value(key, v) for v in value]
        return _CONTENT if any(v is _CONTENT for v in items) else items
    if isinstance(value, Mapping):
        # A row: what is not content stays, so the row can still be named ("education: upper secondary").
        kept = {str(k): _scrub_value(str(k), v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not _CONTENT}
    return _scrub_value(key, jsonable(value))


def scrub_changes(changes: Mapping[str, Any] | None, section: str = "") -> dict[str, Any]:
    """A change as the log stores it: ``{field: {"old": …, "new": …}}`` without content.

    A field whose old or new value is content becomes ``{"changed": true}``; in the national-ID
    section every field does. Values in a row (a dict) that are content are left out.
    """
    stored: dict[str, Any] = {}
    for key, change in (changes or {}).items():
        key = str(key)
        if isinstance(change, Mapping) and change and set(change) <= {"old", "new"}:
            if section in VALUELESS_SECTIONS:
                stored[key] = dict(CHANGED)
                continue
            old, new = _scrub_value(key, change.get("old")), _scrub_value(key, change.get("new"))
            stored[key] = dict(CHANGED) if _CONTENT in (old, new) else {"old": old, "new": new}
        elif isinstance(change, Mapping) and dict(change) == CHANGED:
            stored[key] = dict(CHANGED)
        else:  # not a change's shape: a value given by hand
            value = _scrub_value(key, change)
            stored[key] = dict(CHANGED) if value is _CONTENT or section in VALUELESS_SECTIONS else value
    return stored


def snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    """The values of an object's fields, JSON-safe, to compare before and after a change.

    A foreign key's name gives its id (``municipality`` → ``municipality_id``), without loading the row.
    Each value is marked as content or not by its model field (``Content``, ``Kept``); the marks
    compare and serialise as the plain values, and tell ``record_change`` what it may store.
    """
    return {name: _marked(obj, name) for name in fields}


def _marked(obj, name: str) -> Any:
    found = _field(obj, name)
    value = jsonable(getattr(obj, found.attname if found is not None else name))
    if found is None or value is None or isinstance(value, bool | int | float):
        return value
    if not is_content_field(found):
        if isinstance(value, list):  # a JSON list the model names in ``audit_codes``: codes each
            return [Kept(v) if isinstance(v, str) else v for v in value]
        return Kept(value) if isinstance(value, str) else value
    if isinstance(value, str):
        return Content(value)
    if isinstance(value, list):
        return ContentList(value)
    if isinstance(value, dict):
        return ContentDict(value)
    return value


def _field(obj, name: str) -> models.Field | None:
    try:
        found = obj._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):  # not a model, or a property
        return None
    return found if getattr(found, "concrete", False) else None


def record_change(
    actor: Actor,
    *,
    person: Any = None,
    persons: Iterable[Any] | None = None,
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
    after a delete); the entry keeps those that differ as ``{field: {"old": …, "new": …}}``, or as
    ``{field: {"changed": true}}`` where the value is content. ``extra`` goes first as given: fields
    that name what changed (``{"task": {"old": None, "new": 12}}``), which are no change by
    themselves. The entry is the person's, in the person's municipality unless ``municipality_id``
    says otherwise; without a person, in ``municipality_id``. ``scope`` is the membership that
    granted the write, when the caller knows it (see ``acting_scope``).

    ``persons``: a row that is the personal data of several persons (a household's tenancy, a
    settlement case after arrival) gets one entry per person, in their municipalities, written in one
    statement; with none of them (no one has arrived yet), the one entry of ``municipality_id``.
    """
    changes = changes_between(before, after)
    if not changes:
        return None
    persons = list(persons or ())
    if persons:
        record_many(
            actor,
            [
                dict(
                    action=action,
                    channel=channel,
                    person_id=p.pk,
                    municipality_id=p.municipality_id,
                    section=section,
                    changes={**(extra or {}), **changes},
                    scope=scope,
                )
                for p in persons
            ],
        )
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
    """The fields that differ, as {field: {"old": ..., "new": ...}} with JSON-safe values.

    The values keep their marks (``snapshot``): this is what is compared, ``scrub_changes`` what is
    stored. An empty text and no text are no change of content.
    """
    changes = {}
    for key in sorted(set(old) | set(new)):
        before, after = jsonable(old.get(key)), jsonable(new.get(key))
        if before == after:
            continue
        if _is_marked_content(before, after) and _empty(before) and _empty(after):
            continue
        changes[key] = {"old": before, "new": after}
    return changes


def _is_marked_content(*values: Any) -> bool:
    return any(isinstance(v, Content | ContentList | ContentDict) for v in values)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | ContentList | ContentDict):
        return value  # a marked value keeps its mark
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        # A whole amount as a number, whatever the column's decimal places ("20.0" hours is 20), so
        # that a change from 20 to 25 reads the same typed or saved; a fraction as exact text.
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    return str(value)
