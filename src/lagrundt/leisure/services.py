"""Changes to leisure. Each function is one transaction: it checks the whole change first and refuses it
with a ``ValidationError`` on the fields it names, so nothing is half-saved; then it writes the row and
appends the one audit entry of the change (``record_change``).

A person's leisure (interest mapping, participations) is the section LEISURE, their applications to
support schemes LEISURE_SUPPORT. Callers have been allowed already:
``access.policy.access_record(actor, pk, "leisure" | "leisure_support", write=True)`` gives the person
and the membership that writes (``scope``), which goes into the audit entry. The catalogue, the interest
list and the support schemes are the municipality's (no one's section): their changes are audited in
the municipality, after the caller has asked ``access.resources`` (ACTIVITIES, INTERESTS,
SUPPORT_SCHEMES) for the right to change them.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label, kroner
from lagrundt.people import rules as people_rules
from lagrundt.people.models import Person
from lagrundt.routines.services import Saved, close_by_record
from lagrundt.tenancy.selectors import MembershipScope

from .models import (
    Activity,
    Interest,
    InterestMapping,
    Participation,
    SchemeKind,
    SupportApplication,
    SupportScheme,
)

MSG_REQUIRED = _("This field is required.")
MSG_FUTURE = _("The date cannot be after today: fill it in when it has happened.")
MSG_BEFORE_BIRTH = _("The date cannot be before the person was born.")
MSG_INTEREST_ELSEWHERE = _("Choose interests from the municipality's own list.")
MSG_ACTIVITY_ELSEWHERE = _("Choose an activity of the person's municipality.")
MSG_ACTIVITY_INACTIVE = _("This activity is no longer in the catalogue.")
MSG_STOP_BEFORE_START = _("The stop date cannot be before the start date (%(date)s).")
MSG_ALREADY_STOPPED = _("This participation has already stopped.")
MSG_ALREADY_TAKING_PART = _("The person already takes part in this activity (from %(date)s).")
MSG_SCHEME_ELSEWHERE = _("Choose a support scheme of the person's municipality.")
MSG_SCHEME_INACTIVE = _("This support scheme is no longer in use.")
MSG_CHILDREN_ONLY = _("This support scheme is for children under 18 only.")
MSG_NEGATIVE = _("Give an amount of 0 kroner or more.")
MSG_DECIDED_BEFORE_APPLIED = _("The decision cannot be before the application (%(date)s).")
MSG_GRANTED_AMOUNT = _("A granted application of this scheme gives the amount granted.")
MSG_REFUSED_AMOUNT = _("A refused application has no amount granted.")
MSG_ABOVE_LIMIT = _(
    "The scheme gives at most %(limit)s per person a year. %(person)s has been granted %(granted)s in "
    "%(year)s already, so at most %(left)s can be granted now."
)
MSG_AGES = _("The lowest age cannot be above the highest (%(age)s).")
MSG_AGE_RANGE = _("Give an age from 0 to 120.")
MSG_KEY_TAKEN = _("This key is already used in the municipality.")
MSG_NOT_MANAGED = _("You do not keep the catalogue of this municipality.")

MAPPING_FIELDS = ("person", "mapped_on", "wishes")
PARTICIPATION_FIELDS = ("person", "activity", "started_on", "stopped_on")
APPLICATION_FIELDS = (
    "person",
    "scheme",
    "applied_on",
    "amount_applied",
    "purpose",
    "activity",
    "decided_on",
    "granted",
    "amount_granted",
)
ACTIVITY_FIELDS = (
    "municipality",
    "organisation",
    "name",
    "description",
    "age_from",
    "age_to",
    "place",
    "cost",
    "cost_note",
    "season",
    "contact",
    "low_threshold",
    "active",
)
INTEREST_FIELDS = ("municipality", "key", "name", "order", "active")
SCHEME_FIELDS = (
    "municipality",
    "key",
    "name",
    "kind",
    "max_amount",
    "children_only",
    "source",
    "assumed",
    "active",
)
# Amounts that are given in kroner when an application is granted (lending and free places are not).
AMOUNT_KINDS = (SchemeKind.MONEY, SchemeKind.LEISURE_CARD)
INTERESTS_EVENT = "leisure.interests"


class _Errors:
    """Collects messages by field, to refuse a change as a whole."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, name: str, message, **params) -> None:
        self.by_field.setdefault(name, []).append(ValidationError(message, params=params or None))

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _today() -> dt.date:
    return timezone.localdate()


def _check_day(errors: _Errors, person: Person, name: str, day: dt.date | None, required=True) -> None:
    if day is None:
        if required:
            errors.add(name, MSG_REQUIRED)
        return
    if day > _today():
        errors.add(name, MSG_FUTURE)
    elif person.birth_date and day < person.birth_date:
        errors.add(name, MSG_BEFORE_BIRTH)


def _amount(errors: _Errors, name: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        errors.add(name, MSG_NEGATIVE)


def _interest_ids(interests: Iterable[Interest]) -> list[int]:
    return sorted(i.pk for i in interests)


# ---------------------------------------------------------------------------- interest mapping
def interest_mapping_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Map a person's interests (or change the mapping): the interests chosen from the municipality's
    list and the wishes in words. Setting or changing the day closes the routine task of mapping."""
    with transaction.atomic():
        mapping = InterestMapping.objects.select_for_update().filter(person=person).first()
        creating = mapping is None
        mapping = mapping or InterestMapping(person=person)
        before = (
            {}
            if creating
            else {**snapshot(mapping, MAPPING_FIELDS), "interests": _interest_ids(mapping.interests.all())}
        )
        previous_day = None if creating else mapping.mapped_on
        interests = list(data.get("interests") or [])
        errors = _Errors()
        _check_day(errors, person, "mapped_on", data.get("mapped_on"))
        if any(i.municipality_id != person.municipality_id for i in interests):
            errors.add("interests", MSG_INTEREST_ELSEWHERE)
        errors.raise_any()
        mapping.mapped_on = data["mapped_on"]
        mapping.wishes = (data.get("wishes") or "").strip()
        mapping.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                mapping.save()
        except IntegrityError as exc:  # another mapping saved at the same moment
            raise ValidationError(_("Someone else saved this mapping just now: open it again.")) from exc
        mapping.interests.set(interests)
        record_change(
            actor,
            person=person,
            section=Section.LEISURE,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after={**snapshot(mapping, MAPPING_FIELDS), "interests": _interest_ids(interests)},
            channel=channel,
            scope=scope,
            extra={"interest_mapping": {"old": None, "new": mapping.pk}},
        )
        closed = close_by_record(
            actor=actor,
            person=person,
            event=INTERESTS_EVENT,
            done_on=mapping.mapped_on,
            before=previous_day,
            channel=channel,
        )
    return Saved(mapping, closed)


# ---------------------------------------------------------------------------- participation
def participation_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Record that a person takes part in an activity of their municipality's catalogue."""
    with transaction.atomic():
        activity: Activity | None = data.get("activity")
        started, stopped = data.get("started_on"), data.get("stopped_on")
        errors = _Errors()
        if activity is None:
            errors.add("activity", MSG_REQUIRED)
        elif activity.municipality_id != person.municipality_id:
            errors.add("activity", MSG_ACTIVITY_ELSEWHERE)
        elif not activity.active:
            errors.add("activity", MSG_ACTIVITY_INACTIVE)
        _check_day(errors, person, "started_on", started)
        _check_day(errors, person, "stopped_on", stopped, required=False)
        if started and stopped and stopped < started:
            errors.add("stopped_on", MSG_STOP_BEFORE_START, date=date_label(started))
        if activity is not None and stopped is None:
            running = Participation.objects.filter(
                person=person, activity=activity, stopped_on__isnull=True
            ).first()
            if running is not None:
                errors.add("activity", MSG_ALREADY_TAKING_PART, date=date_label(running.started_on))
        errors.raise_any()
        participation = Participation(
            person=person, activity=activity, started_on=started, stopped_on=stopped
        )
        participation.full_clean(validate_constraints=False)
        participation.save()
        record_change(
            actor,
            person=person,
            section=Section.LEISURE,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(participation, PARTICIPATION_FIELDS),
            channel=channel,
            scope=scope,
            extra={"participation": {"old": None, "new": participation.pk}},
        )
    return Saved(participation)


def participation_stop(
    *,
    actor: Actor,
    person: Person,
    participation: Participation,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Record the day a person stopped taking part."""
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk, person=person)
        before = snapshot(participation, PARTICIPATION_FIELDS)
        stopped = data.get("stopped_on")
        errors = _Errors()
        if participation.stopped_on is not None:
            errors.add("stopped_on", MSG_ALREADY_STOPPED)
        _check_day(errors, person, "stopped_on", stopped)
        if stopped and stopped < participation.started_on:
            errors.add("stopped_on", MSG_STOP_BEFORE_START, date=date_label(participation.started_on))
        errors.raise_any()
        participation.stopped_on = stopped
        participation.save(update_fields=["stopped_on"])
        record_change(
            actor,
            person=person,
            section=Section.LEISURE,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(participation, PARTICIPATION_FIELDS),
            channel=channel,
            scope=scope,
            extra={"participation": {"old": None, "new": participation.pk}},
        )
    return Saved(participation)


# ---------------------------------------------------------------------------- support
def granted_in_year(
    person: Person, scheme: SupportScheme, year: int, exclude_pk: int | None = None
) -> Decimal:
    """What the person has been granted of the scheme in decisions of the year."""
    granted = SupportApplication.objects.filter(
        person=person, scheme=scheme, granted=True, decided_on__year=year
    ).exclude(pk=exclude_pk)
    return granted.aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)


def support_application_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Record an application to a support scheme for a person (a child's, by a parent or the service)."""
    with transaction.atomic():
        scheme: SupportScheme | None = data.get("scheme")
        activity: Activity | None = data.get("activity")
        errors = _Errors()
        if scheme is None:
            errors.add("scheme", MSG_REQUIRED)
        elif scheme.municipality_id != person.municipality_id:
            errors.add("scheme", MSG_SCHEME_ELSEWHERE)
        elif not scheme.active:
            errors.add("scheme", MSG_SCHEME_INACTIVE)
        elif (
            scheme.children_only and person.birth_date and people_rules.is_adult(person.birth_date, _today())
        ):
            errors.add("scheme", MSG_CHILDREN_ONLY)
        if activity is not None and activity.municipality_id != person.municipality_id:
            errors.add("activity", MSG_ACTIVITY_ELSEWHERE)
        _check_day(errors, person, "applied_on", data.get("applied_on"))
        _amount(errors, "amount_applied", data.get("amount_applied"))
        errors.raise_any()
        application = SupportApplication(
            person=person,
            scheme=scheme,
            applied_on=data["applied_on"],
            amount_applied=data.get("amount_applied"),
            purpose=(data.get("purpose") or "").strip(),
            activity=activity,
        )
        application.full_clean(validate_constraints=False)
        application.save()
        record_change(
            actor,
            person=person,
            section=Section.LEISURE_SUPPORT,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(application, APPLICATION_FIELDS),
            channel=channel,
            scope=scope,
            extra={"support_application": {"old": None, "new": application.pk}},
        )
    return Saved(application)


def support_decision_save(
    *,
    actor: Actor,
    person: Person,
    application: SupportApplication,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> Saved:
    """Record the decision on an application: granted or refused, and the amount granted. A grant above
    what the scheme gives a person in the year (its limit less what the person was granted that year
    already) is refused."""
    with transaction.atomic():
        # The scheme's row is locked first, so two decisions for the same person cannot both pass the limit.
        scheme = SupportScheme.objects.select_for_update().get(pk=application.scheme_id)
        application = SupportApplication.objects.select_for_update().get(pk=application.pk, person=person)
        before = snapshot(application, APPLICATION_FIELDS)
        decided, granted, amount = data.get("decided_on"), data.get("granted"), data.get("amount_granted")
        errors = _Errors()
        _check_day(errors, person, "decided_on", decided)
        if decided and decided < application.applied_on:
            errors.add("decided_on", MSG_DECIDED_BEFORE_APPLIED, date=date_label(application.applied_on))
        if granted is None:
            errors.add("granted", MSG_REQUIRED)
        _amount(errors, "amount_granted", amount)
        if granted is False and amount:
            errors.add("amount_granted", MSG_REFUSED_AMOUNT)
        if granted and amount is None and scheme.kind in AMOUNT_KINDS:
            errors.add("amount_granted", MSG_GRANTED_AMOUNT)
        if granted and amount and decided and scheme.max_amount is not None:
            already = granted_in_year(person, scheme, decided.year, exclude_pk=application.pk)
            if already + amount > scheme.max_amount:
                errors.add(
                    "amount_granted",
                    MSG_ABOVE_LIMIT,
                    limit=kroner(scheme.max_amount),
                    person=person.full_name,
                    granted=kroner(already),
                    year=decided.year,
                    left=kroner(max(scheme.max_amount - already, Decimal(0))),
                )
        errors.raise_any()
        application.decided_on = decided
        application.granted = granted
        application.amount_granted = amount if granted else None
        application.full_clean(validate_constraints=False)
        application.save(update_fields=["decided_on", "granted", "amount_granted"])
        record_change(
            actor,
            person=person,
            section=Section.LEISURE_SUPPORT,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(application, APPLICATION_FIELDS),
            channel=channel,
            scope=scope,
            extra={"support_application": {"old": None, "new": application.pk}},
        )
    return Saved(application)


# ---------------------------------------------------------------------------- the municipality's registers
def _register_change(actor, obj, fields, before, creating, channel, extra=None) -> None:
    record_change(
        actor,
        municipality_id=obj.municipality_id,
        section="",
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        before=before,
        after={**snapshot(obj, fields), **(extra or {})},
        channel=channel,
    )


def _ages(errors: _Errors, age_from, age_to) -> None:
    for name, age in (("age_from", age_from), ("age_to", age_to)):
        if age is not None and not 0 <= age <= 120:
            errors.add(name, MSG_AGE_RANGE)
    if age_from is not None and age_to is not None and age_from > age_to:
        errors.add("age_from", MSG_AGES, age=age_to)


def activity_save(
    *,
    actor: Actor,
    data: dict[str, Any],
    activity: Activity | None = None,
    channel: str = AuditChannel.PAGE,
) -> Activity:
    """Add an activity to the catalogue or change one; its interests from the municipality's list."""
    with transaction.atomic():
        creating = activity is None
        if creating:
            activity = Activity(municipality=data["municipality"])
            before = {}
        else:
            activity = Activity.objects.select_for_update().get(pk=activity.pk)
            before = {
                **snapshot(activity, ACTIVITY_FIELDS),
                "interests": _interest_ids(activity.interests.all()),
            }
        interests = list(data.get("interests") or [])
        errors = _Errors()
        _ages(errors, data.get("age_from"), data.get("age_to"))
        _amount(errors, "cost", data.get("cost"))
        if any(i.municipality_id != activity.municipality_id for i in interests):
            errors.add("interests", MSG_INTEREST_ELSEWHERE)
        errors.raise_any()
        for name in ACTIVITY_FIELDS[1:]:
            if name in data:
                value = data[name]
                setattr(activity, name, value.strip() if isinstance(value, str) else value)
        activity.full_clean(validate_constraints=False)
        activity.save()
        activity.interests.set(interests)
        _register_change(
            actor,
            activity,
            ACTIVITY_FIELDS,
            before,
            creating,
            channel,
            {"interests": _interest_ids(interests)},
        )
    return activity


def interest_save(
    *,
    actor: Actor,
    data: dict[str, Any],
    interest: Interest | None = None,
    channel: str = AuditChannel.PAGE,
) -> Interest:
    """Add an interest to the municipality's list or change one (a key once given stays)."""
    with transaction.atomic():
        creating = interest is None
        interest = interest or Interest(municipality=data["municipality"], key=data.get("key") or "")
        before = {} if creating else snapshot(interest, INTEREST_FIELDS)
        if (
            creating
            and Interest.objects.filter(municipality=interest.municipality, key=interest.key).exists()
        ):
            raise ValidationError({"key": [ValidationError(MSG_KEY_TAKEN)]})
        for name in ("name", "order", "active"):
            if name in data:
                setattr(interest, name, data[name])
        interest.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                interest.save()
        except IntegrityError as exc:
            raise ValidationError({"key": [ValidationError(MSG_KEY_TAKEN)]}) from exc
        _register_change(actor, interest, INTEREST_FIELDS, before, creating, channel)
    return interest


def scheme_save(
    *,
    actor: Actor,
    data: dict[str, Any],
    scheme: SupportScheme | None = None,
    channel: str = AuditChannel.PAGE,
) -> SupportScheme:
    """Add a support scheme or change one (its limit a year, whether it is for children only)."""
    with transaction.atomic():
        creating = scheme is None
        scheme = scheme or SupportScheme(municipality=data["municipality"], key=data.get("key") or "")
        before = {} if creating else snapshot(scheme, SCHEME_FIELDS)
        errors = _Errors()
        _amount(errors, "max_amount", data.get("max_amount"))
        errors.raise_any()
        if (
            creating
            and SupportScheme.objects.filter(municipality=scheme.municipality, key=scheme.key).exists()
        ):
            raise ValidationError({"key": [ValidationError(MSG_KEY_TAKEN)]})
        for name in SCHEME_FIELDS[2:]:
            if name in data:
                value = data[name]
                setattr(scheme, name, value.strip() if isinstance(value, str) else value)
        scheme.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                scheme.save()
        except IntegrityError as exc:
            raise ValidationError({"key": [ValidationError(MSG_KEY_TAKEN)]}) from exc
        _register_change(actor, scheme, SCHEME_FIELDS, before, creating, channel)
    return scheme
