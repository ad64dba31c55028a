"""Changes to the people register. Each function is one transaction and writes its own audit entries.

Callers have already been allowed by ``lagrundt.access.policy.access_person(..., write=True)`` or
``can_register_in``; these functions validate the data and refuse what is invalid as a whole.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor, changes_between, record_change, record_many, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Municipality

from . import rules, signals
from .models import (
    Household,
    MoveOut,
    Person,
    Relation,
    RelationKind,
    SearchToken,
    SectionNote,
    Settlement,
)

IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "national_id",
    "country_background",
    "languages",
    "interpreter_needed",
    "interpreter_language",
    "phone",
    "email",
    "address",
    "consents_to_leisure_contact",
)
# What an identity change's audit entry compares: the form's fields and the day consent was given.
IDENTITY_AUDIT_FIELDS = (*IDENTITY_FIELDS, "leisure_consent_on")
SETTLEMENT_FIELDS = ("settled_on", "municipality", "category", "came_directly", "imdi_reference")
MOVE_OUT_FIELDS = ("moved_on", "destination_municipality", "destination_country", "reason")
HOUSEHOLD_FIELDS = ("name", "municipality")

INVERSE_RELATION = {
    RelationKind.PARENT: RelationKind.CHILD,
    RelationKind.CHILD: RelationKind.PARENT,
    RelationKind.SPOUSE: RelationKind.SPOUSE,
    RelationKind.SIBLING: RelationKind.SIBLING,
    RelationKind.GUARDIAN: RelationKind.WARD,
    RelationKind.WARD: RelationKind.GUARDIAN,
}


class HouseholdRole:
    """A member's place in a household being registered; relations are derived from it."""

    REFERENCE = "reference"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"


def _clean_and_save(obj) -> None:
    obj.full_clean()
    obj.save()


def index_names(persons: Iterable[Person]) -> None:
    """Renew the search tokens of persons from their names and their household's name."""
    persons = list(persons)
    household_names = dict(
        Household.objects.filter(pk__in={p.household_id for p in persons if p.household_id}).values_list(
            "pk", "name"
        )
    )
    SearchToken.objects.filter(person__in=[p.pk for p in persons]).delete()
    SearchToken.objects.bulk_create(
        SearchToken(person_id=p.pk, token=token)
        for p in persons
        for token in sorted(
            rules.name_tokens(p.given_name, p.family_name, household_names.get(p.household_id, ""))
        )
    )


def _with_household(persons: Iterable[Person]) -> set[int]:
    """The persons and the other members of their households, whose duties may follow theirs."""
    persons = list(persons)
    ids = {p.pk for p in persons}
    households = {p.household_id for p in persons if p.household_id}
    if households:
        ids |= set(Person.objects.filter(household_id__in=households).values_list("pk", flat=True))
    return ids


def _date_consent(person: Person) -> None:
    """Date the consent to contact from leisure and volunteers when it is given, and clear the date
    when it is withdrawn: the policy hides the person from those sectors at once by the flag."""
    if not person.consents_to_leisure_contact:
        person.leisure_consent_on = None
    elif person.leisure_consent_on is None:
        person.leisure_consent_on = timezone.localdate()


def person_create(
    *,
    actor: Actor,
    municipality: Municipality,
    identity: dict[str, Any],
    settlement: dict[str, Any] | None = None,
    household: Household | None = None,
    channel: str = AuditChannel.PAGE,
) -> Person:
    with transaction.atomic():
        person = Person(municipality=municipality, household=household, **identity)
        _date_consent(person)
        _clean_and_save(person)
        index_names([person])
        record_change(
            actor,
            person=person,
            section=Section.IDENTITY,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(person, IDENTITY_AUDIT_FIELDS),
            channel=channel,
        )
        if settlement is not None:
            settlement_save(actor=actor, person=person, data=settlement, channel=channel)
        signals.changed([person.pk])
    return person


def person_update_identity(
    *, actor: Actor, person: Person, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> Person:
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person, IDENTITY_AUDIT_FIELDS)
        for field, value in data.items():
            if field not in IDENTITY_FIELDS:
                raise ValueError(f"{field} is not an identity field")
            setattr(person, field, value)
        _date_consent(person)
        _clean_and_save(person)
        index_names([person])
        if record_change(
            actor,
            person=person,
            section=Section.IDENTITY,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(person, IDENTITY_AUDIT_FIELDS),
            channel=channel,
        ):
            # A birth date changes ages, and so the duties of the person and of their household.
            signals.changed(_with_household([person]))
        if before["consents_to_leisure_contact"] and not person.consents_to_leisure_contact:
            signals.consent_withdrawn.send(sender=None, actor=actor, person=person, channel=channel)
    return person


def settlement_save(
    *, actor: Actor, person: Person, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> Settlement:
    """Create or correct a person's settlement. The person follows the settlement's municipality."""
    with transaction.atomic():
        settlement = Settlement.objects.filter(person=person).first()
        creating = settlement is None
        before = {} if creating else snapshot(settlement, SETTLEMENT_FIELDS)
        settlement = settlement or Settlement(person=person)
        for field, value in data.items():
            if field not in SETTLEMENT_FIELDS:
                raise ValueError(f"{field} is not a settlement field")
            setattr(settlement, field, value)
        _clean_and_save(settlement)
        move_out = MoveOut.objects.filter(person=person).first()
        if move_out is not None:
            try:
                rules.validate_move_out_date(move_out.moved_on, settlement.settled_on, None)
            except ValidationError as exc:
                raise ValidationError({"settled_on": exc.messages}) from exc
        if person.municipality_id != settlement.municipality_id:
            person.municipality_id = settlement.municipality_id
            person.save(update_fields=["municipality", "updated_at"])
        if record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(settlement, SETTLEMENT_FIELDS),
            channel=channel,
        ):
            signals.changed(_with_household([person]))
    return settlement


def _link(actor, a: Person, b: Person, kind: str, channel: str, entries: list) -> None:
    Relation.objects.update_or_create(person=a, relative=b, defaults={"kind": kind})
    Relation.objects.update_or_create(person=b, relative=a, defaults={"kind": INVERSE_RELATION[kind]})
    for p, r, k in ((a, b, kind), (b, a, INVERSE_RELATION[kind])):
        entries.append(
            dict(
                action=AuditAction.CREATE,
                channel=channel,
                person_id=p.pk,
                municipality_id=p.municipality_id,
                section=Section.FAMILY,
                changes={"relation": {"old": None, "new": {"relative": r.pk, "kind": str(k)}}},
            )
        )


def relation_add(
    *, actor: Actor, person: Person, relative: Person, kind: str, channel: str = AuditChannel.PAGE
):
    with transaction.atomic():
        entries: list = []
        _link(actor, person, relative, kind, channel, entries)
        record_many(actor, entries)
        signals.changed([person.pk, relative.pk])


def household_create(
    *, actor: Actor, name: str, municipality: Municipality, channel: str = AuditChannel.PAGE
) -> Household:
    """A household without members yet; persons join it when created (``person_create(household=…)``).

    Its entry is in the family section and names the municipality, as there is no person yet.
    """
    with transaction.atomic():
        household = Household(name=name, municipality=municipality)
        _clean_and_save(household)
        record_change(
            actor,
            municipality_id=household.municipality_id,
            section=Section.FAMILY,
            action=AuditAction.CREATE,
            before={},
            after={"household": household.pk, **snapshot(household, HOUSEHOLD_FIELDS)},
            channel=channel,
        )
    return household


def household_register(
    *,
    actor: Actor,
    name: str,
    municipality: Municipality,
    settlement: dict[str, Any],
    shared_identity: dict[str, Any],
    members: list[dict[str, Any]],
    channel: str = AuditChannel.PAGE,
) -> Household:
    """Register a newly settled household: its members, their settlements and their relations.

    ``members`` are identity dicts with an extra ``household_role`` (see ``HouseholdRole``). Every
    member gets the household's settlement and the shared identity fields (country, languages …)
    unless given their own. All or nothing: one invalid member and nothing is saved.
    """
    if not members:
        raise ValidationError(_no_members_message())
    with transaction.atomic(), signals.collecting():
        household = Household(name=name, municipality=municipality)
        _clean_and_save(household)
        created: list[tuple[str, Person]] = []
        errors: dict[int, ValidationError] = {}
        for index, member in enumerate(members):
            member = dict(member)
            role = member.pop("household_role", HouseholdRole.OTHER)
            identity = {**shared_identity, **{k: v for k, v in member.items() if v not in (None, "")}}
            try:
                with transaction.atomic():
                    person = person_create(
                        actor=actor,
                        municipality=municipality,
                        identity=identity,
                        settlement={**settlement, "municipality": municipality},
                        household=household,
                        channel=channel,
                    )
            except ValidationError as exc:
                errors[index] = exc
                continue
            created.append((role, person))
        if errors:
            raise HouseholdMemberErrors(errors)
        entries: list = []
        adults = [p for r, p in created if r in (HouseholdRole.REFERENCE, HouseholdRole.SPOUSE)]
        children = [p for r, p in created if r == HouseholdRole.CHILD]
        if len(adults) == 2:
            _link(actor, adults[0], adults[1], RelationKind.SPOUSE, channel, entries)
        for child in children:
            for adult in adults:
                _link(actor, child, adult, RelationKind.PARENT, channel, entries)
        for i, child in enumerate(children):
            for other in children[i + 1 :]:
                _link(actor, child, other, RelationKind.SIBLING, channel, entries)
        record_many(actor, entries)
        signals.changed(p.pk for _r, p in created)
    return household


def flat_errors(errors: dict[int, ValidationError]) -> list[ValidationError]:
    """The errors of several rows (by index), each field's and each row's, as one list."""
    flat: list[ValidationError] = []
    for exc in errors.values():
        if hasattr(exc, "error_dict"):
            flat.extend(e for field_errors in exc.error_dict.values() for e in field_errors)
        else:
            flat.extend(exc.error_list)
    return flat


class HouseholdMemberErrors(ValidationError):
    """Validation errors per member row of a household being registered."""

    def __init__(self, errors: dict[int, ValidationError]):
        self.member_errors = errors
        super().__init__(flat_errors(errors))


def _no_members_message():
    from django.utils.translation import gettext

    return gettext("A household needs at least one member.")


def move_out_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    whole_household: bool = False,
    allowed: set[int] | None = None,
    channel: str = AuditChannel.PAGE,
) -> list[Person]:
    """Register that a person, or every member of their household, moved out.

    ``allowed`` limits household members to those the actor may write (from the access policy).
    """
    with transaction.atomic():
        persons = [person]
        if whole_household and person.household_id:
            persons = list(
                Person.objects.filter(household_id=person.household_id, moved_out_on__isnull=True)
                .select_related("settlement")
                .order_by("pk")
            )
            if allowed is not None:
                persons = [p for p in persons if p.pk in allowed]
        for member in persons:
            move_out = MoveOut.objects.filter(person=member).first()
            creating = move_out is None
            before = {} if creating else snapshot(move_out, MOVE_OUT_FIELDS)
            move_out = move_out or MoveOut(person=member)
            for field, value in data.items():
                if field not in MOVE_OUT_FIELDS:
                    raise ValueError(f"{field} is not a move-out field")
                setattr(move_out, field, value)
            _clean_and_save(move_out)
            Person.objects.filter(pk=member.pk).update(
                moved_out_on=move_out.moved_on, updated_at=timezone.now()
            )
            member.moved_out_on = move_out.moved_on
            record_change(
                actor,
                person=member,
                section=Section.SETTLEMENT,
                action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                before=before,
                after=snapshot(move_out, MOVE_OUT_FIELDS),
                channel=channel,
            )
        signals.changed(_with_household(persons))
    return persons


def section_note_add(
    *, actor: Actor, person: Person, section: str, body: str, channel: str = AuditChannel.PAGE
) -> SectionNote:
    with transaction.atomic():
        note = SectionNote(person=person, section=section, body=body, author=actor.user)
        _clean_and_save(note)
        record_change(
            actor,
            person=person,
            section=section,
            action=AuditAction.CREATE,
            before={},
            after={"note": body},
            channel=channel,
        )
    return note


class PersonsImportErrors(ValidationError):
    """Validation errors of a ``persons_import``, by the index of the row in ``rows``."""

    def __init__(self, errors: dict[int, ValidationError]):
        self.row_errors = errors
        super().__init__(flat_errors(errors))


def persons_import(
    *,
    actor: Actor,
    municipality: Municipality,
    rows: list[dict[str, Any]],
    channel: str = AuditChannel.PAGE,
) -> list[Person]:
    """Register many new persons at once, as ``person_create`` would one by one, in one transaction.

    Each row is ``{"identity": {...}, "settlement": {...} or None, "household": …}`` where the
    household is a stored ``Household``, a name (rows with the same name share one new household,
    created as ``household_create`` would) or None. The same rules and the same audit entries as the
    one-by-one path (households, identities, settlements, in the rows' order), but each kind of row is
    written in one statement, the audit entries in one, and the routine engine told once. All or
    nothing: any invalid row raises ``PersonsImportErrors`` (by row index) before anything is written.
    """
    if not rows:
        return []
    errors: dict[int, ValidationError] = {}
    country = Person._meta.get_field("country_background")
    countries = {str(code) for code, _label in country.flatchoices}
    new_households: dict[str, Household] = {}
    persons: list[Person] = []
    # A foreign key held as an instance needs no query to be valid: full_clean skips those fields.
    for index, row in enumerate(rows):
        household = row.get("household")
        if isinstance(household, str):
            if household not in new_households:
                candidate = Household(name=household, municipality=municipality)
                try:
                    candidate.full_clean(exclude=["municipality"])
                except ValidationError as exc:
                    errors[index] = exc
                new_households[household] = candidate
            household = new_households[household]
        settlement = row.get("settlement")
        # The person follows the settlement's municipality (as ``settlement_save`` moves them).
        place = (settlement or {}).get("municipality") or municipality
        person = Person(municipality=place, household=household, **row["identity"])
        _date_consent(person)
        try:
            # The country is checked against a set of the field's codes: the field's own check walks
            # every country's choice for every person.
            person.full_clean(
                exclude=["household", "municipality", "country_background"], validate_unique=False
            )
            _check_choice(country, person.country_background, countries)
        except ValidationError as exc:
            errors[index] = exc
        persons.append(person)
    # The national IDs must be unique: in the register (one query) and among the rows.
    numbers: dict[str, int] = {}
    for index, person in enumerate(persons):
        if person.national_id:
            if person.national_id in numbers:
                errors.setdefault(index, _taken(person))
            numbers.setdefault(person.national_id, index)
    if numbers:
        for number in Person.objects.filter(national_id__in=list(numbers)).values_list(
            "national_id", flat=True
        ):
            index = numbers[number]
            errors.setdefault(index, _taken(persons[index]))
    if errors:
        raise PersonsImportErrors(errors)

    with transaction.atomic():
        households = list(new_households.values())
        Household.objects.bulk_create(households)
        Person.objects.bulk_create(persons)
        settlements: list[tuple[Person, Settlement]] = []
        for index, (row, person) in enumerate(zip(rows, persons, strict=True)):
            data = row.get("settlement")
            if data is None:
                continue
            settlement = Settlement(person=person)
            for field, value in data.items():
                if field not in SETTLEMENT_FIELDS:
                    raise ValueError(f"{field} is not a settlement field")
                setattr(settlement, field, value)
            held = ["person", "municipality"] if settlement.municipality_id else ["person"]
            try:
                settlement.full_clean(exclude=held, validate_unique=False)
            except ValidationError as exc:
                errors[index] = exc
            settlements.append((person, settlement))
        if errors:
            raise PersonsImportErrors(errors)
        Settlement.objects.bulk_create([s for _p, s in settlements])
        household_names = {h.pk: h.name for h in households}
        stored = {p.household_id for p in persons if p.household_id} - set(household_names)
        if stored:
            household_names.update(Household.objects.filter(pk__in=stored).values_list("pk", "name"))
        SearchToken.objects.bulk_create(
            SearchToken(person_id=p.pk, token=token)
            for p in persons
            for token in sorted(
                rules.name_tokens(p.given_name, p.family_name, household_names.get(p.household_id, ""))
            )
        )
        record_many(actor, _import_entries(municipality, persons, settlements, new_households, channel))
        signals.changed(_with_household(persons))
    return persons


def _check_choice(field, value, codes: set[str]) -> None:
    """What ``full_clean`` checks of a choice field, as its own error on the field."""
    code = str(getattr(value, "code", value) or "")
    if not code and not field.blank:
        raise ValidationError({field.name: [ValidationError(field.error_messages["blank"], code="blank")]})
    if code and code not in codes:
        error = ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
        )
        raise ValidationError({field.name: [error]})


def _taken(person: Person) -> ValidationError:
    """The error ``full_clean`` gives a national ID that is already registered, on its field."""
    return ValidationError({"national_id": [person.unique_error_message(Person, ("national_id",))]})


def _import_entries(municipality, persons, settlements, new_households, channel) -> list[dict[str, Any]]:
    """The audit entries of ``persons_import``, as the one-by-one services write them and in their order."""
    by_person = {id(p): s for p, s in settlements}
    announced: set[int] = set()
    entries: list[dict[str, Any]] = []

    def entry(*, person_id, municipality_id, section, before, after):
        changes = changes_between(before, after)
        if changes:
            entries.append(
                dict(
                    action=AuditAction.CREATE,
                    channel=channel,
                    person_id=person_id,
                    municipality_id=municipality_id,
                    section=section,
                    changes=changes,
                )
            )

    created = {id(h) for h in new_households.values()}
    for person in persons:
        household = person.household
        if household is not None and id(household) in created and household.pk not in announced:
            announced.add(household.pk)
            entry(
                person_id=None,
                municipality_id=household.municipality_id,
                section=Section.FAMILY,
                before={},
                after={"household": household.pk, **snapshot(household, HOUSEHOLD_FIELDS)},
            )
        entry(
            person_id=person.pk,
            municipality_id=municipality.pk,  # as created, before its settlement moves it
            section=Section.IDENTITY,
            before={},
            after=snapshot(person, IDENTITY_AUDIT_FIELDS),
        )
        settlement = by_person.get(id(person))
        if settlement is not None:
            entry(
                person_id=person.pk,
                municipality_id=person.municipality_id,
                section=Section.SETTLEMENT,
                before={},
                after=snapshot(settlement, SETTLEMENT_FIELDS),
            )
    return entries
