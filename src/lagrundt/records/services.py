"""Changes to the sectors' records. Each function is one transaction: it checks the whole change first
and refuses it with a ``ValidationError`` on the fields it names, so nothing is half-saved; then it
writes the row, appends the one audit entry of the change (``record_change``) and closes the tasks the
record answers (``routines.services.close_by_record``, for each date set or changed).

Callers have been allowed already: ``access.policy.access_record(actor, pk, kind, write=True)`` gives
the person and the membership that writes (``scope``), which goes into the audit entry.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.rules import RECORD_RULES
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person, Settlement
from lagrundt.routines.services import Saved, close_by_record
from lagrundt.tenancy.selectors import MembershipScope

from .models import (
    GRADES,
    MAX_KINDERGARTEN_HOURS,
    MAX_SCHOOL_HOURS,
    DecisionKind,
    HealthContact,
    HealthRecord,
    KindergartenPlacement,
    KindergartenTalk,
    SchoolPlacement,
    SpecialLanguageDecision,
)

MSG_FUTURE = _("The date cannot be after today: fill it in when it has happened.")
MSG_BEFORE_BIRTH = _("The date cannot be before the person was born.")
MSG_GRADE = _("Give a grade from %(low)s to %(high)s.")
MSG_SECOND_SCHOOL = _(
    "The pupil already has an active school place at %(school)s from %(date)s: give that place an end "
    "date first."
)
MSG_SECOND_KINDERGARTEN = _(
    "The child already has an active kindergarten place at %(kindergarten)s: give that place an end "
    "date first."
)
MSG_END_BEFORE_START = _("The end date cannot be before the start date (%(date)s).")
MSG_END_WITHOUT_START = _("Give the start date before the end date.")
MSG_START_BEFORE_APPLIED = _("The start date cannot be before the application date (%(date)s).")
MSG_HOURS = _("Give the hours a week as a whole number from 0 to %(max)s.")
MSG_GRANTED_HOURS = _("A decision that grants teaching gives its hours a week.")
MSG_NOT_GRANTED_HOURS = _("A decision that does not grant teaching has no hours.")
MSG_GP_BEFORE_SETTLEMENT = _("The GP cannot be assigned before the settlement date (%(date)s).")
MSG_GP_BOTH = _("Give both the GP practice and the date it was assigned, or neither.")
MSG_REQUIRED = _("This field is required.")
MSG_SAVED_MEANWHILE = _("Someone else saved this record just now: open it again to see what it holds.")

SCHOOL_FIELDS = (
    "person",
    "school",
    "grade",
    "starts_on",
    "ends_on",
    "class_kind",
    "mother_tongue",
    "start_meeting_on",
    "level_test_on",
)
DECISION_FIELDS = ("person", "decided_on", "kind", "hours_per_week")
KINDERGARTEN_FIELDS = (
    "person",
    "applied_on",
    "kindergarten",
    "starts_on",
    "hours_per_week",
    "ends_on",
    "welcome_talk_on",
)
TALK_FIELDS = ("person", "held_on")
HEALTH_FIELDS = ("person", "gp_practice", "gp_assigned_on", "tb_screening_on", "vaccination_reviewed_on")
CONTACT_FIELDS = ("person", "kind", "held_on")

# Which event each date gives (``events.EVENTS``): setting or changing it closes the routine's task.
SCHOOL_EVENTS = {
    "starts_on": "school.start",
    "start_meeting_on": "school.start_meeting",
    "level_test_on": "school.level_test",
}
KINDERGARTEN_EVENTS = {"starts_on": "kindergarten.start", "welcome_talk_on": "kindergarten.welcome_talk"}
TALK_EVENTS = {"held_on": "kindergarten.interpreter_talk"}
HEALTH_EVENTS = {
    "gp_assigned_on": "health.gp",
    "tb_screening_on": "health.tb_screening",
    "vaccination_reviewed_on": "health.vaccination",
}


def contact_event(kind: str) -> str:
    """The event of a health talk or examination of ``kind`` (a ``ContactKind``): "health.first_talk"."""
    return f"health.{kind}"


def _today() -> dt.date:
    return timezone.localdate()


class _Errors:
    """Collects messages by field, to refuse a change as a whole."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, name: str, message, **params) -> None:
        self.by_field.setdefault(name, []).append(ValidationError(message, params=params or None))

    def has(self, name: str) -> bool:
        return name in self.by_field

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _check_dates(errors: _Errors, person: Person, values: dict[str, Any], names: Iterable[str]) -> None:
    """Dates that tell that something happened: not after today, not before the person's birth."""
    today = _today()
    for name in names:
        day = values.get(name)
        if day is None:
            continue
        if day > today:
            errors.add(name, MSG_FUTURE)
        elif person.birth_date and day < person.birth_date:
            errors.add(name, MSG_BEFORE_BIRTH)


def _hours(errors: _Errors, name: str, value, maximum: int) -> None:
    if value is not None and not (isinstance(value, int) and 0 <= value <= maximum):
        errors.add(name, MSG_HOURS, max=maximum)


def _apply(obj: models.Model, data: dict[str, Any], names: Iterable[str]) -> None:
    for name in names:
        if name in data:
            setattr(obj, name, data[name])


def _clean(obj: models.Model) -> None:
    """The model's own checks (lengths, choices, text without control characters) after the service's."""
    obj.full_clean(validate_constraints=False)


def _write(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    obj: models.Model,
    fields: tuple[str, ...],
    before: dict[str, Any],
    creating: bool,
    name: str,
    events: dict[str, str],
    scope: MembershipScope | None,
    channel: str,
) -> Saved:
    """Save ``obj``, append the change's one entry and close the tasks of the dates set or changed."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # another active place, or the health record, saved at the same moment
        raise ValidationError(MSG_SAVED_MEANWHILE) from exc
    after = snapshot(obj, fields)
    record_change(
        actor,
        person=person,
        section=RECORD_RULES[kind].section,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        before=before,
        after=after,
        channel=channel,
        scope=scope,
        extra={name: {"old": None, "new": obj.pk}},
    )
    closed = []
    for field_name, event in events.items():
        previous = before.get(field_name)  # as ``snapshot`` keeps a date: ISO text
        closed += close_by_record(
            actor=actor,
            person=person,
            event=event,
            done_on=getattr(obj, field_name),
            before=dt.date.fromisoformat(previous) if previous else None,
            channel=channel,
        )
    return Saved(obj, closed)


def _saving(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    obj: models.Model,
    creating: bool,
    fields: tuple[str, ...],
    data: dict[str, Any],
    check: Callable[[_Errors, dict[str, Any]], None],
    name: str,
    events: dict[str, str],
    scope: MembershipScope | None,
    channel: str,
) -> Saved:
    with transaction.atomic():
        before = {} if creating else snapshot(obj, fields)
        values = {n: data.get(n, getattr(obj, n, None)) for n in fields if n != "person"}
        errors = _Errors()
        check(errors, values)
        errors.raise_any()
        _apply(obj, data, fields[1:])
        _clean(obj)
        return _write(
            actor=actor,
            person=person,
            kind=kind,
            obj=obj,
            fields=fields,
            before=before,
            creating=creating,
            name=name,
            events=events,
            scope=scope,
            channel=channel,
        )


# ---------------------------------------------------------------------------- school
def school_placement_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    placement: SchoolPlacement | None = None,
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Make a school place or change one; a pupil has at most one without an end date."""
    creating = placement is None
    placement = placement or SchoolPlacement(person=person)

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        grade = v.get("grade")
        if grade is None:
            errors.add("grade", MSG_REQUIRED)
        elif not GRADES[0] <= grade <= GRADES[1]:
            errors.add("grade", MSG_GRADE, low=GRADES[0], high=GRADES[1])
        if v.get("starts_on") is None:
            errors.add("starts_on", MSG_REQUIRED)
        _check_dates(errors, person, v, ("starts_on", "start_meeting_on", "level_test_on"))
        starts, ends = v.get("starts_on"), v.get("ends_on")
        if starts and ends and ends < starts:
            errors.add("ends_on", MSG_END_BEFORE_START, date=date_label(starts))
        if ends is None:
            other = (
                SchoolPlacement.objects.select_for_update()
                .filter(person=person, ends_on__isnull=True)
                .exclude(pk=placement.pk)
                .first()
            )
            if other is not None:
                errors.add(
                    "ends_on", MSG_SECOND_SCHOOL, school=other.school, date=date_label(other.starts_on)
                )

    return _saving(
        actor=actor,
        person=person,
        kind="school",
        obj=placement,
        creating=creating,
        fields=SCHOOL_FIELDS,
        data=data,
        check=check,
        name="school_place",
        events=SCHOOL_EVENTS,
        scope=scope,
        channel=channel,
    )


def language_decision_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Add the school's decision on special language teaching, with its date and hours a week."""

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        if v.get("decided_on") is None:
            errors.add("decided_on", MSG_REQUIRED)
        _check_dates(errors, person, v, ("decided_on",))
        hours = v.get("hours_per_week")
        _hours(errors, "hours_per_week", hours, MAX_SCHOOL_HOURS)
        if errors.has("hours_per_week") or not v.get("kind"):
            return
        if v["kind"] == DecisionKind.NOT_GRANTED and hours:
            errors.add("hours_per_week", MSG_NOT_GRANTED_HOURS)
        elif v["kind"] != DecisionKind.NOT_GRANTED and not hours:
            errors.add("hours_per_week", MSG_GRANTED_HOURS)

    data = {**data, "hours_per_week": data.get("hours_per_week") or 0}
    return _saving(
        actor=actor,
        person=person,
        kind="school",
        obj=SpecialLanguageDecision(person=person),
        creating=True,
        fields=DECISION_FIELDS,
        data=data,
        check=check,
        name="language_decision",
        events={},
        scope=scope,
        channel=channel,
    )


# ---------------------------------------------------------------------------- kindergarten
def kindergarten_placement_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    placement: KindergartenPlacement | None = None,
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Make a kindergarten place (from the application) or change one; one without an end date a child."""
    creating = placement is None
    placement = placement or KindergartenPlacement(person=person)

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        if v.get("applied_on") is None:
            errors.add("applied_on", MSG_REQUIRED)
        _check_dates(errors, person, v, ("applied_on", "starts_on", "welcome_talk_on"))
        _hours(errors, "hours_per_week", v.get("hours_per_week"), MAX_KINDERGARTEN_HOURS)
        applied, starts, ends = v.get("applied_on"), v.get("starts_on"), v.get("ends_on")
        if applied and starts and starts < applied and not errors.has("starts_on"):
            errors.add("starts_on", MSG_START_BEFORE_APPLIED, date=date_label(applied))
        if ends and not starts:
            errors.add("ends_on", MSG_END_WITHOUT_START)
        elif starts and ends and ends < starts:
            errors.add("ends_on", MSG_END_BEFORE_START, date=date_label(starts))
        if ends is None:
            other = (
                KindergartenPlacement.objects.select_for_update()
                .filter(person=person, ends_on__isnull=True)
                .exclude(pk=placement.pk)
                .first()
            )
            if other is not None:
                errors.add("ends_on", MSG_SECOND_KINDERGARTEN, kindergarten=other.kindergarten)

    return _saving(
        actor=actor,
        person=person,
        kind="kindergarten",
        obj=placement,
        creating=creating,
        fields=KINDERGARTEN_FIELDS,
        data=data,
        check=check,
        name="kindergarten_place",
        events=KINDERGARTEN_EVENTS,
        scope=scope,
        channel=channel,
    )


def interpreter_talk_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Add an interpreter-assisted talk held with the child's family in kindergarten."""

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        if v.get("held_on") is None:
            errors.add("held_on", MSG_REQUIRED)
        _check_dates(errors, person, v, ("held_on",))

    return _saving(
        actor=actor,
        person=person,
        kind="kindergarten",
        obj=KindergartenTalk(person=person),
        creating=True,
        fields=TALK_FIELDS,
        data=data,
        check=check,
        name="interpreter_talk",
        events=TALK_EVENTS,
        scope=scope,
        channel=channel,
    )


# ---------------------------------------------------------------------------- health
def _settled_on(person: Person) -> dt.date | None:
    settlement = Settlement.objects.filter(person=person).first()
    return settlement.settled_on if settlement else None


def health_record_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Fill in the person's health record: the GP and the arrival checks done, by date."""
    record = HealthRecord.objects.filter(person=person).first()
    creating = record is None
    record = record or HealthRecord(person=person)
    data = {**data, "gp_practice": (data.get("gp_practice") or "").strip()} if "gp_practice" in data else data

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        _check_dates(errors, person, v, ("gp_assigned_on", "tb_screening_on", "vaccination_reviewed_on"))
        practice, assigned = v.get("gp_practice") or "", v.get("gp_assigned_on")
        if bool(practice) != bool(assigned):
            errors.add("gp_practice" if not practice else "gp_assigned_on", MSG_GP_BOTH)
        settled = _settled_on(person)
        if assigned and settled and assigned < settled and not errors.has("gp_assigned_on"):
            errors.add("gp_assigned_on", MSG_GP_BEFORE_SETTLEMENT, date=date_label(settled))

    return _saving(
        actor=actor,
        person=person,
        kind="health",
        obj=record,
        creating=creating,
        fields=HEALTH_FIELDS,
        data=data,
        check=check,
        name="health_record",
        events=HEALTH_EVENTS,
        scope=scope,
        channel=channel,
    )


def health_contact_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Add a health talk or examination held: its kind and date, nothing of its content."""
    contact = HealthContact(person=person)

    def check(errors: _Errors, v: dict[str, Any]) -> None:
        if v.get("held_on") is None:
            errors.add("held_on", MSG_REQUIRED)
        if not v.get("kind"):
            errors.add("kind", MSG_REQUIRED)
        _check_dates(errors, person, v, ("held_on",))

    kind = data.get("kind") or ""
    return _saving(
        actor=actor,
        person=person,
        kind="health",
        obj=contact,
        creating=True,
        fields=CONTACT_FIELDS,
        data=data,
        check=check,
        name="health_contact",
        events={"held_on": contact_event(kind)} if kind else {},
        scope=scope,
        channel=channel,
    )
