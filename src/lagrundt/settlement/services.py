"""Changes to the settlement process: a year's request and decision, cases, their members and stages.

Each function is one transaction. Every change of a case or a member writes its audit entry in the
settlement section: before arrival the entry names the municipality (the persons are not in the
register yet), after arrival each person the case became. A change that affects a case's duties
(reply, expected arrival, members' birth dates, category, closing) brings the case's tasks in line
inside the same transaction, so the duties before arrival appear, move and close at once.

Callers have already been allowed by ``access.resources.SETTLEMENT_CASES`` (``CHANGE`` on the case)
or ``SETTLEMENT_YEARS``; these functions validate the data and refuse what is invalid as a whole.
"""

import datetime as dt
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.dates import add_years
from lagrundt.core.formats import date_label
from lagrundt.people import services as people
from lagrundt.people import signals as people_signals
from lagrundt.people.models import Person, RelationKind, SettlementCategory
from lagrundt.people.rules import is_adult
from lagrundt.routines import services as routines
from lagrundt.routines.engine import refresh_cases
from lagrundt.routines.rules import Offset, due_date
from lagrundt.tenancy.models import Municipality

from . import routine_cases, selectors, signals
from .models import (
    CaseKind,
    CaseMember,
    IntegrationRecord,
    MemberRole,
    NorwegianTest,
    NorwegianTraining,
    Origin,
    Reply,
    SettlementCase,
    SettlementRequest,
    SettlementSetting,
    Stage,
)

REQUEST_FIELDS = (
    "received_on",
    "requested",
    "requested_unaccompanied",
    "wishes",
    "decided",
    "decided_unaccompanied",
    "decided_on",
    "council_case_number",
    "conditions",
)
# What a user types about a case; the rest follows from its replies and stages.
CASE_INPUT_FIELDS = (
    "kind",
    "name",
    "imdi_reference",
    "category",
    "origin",
    "country_background",
    "reception_centre",
    "stated_needs",
    "received_on",
    "reply_due_on",
    "expected_arrival",
    "joins",
    "applied_on",
    "granted_on",
)
CASE_FIELDS = (
    *CASE_INPUT_FIELDS,
    "reply_due_assumed",
    "reply",
    "replied_on",
    "decline_reason",
    "decline_text",
    "stage",
    "dwelling_ready_on",
    "arrived_on",
    "household",
    "settled_on",
    "closed_on",
    "request",
)
MEMBER_INPUT_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "birth_year",
    "sex",
    "role",
    "languages",
    "interpreter_language",
)
MEMBER_FIELDS = (*MEMBER_INPUT_FIELDS, "person")
# What the arrival form may complete or correct of a member before the person is registered.
ARRIVAL_FIELDS = ("given_name", "family_name", "birth_date", "sex", "national_id", "phone")

ADULT_ROLES = (MemberRole.REFERENCE, MemberRole.SPOUSE)
# A member's place in the household, as the register reads it when the household is registered.
HOUSEHOLD_ROLES = {
    MemberRole.REFERENCE: people.HouseholdRole.REFERENCE,
    MemberRole.SPOUSE: people.HouseholdRole.SPOUSE,
    MemberRole.CHILD: people.HouseholdRole.CHILD,
    MemberRole.OTHER: people.HouseholdRole.OTHER,
}
# What the settled person a reunified member joins is to the member (``RelationKind`` reads that way).
JOINS_RELATION = {MemberRole.SPOUSE: RelationKind.SPOUSE, MemberRole.CHILD: RelationKind.PARENT}


def _clean_and_save(obj) -> None:
    obj.full_clean()
    obj.save()


def _locked(case: SettlementCase) -> SettlementCase:
    return SettlementCase.objects.select_for_update().get(pk=case.pk)


def _today() -> dt.date:
    return timezone.localdate()


def _refresh(case: SettlementCase) -> None:
    """Bring the case's duties in line with its facts (tasks with the subject "c:<id>")."""
    refresh_cases(routine_cases.case_facts([case.pk]))


@contextmanager
def _case_changed(actor: Actor, case: SettlementCase, channel: str, *, refresh: bool = False):
    """One change to a case in one transaction: the case locked and handed to the caller to check and
    change, then saved with its audit entry (and its duties brought in line where they may follow)."""
    with transaction.atomic():
        case = _locked(case)
        before = snapshot(case, CASE_FIELDS)
        yield case
        case.save()
        after = snapshot(case, CASE_FIELDS)
        _audit(actor, case, action=AuditAction.UPDATE, before=before, after=after, channel=channel)
        if refresh:
            _refresh(case)


def _check_day(day: dt.date, earliest: dt.date, *, future: str, too_early: str, field: str = "on") -> None:
    """A day that has happened and is not before ``earliest`` (``too_early`` names it as %(day)s)."""
    if day > _today():
        raise ValidationError({field: [future]})
    if day < earliest:
        raise ValidationError({field: [too_early % {"day": date_label(earliest)}]})


def _audit(
    actor: Actor,
    case: SettlementCase,
    *,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    channel: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """The entry of a change to a case or a member: the municipality's before arrival, and one entry
    per person the case became after it (the case holds personal data of those persons)."""
    record_change(
        actor,
        persons=Person.objects.filter(settlement_case_member__case=case).only("pk", "municipality_id"),
        municipality_id=case.municipality_id,
        section=Section.SETTLEMENT,
        action=action,
        before=before,
        after=after,
        channel=channel,
        extra={"settlement_case": {"old": None, "new": case.pk}, **(extra or {})},
    )


def _request_for(case: SettlementCase) -> SettlementRequest | None:
    """The year's request a case counts against: the year it is expected (or received)."""
    on = case.arrived_on or case.expected_arrival or case.received_on
    return SettlementRequest.objects.filter(municipality_id=case.municipality_id, year=on.year).first()


# ---------------------------------------------------------------------------- the year
def request_save(
    actor: Actor,
    municipality: Municipality,
    year: int,
    data: dict[str, Any],
    channel: str = AuditChannel.PAGE,
) -> SettlementRequest:
    """IMDi's request for a year and the council's decision on it: created or corrected."""
    with transaction.atomic():
        request = (
            SettlementRequest.objects.select_for_update().filter(municipality=municipality, year=year).first()
        )
        creating = request is None
        before = {} if creating else snapshot(request, REQUEST_FIELDS)
        request = request or SettlementRequest(municipality=municipality, year=year)
        for name, value in data.items():
            if name not in REQUEST_FIELDS:
                raise ValueError(f"{name} is not a field of a settlement request")
            setattr(request, name, "" if value is None and name in ("wishes", "conditions") else value)
        errors = {}
        if (request.requested_unaccompanied or 0) > (request.requested or 0):
            errors["requested_unaccompanied"] = _("Cannot be more than the persons requested.")
        if request.decided is not None and (request.decided_unaccompanied or 0) > request.decided:
            errors["decided_unaccompanied"] = _("Cannot be more than the persons decided.")
        if request.decided is None and (request.decided_on or request.decided_unaccompanied is not None):
            errors["decided"] = _("Give the number the council decided.")
        if request.decided_on and request.decided_on > _today():
            errors["decided_on"] = _("The decision cannot be dated in the future.")
        if errors:
            raise ValidationError(errors)
        _clean_and_save(request)
        record_change(
            actor,
            municipality_id=municipality.pk,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(request, REQUEST_FIELDS),
            channel=channel,
            extra={"settlement_request": {"old": None, "new": request.pk}},
        )
        SettlementCase.objects.filter(municipality=municipality, request__isnull=True).filter(
            expected_arrival__year=year
        ).update(request=request)
    return request


def setting_save(
    municipality: Municipality, key: str, value: int, valid_from: dt.date, source: str, assumed: bool = True
) -> SettlementSetting:
    """A municipal default (the days to reply, the first weeks), dated and sourced, as the settings page,
    the demo or a profile enters it: found again by its day, so entering it twice changes nothing, and
    a value from a later day takes over from then. No personal data."""
    setting = SettlementSetting.objects.filter(
        municipality=municipality, key=key, valid_from=valid_from
    ).first() or SettlementSetting(municipality=municipality, key=key, valid_from=valid_from)
    setting.value, setting.source, setting.assumed = value, source, assumed
    setting.full_clean(validate_unique=False)
    setting.save()
    return setting


# ---------------------------------------------------------------------------- cases and members
def _check_case(case: SettlementCase) -> None:
    errors: dict[str, list[str]] = {}
    today = _today()
    if case.received_on and case.received_on > today:
        errors.setdefault("received_on", []).append(_("The proposal cannot be received in the future."))
    if case.reply_due_on and case.received_on and case.reply_due_on < case.received_on:
        errors.setdefault("reply_due_on", []).append(
            _("The reply cannot be due before the case was received.")
        )
    if case.kind == CaseKind.FAMILY_REUNIFICATION:
        if case.joins_id is None:
            errors.setdefault("joins", []).append(
                _("A family reunification needs the settled person the family joins.")
            )
        elif case.joins.municipality_id != case.municipality_id:
            errors.setdefault("joins", []).append(_("The settled person lives in another municipality."))
        if case.applied_on and case.granted_on and case.granted_on < case.applied_on:
            errors.setdefault("granted_on", []).append(_("The decision cannot be before the application."))
    elif case.joins_id is not None:
        errors.setdefault("joins", []).append(_("Only a family reunification joins a settled person."))
    if errors:
        raise ValidationError(errors)


def _check_expected_arrival(day: dt.date | None, *, field: str = "expected_arrival") -> None:
    if day is not None and day < _today():
        raise ValidationError(
            {
                field: [
                    _("The expected arrival cannot be in the past (before %(today)s).")
                    % {"today": date_label(_today())}
                ]
            }
        )


def _member_from(member: CaseMember, data: dict[str, Any]) -> CaseMember:
    for name, value in data.items():
        if name not in MEMBER_INPUT_FIELDS:
            raise ValueError(f"{name} is not a field of a case member")
        setattr(member, name, value)
    member.languages = list(member.languages or [])
    if member.birth_date is not None:
        if member.birth_year and member.birth_year != member.birth_date.year:
            raise ValidationError({"birth_year": [_("The birth year does not match the birth date.")]})
        member.birth_year = member.birth_date.year
    if member.birth_year is None:
        raise ValidationError(
            {"birth_year": [_("Give the birth year, or the birth date where it is known.")]}
        )
    today = _today()
    if (member.birth_date and member.birth_date > today) or member.birth_year > today.year:
        raise ValidationError({"birth_year": [_("The birth year cannot be in the future.")]})
    member.full_clean(exclude=["case", "person"])
    return member


def _check_members(case: SettlementCase) -> None:
    roles = list(case.members.values_list("role", flat=True))
    if roles.count(MemberRole.REFERENCE) > 1:
        raise ValidationError(_("A case has at most one main person."))
    if sum(1 for r in roles if r in ADULT_ROLES) > 2:
        raise ValidationError(_("A case has at most a main person and a spouse."))


def _default_reply_due(case: SettlementCase) -> None:
    """The deadline IMDi gave, or the municipality's default (assumed; on a weekend or holiday the next
    working day, as a deadline in days is counted); empty when it has none."""
    if case.reply_due_on is not None:
        case.reply_due_assumed = False
        return
    days = selectors.setting_on(case.municipality_id, SettlementSetting.Key.REPLY_DAYS, case.received_on)
    if days is not None and case.kind == CaseKind.PROPOSAL:
        case.reply_due_on = due_date(case.received_on, Offset(days=days))
        case.reply_due_assumed = True


def case_create(
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    members: list[dict[str, Any]],
    channel: str = AuditChannel.PAGE,
) -> SettlementCase:
    """A proposal from IMDi or an expected family reunification, with its members as known before arrival."""
    with transaction.atomic():
        case = SettlementCase(municipality=municipality, created_by=actor.user)
        for name, value in data.items():
            if name not in CASE_INPUT_FIELDS:
                raise ValueError(f"{name} is not a field of a settlement case")
            setattr(case, name, "" if value is None and name in _TEXT_CASE_FIELDS else value)
        if case.kind == CaseKind.FAMILY_REUNIFICATION and not case.origin:
            case.origin = Origin.ABROAD
        _check_expected_arrival(case.expected_arrival)
        case.full_clean(exclude=["request", "household", "created_by"])
        _check_case(case)
        _default_reply_due(case)
        case.request = _request_for(case)
        case.save()
        if not members:
            raise ValidationError(_("A case needs at least one person."))
        errors = {}
        for index, values in enumerate(members):
            try:
                _member_from(CaseMember(case=case), values).save()
            except ValidationError as exc:
                errors[index] = exc
        if errors:
            raise MemberErrors(errors)
        _check_members(case)
        _audit(
            actor,
            case,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(case, CASE_FIELDS),
            channel=channel,
            extra={"persons": {"old": None, "new": len(members)}},
        )
        _refresh(case)
    return case


_TEXT_CASE_FIELDS = ("imdi_reference", "reception_centre", "stated_needs", "name")


class MemberErrors(ValidationError):
    """Validation errors per member row of a case being created (``errors``: index → error)."""

    def __init__(self, errors: dict[int, ValidationError]):
        self.member_errors = errors
        super().__init__(people.flat_errors(errors))


def _open_before_arrival(case: SettlementCase) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("The case is closed."))
    if case.arrived_on is not None:
        raise ValidationError(_("The household has arrived: change its members and facts in the register."))


def case_update(
    actor: Actor, case: SettlementCase, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> SettlementCase:
    """Correct what is known of a case before arrival (its kind, origin, category, dates …)."""
    with _case_changed(actor, case, channel, refresh=True) as case:
        _open_before_arrival(case)
        arrival, due = case.expected_arrival, case.reply_due_on
        for name, value in data.items():
            if name not in CASE_INPUT_FIELDS:
                raise ValueError(f"{name} is not a field of a settlement case")
            setattr(case, name, "" if value is None and name in _TEXT_CASE_FIELDS else value)
        if case.expected_arrival != arrival:
            _check_expected_arrival(case.expected_arrival)
        if case.reply_due_on != due:
            case.reply_due_assumed = False  # a deadline typed in is IMDi's, not the default
        case.full_clean(exclude=["request", "household", "created_by"])
        _check_case(case)
        case.request = _request_for(case)
    return case


def member_add(
    actor: Actor, case: SettlementCase, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> CaseMember:
    with transaction.atomic():
        case = _locked(case)
        _open_before_arrival(case)
        member = _member_from(CaseMember(case=case), data)
        member.save()
        _check_members(case)
        _audit(
            actor,
            case,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(member, MEMBER_FIELDS),
            channel=channel,
            extra={"case_member": {"old": None, "new": member.pk}},
        )
        _refresh(case)
    return member


def member_update(
    actor: Actor, member: CaseMember, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> CaseMember:
    with transaction.atomic():
        case = _locked(member.case)
        _open_before_arrival(case)
        member = CaseMember.objects.select_for_update().get(pk=member.pk)
        before = snapshot(member, MEMBER_FIELDS)
        if "birth_date" in data and data["birth_date"] is None and "birth_year" not in data:
            data = {**data, "birth_year": member.birth_year}
        elif "birth_date" in data and data["birth_date"] is not None:
            data = {**data, "birth_year": data["birth_date"].year}
        _member_from(member, data).save()
        _check_members(case)
        _audit(
            actor,
            case,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(member, MEMBER_FIELDS),
            channel=channel,
            extra={"case_member": {"old": None, "new": member.pk}},
        )
        _refresh(case)
    return member


def member_remove(actor: Actor, member: CaseMember, channel: str = AuditChannel.PAGE) -> None:
    with transaction.atomic():
        case = _locked(member.case)
        _open_before_arrival(case)
        if case.members.count() <= 1:
            raise ValidationError(_("A case needs at least one person."))
        before = snapshot(member, MEMBER_FIELDS)
        pk = member.pk
        member.delete()
        _audit(
            actor,
            case,
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=channel,
            extra={"case_member": {"old": pk, "new": None}},
        )
        _refresh(case)


# ---------------------------------------------------------------------------- reply and stages
def _check_reply_day(case: SettlementCase, on: dt.date, field: str = "on") -> None:
    _check_day(
        on,
        case.received_on,
        future=_("The reply cannot be dated in the future."),
        too_early=_("The reply cannot be before the case was received (%(day)s)."),
        field=field,
    )


def case_reply(
    actor: Actor,
    case: SettlementCase,
    accept: bool,
    on: dt.date,
    reason: str = "",
    text: str = "",
    channel: str = AuditChannel.PAGE,
) -> SettlementCase:
    """The municipality's answer to a case: accepted (stage «accepted», or «dwelling ready» where a
    dwelling is already held) or declined with a reason (the case closes, and its duties with it).
    A case is answered once: a second answer is refused, saying what the first was."""
    with _case_changed(actor, case, channel, refresh=True) as case:
        if case.reply == Reply.ACCEPTED:
            raise ValidationError(_("The case is already accepted."), code="answered")
        if case.reply == Reply.DECLINED:
            raise ValidationError(_("The case is already declined."), code="answered")
        if case.stage == Stage.CLOSED:
            raise ValidationError(_("The case is withdrawn and cannot be answered."), code="closed")
        _check_reply_day(case, on)
        case.replied_on = on
        if accept:
            case.reply = Reply.ACCEPTED
            case.stage = Stage.DWELLING_READY if case.dwelling_ready_on else Stage.ACCEPTED
            case.decline_reason, case.decline_text = "", text or ""
        else:
            if not reason:
                raise ValidationError({"reason": [_("Give the reason for declining.")]})
            case.reply = Reply.DECLINED
            case.stage = Stage.CLOSED
            case.closed_on = on
            case.decline_reason, case.decline_text = reason, text or ""
        case.full_clean(exclude=["request", "household", "created_by"])
    return case


def case_expected_arrival_set(
    actor: Actor, case: SettlementCase, date: dt.date | None, channel: str = AuditChannel.PAGE
) -> SettlementCase:
    """When the case is expected to arrive: the duties before arrival move with it."""
    with _case_changed(actor, case, channel, refresh=True) as case:
        _open_before_arrival(case)
        _check_expected_arrival(date)
        case.expected_arrival = date
        case.request = _request_for(case)
    return case


def case_dwelling_set(
    *, actor: Actor, case: SettlementCase, ready_on: dt.date | None, channel: str = AuditChannel.PAGE
) -> SettlementCase:
    """A dwelling is held for the case from ``ready_on`` (the housing app calls this), or released
    (None): an accepted case moves to «dwelling ready» and back. Before the reply the day is kept,
    and accepting the case then moves it straight to «dwelling ready»."""
    with _case_changed(actor, case, channel) as case:
        if case.stage == Stage.CLOSED:
            raise ValidationError(_("The case is closed."))
        case.dwelling_ready_on = ready_on
        if ready_on is not None and case.stage == Stage.ACCEPTED:
            case.stage = Stage.DWELLING_READY
        elif ready_on is None and case.stage == Stage.DWELLING_READY:
            case.stage = Stage.ACCEPTED
    return case


def case_arrive(
    actor: Actor,
    case: SettlementCase,
    arrived_on: dt.date,
    members_data: dict[int, dict[str, Any]] | None = None,
    channel: str = AuditChannel.PAGE,
):
    """The household has come: one action registers it in the people register from the case.

    Every member becomes a person with what was typed before (names, birth date, sex, languages,
    interpreter), completed or corrected by ``members_data`` (member id → the fields of
    ``ARRIVAL_FIELDS``: a birth date where only the year was known, a national ID, a phone), with a
    settlement of the case's category from the day of arrival. A proposal becomes a new household;
    a family reunification joins the household of the settled person it names. Each member then
    points at its person, the case is «arrived», its expected arrival the day of arrival (the duties
    follow), and ``signals.case_arrived`` tells the apps above (housing moves the held tenancy).
    Returns the household. All or nothing.
    """
    members_data = members_data or {}
    with transaction.atomic(), people_signals.collecting():
        case = _locked(case)
        if case.arrived_on is not None:
            raise ValidationError(_("The arrival is already registered."), code="arrived")
        if case.stage == Stage.CLOSED:
            raise ValidationError(_("The case is closed."), code="closed")
        if case.reply != Reply.ACCEPTED:
            raise ValidationError(_("Accept the case before registering the arrival."), code="not_accepted")
        if arrived_on > _today():
            raise ValidationError(
                {"arrived_on": [_("The arrival cannot be registered before it has happened.")]}
            )
        if arrived_on < case.received_on:
            raise ValidationError(
                {
                    "arrived_on": [
                        _("The arrival cannot be before the case was received (%(day)s).")
                        % {"day": date_label(case.received_on)}
                    ]
                }
            )
        members = list(case.members.order_by("pk"))
        rows, missing = [], {}
        for index, member in enumerate(members):
            given = members_data.get(member.pk, {})
            unknown = set(given) - set(ARRIVAL_FIELDS)
            if unknown:
                raise ValueError(f"{sorted(unknown)} cannot be given on arrival")
            row = {
                "given_name": member.given_name,
                "family_name": member.family_name,
                "birth_date": member.birth_date,
                "sex": member.sex,
                "languages": list(member.languages or []),
                "interpreter_needed": bool(member.interpreter_language),
                "interpreter_language": member.interpreter_language,
                **{k: v for k, v in given.items() if v not in (None, "")},
            }
            if row["birth_date"] is None:
                missing[index] = ValidationError(
                    {
                        "birth_date": [
                            _("Give the birth date: only the year (%(year)s) is known.")
                            % {"year": member.birth_year}
                        ]
                    }
                )
            elif "birth_date" in given and given["birth_date"] and given["birth_date"] > arrived_on:
                missing[index] = ValidationError(
                    {"birth_date": [_("The birth date cannot be after the arrival.")]}
                )
            rows.append(row)
        if missing:
            raise MemberErrors(missing)
        settlement = {
            "settled_on": arrived_on,
            "category": case.category,
            "came_directly": case.origin == Origin.ABROAD,
            "imdi_reference": case.imdi_reference,
        }
        shared = {"country_background": case.country_background}
        try:
            if case.kind == CaseKind.FAMILY_REUNIFICATION:
                household, persons = _join(actor, case, rows, members, settlement, shared, channel)
            else:
                household = people.household_register(
                    actor=actor,
                    name=case.name,
                    municipality=case.municipality,
                    settlement=settlement,
                    shared_identity=shared,
                    members=[
                        {**row, "household_role": HOUSEHOLD_ROLES[m.role]}
                        for row, m in zip(rows, members, strict=True)
                    ],
                    channel=channel,
                )
                # household_register creates the members in the order given.
                persons = list(Person.objects.filter(household=household).order_by("pk"))
        except people.HouseholdMemberErrors as exc:
            raise MemberErrors(exc.member_errors) from exc
        before = snapshot(case, CASE_FIELDS)
        for member, person in zip(members, persons, strict=True):
            member.person = person
            member.save(update_fields=["person"])
            if member.birth_date is None:
                member.birth_date = person.birth_date
                member.save(update_fields=["birth_date"])
        case.arrived_on = arrived_on
        case.expected_arrival = arrived_on
        case.household = household
        case.stage = Stage.ARRIVED
        case.request = _request_for(case)
        case.save()
        _audit(
            actor,
            case,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(case, CASE_FIELDS),
            channel=channel,
        )
        _refresh(case)
        signals.case_arrived.send(
            sender=SettlementCase, case=case, household=household, actor=actor, channel=channel
        )
    return household


def _join(actor, case, rows, members, settlement, shared, channel):
    """A family reunification: the arrivals join the settled person's household and are related to them."""
    joins = case.joins
    if joins is None or joins.household_id is None:
        raise ValidationError(
            _("The settled person the family joins has no household in the register: register one first.")
        )
    household = joins.household
    persons, errors = [], {}
    for index, row in enumerate(rows):
        try:
            with transaction.atomic():
                persons.append(
                    people.person_create(
                        actor=actor,
                        municipality=case.municipality,
                        identity={**shared, **{k: v for k, v in row.items() if v not in (None, "")}},
                        settlement={**settlement, "municipality": case.municipality},
                        household=household,
                        channel=channel,
                    )
                )
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        raise MemberErrors(errors)
    arrived_adults = [p for p, m in zip(persons, members, strict=True) if m.role in ADULT_ROLES]
    for person, member in zip(persons, members, strict=True):
        kind = JOINS_RELATION.get(member.role)
        if kind is not None:
            people.relation_add(actor=actor, person=person, relative=joins, kind=kind, channel=channel)
        if member.role == MemberRole.CHILD:
            for adult in arrived_adults:
                people.relation_add(
                    actor=actor, person=person, relative=adult, kind=RelationKind.PARENT, channel=channel
                )
    children = [p for p, m in zip(persons, members, strict=True) if m.role == MemberRole.CHILD]
    for i, child in enumerate(children):
        for other in children[i + 1 :]:
            people.relation_add(
                actor=actor, person=child, relative=other, kind=RelationKind.SIBLING, channel=channel
            )
    return household, persons


def case_settle(
    actor: Actor, case: SettlementCase, on: dt.date, channel: str = AuditChannel.PAGE
) -> SettlementCase:
    """The first weeks after arrival are done: the case leaves the board."""
    with _case_changed(actor, case, channel) as case:
        if case.stage != Stage.ARRIVED:
            raise ValidationError(_("Only a household that has arrived can finish its first weeks."))
        _check_day(
            on,
            case.arrived_on,
            future=_("The day cannot be in the future."),
            too_early=_("The day cannot be before the arrival (%(day)s)."),
        )
        case.stage = Stage.SETTLED
        case.settled_on = on
    return case


def case_withdraw(
    actor: Actor, case: SettlementCase, on: dt.date, text: str = "", channel: str = AuditChannel.PAGE
) -> SettlementCase:
    """IMDi withdrew the proposal, or the family does not come: the case closes before arrival."""
    with _case_changed(actor, case, channel, refresh=True) as case:
        _open_before_arrival(case)
        _check_day(
            on,
            case.received_on,
            future=_("The day cannot be in the future."),
            too_early=_("The day cannot be before the case was received (%(day)s)."),
        )
        case.stage = Stage.CLOSED
        case.closed_on = on
        if text:
            case.decline_text = text
        case.full_clean(exclude=["request", "household", "created_by"])
    return case


# ---------------------------------------------------------------------- the integration service's record
# What the record tells the routines when it is filled in: a municipality's routine file may close a duty
# with ``closed_by: [integration.level_test]`` and the like, on the day it happened.
EVENTS = {
    "integration.level_test": gettext_lazy("A Norwegian test passed (the day it was passed)"),
    "integration.permanent_residence": gettext_lazy("Permanent residence granted"),
    "integration.citizenship": gettext_lazy("Norwegian citizenship granted"),
}
RECORD_FIELDS = (
    "permit_type",
    "permit_expires_on",
    "permanent_residence_on",
    "citizenship_on",
    "guardian",
    "housing_type",
    "aftercare_until",
)
TRAINING_FIELDS = ("right", "hours_completed")
TEST_FIELDS = ("level", "part", "passed_on")
# Aftercare recorded here runs at the latest to the day before the 20th birthday (IMDi's grant for
# unaccompanied minors runs to the year they turn 20).
AFTERCARE_AGE = 20
MSG_BEFORE_BIRTH = gettext_lazy("The date cannot be before the person was born (%(date)s).")
MSG_AFTER_TODAY = gettext_lazy("The date cannot be in the future.")
MSG_ONLY_UNACCOMPANIED = gettext_lazy("Only for persons settled as unaccompanied minors.")
MSG_GUARDIAN_ADULT = gettext_lazy("The person is 18 or older and has no guardian any more.")
MSG_AFTERCARE_PAST_20 = gettext_lazy(
    "Aftercare here ends at the latest on %(date)s, the day before the 20th birthday."
)
MSG_CITIZENSHIP_BEFORE = gettext_lazy("Citizenship cannot come before permanent residence (%(date)s).")
MSG_TEST_TWICE = gettext_lazy("This test is already recorded: %(level)s, %(part)s, passed on %(date)s.")


def _date_errors(person: Person, dates: dict[str, Any], *, past: bool) -> dict[str, list]:
    today = timezone.localdate()
    errors: dict[str, list] = {}
    for name, value in dates.items():
        if value is None:
            continue
        if person.birth_date and value < person.birth_date:
            errors[name] = [ValidationError(MSG_BEFORE_BIRTH, params={"date": date_label(person.birth_date)})]
        elif past and value > today:
            errors[name] = [ValidationError(MSG_AFTER_TODAY)]
    return errors


def is_unaccompanied(person: Person) -> bool:
    settlement = getattr(person, "settlement", None)
    return settlement is not None and settlement.category == SettlementCategory.UNACCOMPANIED_MINOR


def _check_record(person: Person, data: dict[str, Any], old: dict[str, Any]) -> None:
    errors = _date_errors(
        person, {k: data.get(k) for k in ("permit_expires_on", "aftercare_until")}, past=False
    )
    errors.update(
        _date_errors(
            person, {k: data.get(k) for k in ("permanent_residence_on", "citizenship_on")}, past=True
        )
    )
    permanent, citizen = data.get("permanent_residence_on"), data.get("citizenship_on")
    if permanent and citizen and citizen < permanent and "citizenship_on" not in errors:
        errors["citizenship_on"] = [
            ValidationError(MSG_CITIZENSHIP_BEFORE, params={"date": date_label(permanent)})
        ]
    # A guardian recorded while the person was a minor stays when other fields change.
    if data.get("guardian") and data.get("guardian") != old.get("guardian"):
        if not is_unaccompanied(person):
            errors["guardian"] = [ValidationError(MSG_ONLY_UNACCOMPANIED)]
        elif is_adult(person.birth_date, timezone.localdate()):
            errors["guardian"] = [ValidationError(MSG_GUARDIAN_ADULT)]
    aftercare = data.get("aftercare_until")
    if aftercare and "aftercare_until" not in errors:
        last = add_years(person.birth_date, AFTERCARE_AGE) - dt.timedelta(days=1)
        if not is_unaccompanied(person):
            errors["aftercare_until"] = [ValidationError(MSG_ONLY_UNACCOMPANIED)]
        elif aftercare > last:
            errors["aftercare_until"] = [
                ValidationError(MSG_AFTERCARE_PAST_20, params={"date": date_label(last)})
            ]
    if errors:
        raise ValidationError(errors)


def integration_record_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> IntegrationRecord:
    """Create or change the integration service's record of a person.

    Dates that must have happened (permanent residence, citizenship) lie between birth and today; a
    guardian and aftercare are for persons settled as unaccompanied minors, the guardian while under 18
    and the aftercare to the day before the 20th birthday at the latest.
    """
    unknown = set(data) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"not integration record fields: {sorted(unknown)}")
    with transaction.atomic():
        record = IntegrationRecord.objects.select_for_update().filter(person=person).first()
        creating = record is None
        record = record or IntegrationRecord(person=person)
        before = {} if creating else snapshot(record, RECORD_FIELDS)
        old = {name: getattr(record, name) for name in RECORD_FIELDS}
        merged = {**old, **data}
        _check_record(person, merged, old)
        for name, value in data.items():
            text = name in ("guardian", "permit_type", "housing_type")
            setattr(record, name, "" if text and value is None else value)
        record.full_clean()
        record.save()
        record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(record, RECORD_FIELDS),
            channel=channel,
            scope=scope,
        )
        routines.close_by_record(
            actor=actor,
            person=person,
            event="integration.permanent_residence",
            done_on=record.permanent_residence_on,
            before=old["permanent_residence_on"],
            channel=channel,
        )
        routines.close_by_record(
            actor=actor,
            person=person,
            event="integration.citizenship",
            done_on=record.citizenship_on,
            before=old["citizenship_on"],
            channel=channel,
        )
    return record


def norwegian_training_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> NorwegianTraining:
    """Create or change a person's Norwegian training outside the programme: right or duty, and hours."""
    unknown = set(data) - set(TRAINING_FIELDS)
    if unknown:
        raise ValueError(f"not Norwegian training fields: {sorted(unknown)}")
    with transaction.atomic():
        training = NorwegianTraining.objects.select_for_update().filter(person=person).first()
        creating = training is None
        training = training or NorwegianTraining(person=person)
        before = {} if creating else snapshot(training, TRAINING_FIELDS)
        for name, value in data.items():
            setattr(training, name, value)
        if training.hours_completed is None:
            training.hours_completed = 0
        training.full_clean()
        training.save()
        record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(training, TRAINING_FIELDS),
            channel=channel,
            scope=scope,
        )
    return training


def norwegian_test_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> NorwegianTest:
    """Record a Norwegian test passed; it closes the duties a routine file says «integration.level_test»
    answers."""
    unknown = set(data) - set(TEST_FIELDS)
    if unknown:
        raise ValueError(f"not Norwegian test fields: {sorted(unknown)}")
    errors = _date_errors(person, {"passed_on": data.get("passed_on")}, past=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        test = NorwegianTest(person=person, **data)
        test.full_clean()
        same = NorwegianTest.objects.filter(
            person=person, level=test.level, part=test.part, passed_on=test.passed_on
        )
        if same.exists():
            raise ValidationError(
                MSG_TEST_TWICE,
                params={
                    "level": test.level,
                    "part": test.get_part_display(),
                    "date": date_label(test.passed_on),
                },
            )
        test.save()
        record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(test, TEST_FIELDS),
            channel=channel,
            scope=scope,
            extra={"norwegian_test": {"old": None, "new": test.pk}},
        )
        routines.close_by_record(
            actor=actor,
            person=person,
            event="integration.level_test",
            done_on=test.passed_on,
            channel=channel,
        )
    return test


def norwegian_test_remove(
    *, actor: Actor, person: Person, pk: int, scope=None, channel: str = AuditChannel.PAGE
) -> None:
    """Remove a test recorded by mistake (nothing when it is not the person's)."""
    with transaction.atomic():
        test = NorwegianTest.objects.select_for_update().filter(pk=pk, person=person).first()
        if test is None:
            return
        before = snapshot(test, TEST_FIELDS)
        test.delete()
        record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=channel,
            scope=scope,
            extra={"norwegian_test": {"old": pk, "new": None}},
        )
