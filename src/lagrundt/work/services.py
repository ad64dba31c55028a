"""Changes in the work module. Each function is one transaction; changes to a person's data (profile,
placements, fair participation) write audit entries in the «work» section with old and new values.

Callers have already been allowed: persons through ``access.policy.access_person(..., write=True)``,
employers, openings and fairs through the policies of ``access.resources``. These functions validate
the data and refuse what is invalid as a whole, with messages a case worker can act on.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person
from lagrundt.routines import services as routines

from . import occupations, rules
from .models import (
    Agreement,
    CompetenceProfile,
    ContactPerson,
    Education,
    Employer,
    EmployerContact,
    FollowUpVisit,
    JobFair,
    JobFairEmployer,
    JobFairParticipant,
    LanguageSkill,
    NavFollowUp,
    NavStatus,
    Opening,
    OpeningRequirement,
    Placement,
    WorkExperience,
)
from .vocabulary import (
    CEFR,
    Certificate,
    EmployerKind,
    LicenceClass,
    Limit,
    NavStatusKind,
    OpeningStatus,
    PhysicalDemand,
    PlacementOutcome,
    PlacementState,
    RequirementKind,
    Skill,
)

MSG_NOT_IN_LIST = _("«%(value)s» is not in the list.")
MSG_ORG_NUMBER_NEEDED = _("A private business needs its organisation number.")
MSG_ENDS_BEFORE_START = _("The end cannot be before the start (%(date)s).")
MSG_NOT_NOW = _("The placement is %(state)s and cannot be moved to %(to)s.")
MSG_DATE_IN_FUTURE = _("The date cannot be in the future.")
MSG_DATE_BEFORE = _("The date cannot be before %(date)s.")
MSG_OUTCOME_NEEDED = _("Choose the outcome.")
MSG_REASON_NEEDED = _("Choose why it ended without a job.")
MSG_WHY_WITHDRAWN = _("Write why the proposal is withdrawn.")
MSG_ALREADY_PROPOSED = _("%(name)s is already proposed for or placed in this opening.")
MSG_OPENING_NOT_OPEN = _("The opening is not open any more.")
MSG_LANGUAGE_SET_BY = _("Write who set the language requirement (the language requirement analysis).")
MSG_TWICE = _("Give each requirement once.")
MSG_ONE_LEVEL = _("Give one level for oral and one for written Norwegian.")
MSG_YEARS = _("Experience is given in whole years, from 1 to 40.")
MSG_ALREADY_INVITED = _("Already invited.")
MSG_LANGUAGE_TWICE = _("This language is already in the profile.")

PROFILE_FIELDS = (
    "norwegian_oral",
    "norwegian_written",
    "norwegian_assessed_on",
    "licences",
    "certificates",
    "skills",
    "skills_note",
    "limits",
    "max_hours_per_week",
    "available_from",
    "seasonal_work",
    "has_car",
    "takes_bus",
    "wished_occupations",
    "interests",
    "seeking",
    "programme_participant",
)
_LISTS = {
    "licences": LicenceClass.values,
    "certificates": Certificate.values,
    "skills": Skill.values,
    "limits": Limit.values,
}
PLACEMENT_FIELDS = (
    "state",
    "employer",
    "opening",
    "kind",
    "proposed_on",
    "agreed_on",
    "starts_on",
    "ends_on",
    "started_on",
    "ended_on",
    "hours_per_week",
    "supervisor",
    "mentor",
    "outcome",
    "end_reason",
    "outcome_note",
)


def _clean_and_save(obj) -> None:
    obj.full_clean()
    obj.save()


# ---------------------------------------------------------------------------- competence profile
def _checked_lists(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list] = {}
    for name, allowed in _LISTS.items():
        if name in data:
            values = list(dict.fromkeys(data[name] or []))
            wrong = [v for v in values if v not in allowed]
            if wrong:
                errors[name] = [ValidationError(MSG_NOT_IN_LIST, params={"value": wrong[0]})]
            data[name] = values
    if "wished_occupations" in data:
        codes = list(dict.fromkeys(data["wished_occupations"] or []))
        wrong = [c for c in codes if not occupations.is_unit_group(c)]
        if wrong:
            errors["wished_occupations"] = [
                ValidationError(occupations.MSG_UNKNOWN_OCCUPATION, params={"code": wrong[0]})
            ]
        data["wished_occupations"] = codes
    if errors:
        raise ValidationError(errors)
    return data


def profile_save(
    *, actor: Actor, person: Person, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> CompetenceProfile:
    """Create or change a person's competence profile."""
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        profile = CompetenceProfile.objects.select_for_update().filter(person=person).first()
        creating = profile is None
        profile = profile or CompetenceProfile(person=person)
        before = {} if creating else snapshot(profile, PROFILE_FIELDS)
        for name, value in _checked_lists(dict(data)).items():
            setattr(profile, name, value)
        _clean_and_save(profile)
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(profile, PROFILE_FIELDS),
            channel=channel,
        )
    return profile


def _profile_of(actor: Actor, person: Person, channel: str) -> CompetenceProfile:
    profile = CompetenceProfile.objects.filter(person=person).first()
    return profile or profile_save(actor=actor, person=person, data={}, channel=channel)


def _row_add(actor, person, model, data, name, channel, fields):
    with transaction.atomic():
        profile = _profile_of(actor, person, channel)
        row = model(profile=profile, **data)
        _clean_and_save(row)
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE,
            before={},
            after={name: snapshot(row, fields)},
            channel=channel,
        )
    return row


def _row_remove(actor, person, model, pk, name, channel, fields) -> None:
    with transaction.atomic():
        row = model.objects.filter(pk=pk, profile__person=person).first()
        if row is None:
            return
        before = {name: snapshot(row, fields)}
        row.delete()
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=channel,
        )


EDUCATION_FIELDS = ("level", "field", "country", "years", "completed", "has_documents", "recognition")
EXPERIENCE_FIELDS = ("occupation", "description", "years", "country")
LANGUAGE_FIELDS = ("language", "native", "oral", "written")


def education_add(*, actor: Actor, person: Person, data: dict, channel: str = AuditChannel.PAGE) -> Education:
    return _row_add(actor, person, Education, data, "education", channel, EDUCATION_FIELDS)


def education_remove(*, actor: Actor, person: Person, pk: int, channel: str = AuditChannel.PAGE) -> None:
    _row_remove(actor, person, Education, pk, "education", channel, EDUCATION_FIELDS)


def experience_add(
    *, actor: Actor, person: Person, data: dict, channel: str = AuditChannel.PAGE
) -> WorkExperience:
    return _row_add(actor, person, WorkExperience, data, "work_experience", channel, EXPERIENCE_FIELDS)


def experience_remove(*, actor: Actor, person: Person, pk: int, channel: str = AuditChannel.PAGE) -> None:
    _row_remove(actor, person, WorkExperience, pk, "work_experience", channel, EXPERIENCE_FIELDS)


def language_add(
    *, actor: Actor, person: Person, data: dict, channel: str = AuditChannel.PAGE
) -> LanguageSkill:
    if LanguageSkill.objects.filter(profile__person=person, language=data.get("language")).exists():
        raise ValidationError({"language": [MSG_LANGUAGE_TWICE]})
    return _row_add(actor, person, LanguageSkill, data, "language", channel, LANGUAGE_FIELDS)


def language_remove(*, actor: Actor, person: Person, pk: int, channel: str = AuditChannel.PAGE) -> None:
    _row_remove(actor, person, LanguageSkill, pk, "language", channel, LANGUAGE_FIELDS)


# ---------------------------------------------------------------------------- employers
EMPLOYER_FIELDS = ("name", "kind", "org_number", "industry", "municipality", "address", "notes", "active")


def _check_employer(employer: Employer) -> None:
    employer.org_number = rules.normalise_org_number(employer.org_number or "")
    if employer.kind == EmployerKind.PRIVATE and not employer.org_number:
        raise ValidationError({"org_number": [MSG_ORG_NUMBER_NEEDED]})


def employer_create(*, actor: Actor, data: dict[str, Any]) -> Employer:
    with transaction.atomic():
        employer = Employer(**{k: v for k, v in data.items() if k in EMPLOYER_FIELDS})
        _check_employer(employer)
        _clean_and_save(employer)
    return employer


def employer_update(*, actor: Actor, employer: Employer, data: dict[str, Any]) -> Employer:
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        for name, value in data.items():
            if name not in EMPLOYER_FIELDS:
                raise ValueError(f"{name} is not an employer field")
            setattr(employer, name, value)
        _check_employer(employer)
        _clean_and_save(employer)
    return employer


def contact_person_add(*, actor: Actor, employer: Employer, data: dict) -> ContactPerson:
    with transaction.atomic():
        contact = ContactPerson(employer=employer, **data)
        _clean_and_save(contact)
    return contact


def contact_person_remove(*, actor: Actor, employer: Employer, pk: int) -> None:
    ContactPerson.objects.filter(employer=employer, pk=pk).delete()


def agreement_add(*, actor: Actor, employer: Employer, data: dict) -> Agreement:
    with transaction.atomic():
        agreement = Agreement(employer=employer, **data)
        if agreement.valid_until and agreement.signed_on and agreement.valid_until < agreement.signed_on:
            raise ValidationError(
                {
                    "valid_until": [
                        ValidationError(
                            MSG_ENDS_BEFORE_START, params={"date": date_label(agreement.signed_on)}
                        )
                    ]
                }
            )
        _clean_and_save(agreement)
    return agreement


def employer_contact_add(*, actor: Actor, employer: Employer, data: dict) -> EmployerContact:
    with transaction.atomic():
        contact = EmployerContact(employer=employer, by=actor.user, **data)
        if contact.contacted_on and contact.contacted_on > timezone.localdate():
            raise ValidationError({"contacted_on": [MSG_DATE_IN_FUTURE]})
        _clean_and_save(contact)
    return contact


# ---------------------------------------------------------------------------- openings
OPENING_FIELDS = (
    "title",
    "kind",
    "occupation",
    "tasks",
    "positions",
    "hours_per_week",
    "starts_on",
    "ends_on",
    "place",
    "municipality",
    "bus_connection",
    "transport_provided",
    "how_to_get_there",
    "language_set_by",
    "language_set_on",
    "language_basis",
    "status",
    "job_fair",
)
_REQUIREMENT_VALUES = {
    RequirementKind.NORWEGIAN_ORAL: CEFR.values,
    RequirementKind.NORWEGIAN_WRITTEN: CEFR.values,
    RequirementKind.LICENCE: LicenceClass.values,
    RequirementKind.CERTIFICATE: Certificate.values,
    RequirementKind.PHYSICAL: PhysicalDemand.values,
}


def check_requirements(requirements: list[dict]) -> list[rules.Requirement]:
    """Requirements as (kind, value, required), each checked; errors say which and why."""
    checked: list[rules.Requirement] = []
    errors: list[ValidationError] = []
    for item in requirements:
        kind, value, required = item["kind"], str(item["value"]).strip(), bool(item.get("required", True))
        if kind in (RequirementKind.NORWEGIAN_ORAL, RequirementKind.NORWEGIAN_WRITTEN):
            try:
                rules.cefr_rank(value)
            except ValidationError as exc:
                errors.append(exc)
                continue
        elif kind == RequirementKind.EXPERIENCE:
            if not value.isdigit() or not 1 <= int(value) <= 40:
                errors.append(ValidationError(MSG_YEARS))
                continue
        elif kind in _REQUIREMENT_VALUES:
            if value not in _REQUIREMENT_VALUES[kind]:
                errors.append(ValidationError(MSG_NOT_IN_LIST, params={"value": value}))
                continue
        else:
            raise ValueError(f"unknown requirement kind {kind!r}")
        checked.append(rules.Requirement(str(kind), value, required))
    keys = [(r.kind, r.value) for r in checked]
    if len(keys) != len(set(keys)):
        errors.append(ValidationError(MSG_TWICE))
    for kind in (RequirementKind.NORWEGIAN_ORAL, RequirementKind.NORWEGIAN_WRITTEN):
        if sum(1 for r in checked if r.kind == kind) > 1:
            errors.append(ValidationError(MSG_ONE_LEVEL))
    if errors:
        raise ValidationError({"requirements": errors})
    return checked


def _save_opening(opening: Opening, requirements: list[dict]) -> None:
    errors = {}
    checked = []
    try:
        checked = check_requirements(requirements)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    has_language = any(r.kind.startswith("norwegian") for r in checked)
    if has_language and not opening.language_set_by.strip():
        errors["language_set_by"] = [MSG_LANGUAGE_SET_BY]
    if opening.ends_on and opening.starts_on and opening.ends_on < opening.starts_on:
        errors["ends_on"] = [
            ValidationError(MSG_ENDS_BEFORE_START, params={"date": date_label(opening.starts_on)})
        ]
    try:
        opening.full_clean()
    except ValidationError as exc:
        for name, messages in exc.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    opening.save()
    opening.requirements.all().delete()
    OpeningRequirement.objects.bulk_create(
        OpeningRequirement(opening=opening, kind=r.kind, value=r.value, required=r.required) for r in checked
    )


def opening_create(
    *, actor: Actor, employer: Employer, data: dict[str, Any], requirements: list[dict]
) -> Opening:
    with transaction.atomic():
        opening = Opening(employer=employer, created_by=actor.user)
        for name, value in data.items():
            if name not in OPENING_FIELDS:
                raise ValueError(f"{name} is not an opening field")
            setattr(opening, name, value)
        if opening.municipality_id is None:
            opening.municipality_id = employer.municipality_id
        _save_opening(opening, requirements)
    return opening


def opening_update(
    *, actor: Actor, opening: Opening, data: dict[str, Any], requirements: list[dict] | None = None
) -> Opening:
    with transaction.atomic():
        opening = Opening.objects.select_for_update().get(pk=opening.pk)
        for name, value in data.items():
            if name not in OPENING_FIELDS:
                raise ValueError(f"{name} is not an opening field")
            setattr(opening, name, value)
        if requirements is None:
            requirements = [
                {"kind": r.kind, "value": r.value, "required": r.required} for r in opening.requirements.all()
            ]
        _save_opening(opening, requirements)
    return opening


# ---------------------------------------------------------------------------- placements
def placement_propose(
    *,
    actor: Actor,
    person: Person,
    opening: Opening,
    job_fair: JobFair | None = None,
    channel: str = AuditChannel.PAGE,
) -> Placement:
    """Propose a person for an opening: a placement in the state «proposed»."""
    with transaction.atomic():
        opening = Opening.objects.select_for_update().select_related("employer").get(pk=opening.pk)
        if opening.status != OpeningStatus.OPEN:
            raise ValidationError(MSG_OPENING_NOT_OPEN, code="not_open")
        if Placement.objects.filter(person=person, opening=opening, state__in=rules.ONGOING).exists():
            raise ValidationError(MSG_ALREADY_PROPOSED, code="twice", params={"name": person.full_name})
        placement = Placement(
            person=person,
            municipality_id=person.municipality_id,
            employer=opening.employer,
            opening=opening,
            kind=opening.kind,
            proposed_on=timezone.localdate(),
            starts_on=opening.starts_on,
            ends_on=opening.ends_on,
            hours_per_week=opening.hours_per_week,
            job_fair=job_fair or opening.job_fair,
        )
        _clean_and_save(placement)
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(placement, PLACEMENT_FIELDS),
            extra={"placement": {"old": None, "new": placement.pk}},
            channel=channel,
        )
    return placement


def placement_create(
    *,
    actor: Actor,
    person: Person,
    employer: Employer,
    data: dict[str, Any],
    channel: str = AuditChannel.PAGE,
) -> Placement:
    """A placement agreed directly with an employer, without an opening."""
    with transaction.atomic():
        placement = Placement(
            person=person,
            municipality_id=person.municipality_id,
            employer=employer,
            proposed_on=timezone.localdate(),
        )
        for name in ("kind", "starts_on", "ends_on", "hours_per_week", "supervisor", "mentor", "job_fair"):
            if name in data:
                setattr(placement, name, data[name])
        _check_dates(placement)
        _clean_and_save(placement)
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(placement, PLACEMENT_FIELDS),
            extra={"placement": {"old": None, "new": placement.pk}},
            channel=channel,
        )
    return placement


def _check_dates(p: Placement) -> None:
    if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
        raise ValidationError(
            {"ends_on": [ValidationError(MSG_ENDS_BEFORE_START, params={"date": date_label(p.starts_on)})]}
        )


def placement_update(
    *, actor: Actor, placement: Placement, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> Placement:
    """Change the planned dates, hours, supervisor and mentor of a placement."""
    allowed = {"starts_on", "ends_on", "hours_per_week", "supervisor", "mentor"}
    with transaction.atomic():
        placement = Placement.objects.select_for_update().select_related("person").get(pk=placement.pk)
        before = snapshot(placement, PLACEMENT_FIELDS)
        for name, value in data.items():
            if name not in allowed:
                raise ValueError(f"{name} cannot be changed here")
            setattr(placement, name, value)
        _check_dates(placement)
        _clean_and_save(placement)
        record_change(
            actor,
            person=placement.person,
            section=Section.WORK,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(placement, PLACEMENT_FIELDS),
            extra={"placement": {"old": None, "new": placement.pk}},
            channel=channel,
        )
    return placement


def placement_move(
    *,
    actor: Actor,
    placement: Placement,
    to: str,
    data: dict[str, Any] | None = None,
    channel: str = AuditChannel.PAGE,
) -> Placement:
    """Move a placement to its next state: agreed, started, ended (with the outcome) or withdrawn."""
    data = dict(data or {})
    today = timezone.localdate()
    with transaction.atomic():
        placement = Placement.objects.select_for_update().select_related("person").get(pk=placement.pk)
        if not rules.can_move(placement.state, to):
            raise ValidationError(
                MSG_NOT_NOW,
                code="state",
                params={"state": PlacementState(placement.state).label, "to": PlacementState(to).label},
            )
        before = snapshot(placement, PLACEMENT_FIELDS)
        errors: dict[str, list] = {}

        def day(name: str, earliest: dt.date | None) -> dt.date:
            value = data.get(name) or today
            if value > today:
                errors.setdefault(name, []).append(MSG_DATE_IN_FUTURE)
            elif earliest and value < earliest:
                errors.setdefault(name, []).append(
                    ValidationError(MSG_DATE_BEFORE, params={"date": date_label(earliest)})
                )
            return value

        if to == PlacementState.AGREED:
            placement.agreed_on = day("agreed_on", placement.proposed_on)
            for name in ("starts_on", "ends_on", "hours_per_week", "supervisor", "mentor"):
                if data.get(name) not in (None, ""):
                    setattr(placement, name, data[name])
        elif to == PlacementState.STARTED:
            placement.started_on = day("started_on", placement.agreed_on or placement.proposed_on)
        elif to == PlacementState.ENDED:
            placement.ended_on = day("ended_on", placement.started_on)
            placement.outcome = data.get("outcome") or ""
            placement.end_reason = data.get("end_reason") or ""
            placement.outcome_note = (data.get("outcome_note") or "").strip()
            if not placement.outcome:
                errors.setdefault("outcome", []).append(MSG_OUTCOME_NEEDED)
            if placement.outcome == PlacementOutcome.ENDED and not placement.end_reason:
                errors.setdefault("end_reason", []).append(MSG_REASON_NEEDED)
            if placement.outcome != PlacementOutcome.ENDED:
                placement.end_reason = ""
        elif to == PlacementState.WITHDRAWN:
            placement.outcome_note = (data.get("outcome_note") or "").strip()
            if not placement.outcome_note:
                errors.setdefault("outcome_note", []).append(MSG_WHY_WITHDRAWN)
        if errors:
            raise ValidationError(errors)
        placement.state = to
        _check_dates(placement)
        _clean_and_save(placement)
        record_change(
            actor,
            person=placement.person,
            section=Section.WORK,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(placement, PLACEMENT_FIELDS),
            extra={"placement": {"old": None, "new": placement.pk}},
            channel=channel,
        )
    return placement


VISIT_FIELDS = ("visited_on", "kind", "note")


def visit_add(
    *, actor: Actor, placement: Placement, data: dict[str, Any], channel: str = AuditChannel.PAGE
) -> FollowUpVisit:
    with transaction.atomic():
        visit = FollowUpVisit(placement=placement, by=actor.user, **data)
        if visit.visited_on and visit.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": [MSG_DATE_IN_FUTURE]})
        _clean_and_save(visit)
        record_change(
            actor,
            person=placement.person,
            section=Section.WORK,
            action=AuditAction.CREATE,
            before={},
            after={"follow_up_visit": snapshot(visit, VISIT_FIELDS)},
            extra={"placement": {"old": None, "new": placement.pk}},
            channel=channel,
        )
    return visit


# ---------------------------------------------------------------------------- job fairs
FAIR_FIELDS = ("title", "held_on", "place", "municipality", "with_nav", "description", "outcome_note")


def fair_create(*, actor: Actor, data: dict[str, Any]) -> JobFair:
    with transaction.atomic():
        fair = JobFair(**{k: v for k, v in data.items() if k in FAIR_FIELDS})
        _clean_and_save(fair)
    return fair


def fair_update(*, actor: Actor, fair: JobFair, data: dict[str, Any]) -> JobFair:
    with transaction.atomic():
        fair = JobFair.objects.select_for_update().get(pk=fair.pk)
        for name, value in data.items():
            if name not in FAIR_FIELDS:
                raise ValueError(f"{name} is not a job fair field")
            setattr(fair, name, value)
        _clean_and_save(fair)
    return fair


def fair_invite_employer(*, actor: Actor, fair: JobFair, employer: Employer) -> JobFairEmployer:
    with transaction.atomic():
        invitation, created = JobFairEmployer.objects.get_or_create(fair=fair, employer=employer)
        if not created:
            raise ValidationError({"employer": [MSG_ALREADY_INVITED]})
    return invitation


def fair_employer_attended(*, actor: Actor, invitation: JobFairEmployer, attended: bool | None) -> None:
    JobFairEmployer.objects.filter(pk=invitation.pk).update(attended=attended)


def fair_invite_participant(
    *, actor: Actor, fair: JobFair, person: Person, channel: str = AuditChannel.PAGE
) -> JobFairParticipant:
    with transaction.atomic():
        invitation, created = JobFairParticipant.objects.get_or_create(fair=fair, person=person)
        if not created:
            raise ValidationError({"person": [MSG_ALREADY_INVITED]})
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE,
            before={},
            after={"job_fair": fair.pk, "invited": True},
            channel=channel,
        )
    return invitation


def fair_participant_attended(
    *, actor: Actor, invitation: JobFairParticipant, attended: bool | None, channel: str = AuditChannel.PAGE
) -> None:
    with transaction.atomic():
        invitation = (
            JobFairParticipant.objects.select_for_update().select_related("person").get(pk=invitation.pk)
        )
        if invitation.attended == attended:
            return
        before = {"attended": invitation.attended}
        invitation.attended = attended
        invitation.save(update_fields=["attended"])
        record_change(
            actor,
            person=invitation.person,
            section=Section.WORK,
            action=AuditAction.UPDATE,
            before=before,
            after={"attended": attended},
            extra={"job_fair": {"old": None, "new": invitation.fair_id}},
            channel=channel,
        )


# ---------------------------------------------------------------------------- Nav's record
# What Nav's record tells the routines when it is filled in: a municipality's routine file may close a
# duty with ``closed_by: [nav.transition_meeting]``, on the day the meeting was held.
EVENTS = {
    "nav.transition_meeting": _("Nav's transition meeting held when the introduction programme ends"),
}
NAV_FOLLOW_UP_FIELDS = ("contact_person", "transition_meeting_on")
NAV_STATUS_FIELDS = ("status", "from_date", "to_date")
MSG_BEFORE_BIRTH = _("The date cannot be before the person was born (%(date)s).")
MSG_NAV_OVERLAP = _(
    "The period overlaps the status «%(status)s» from %(date)s. Change or end that period first."
)
MSG_REQUIRED_DATE = _("Give the date.")
MSG_CHOOSE_STATUS = _("Choose the status.")


def past_date_errors(person: Person, dates: dict[str, dt.date | None], today: dt.date) -> dict[str, list]:
    """The messages for dates that must lie between the person's birth and today."""
    errors: dict[str, list] = {}
    for name, value in dates.items():
        if value is None:
            continue
        if person.birth_date and value < person.birth_date:
            errors[name] = [ValidationError(MSG_BEFORE_BIRTH, params={"date": date_label(person.birth_date)})]
        elif value > today:
            errors[name] = [ValidationError(MSG_DATE_IN_FUTURE)]
    return errors


def nav_follow_up_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> NavFollowUp:
    """Create or change Nav's follow-up of a person: the contact person and the transition meeting.

    A transition meeting recorded (or moved to another day) closes the duties a routine file says the
    event «nav.transition_meeting» answers, in the same transaction.
    """
    unknown = set(data) - set(NAV_FOLLOW_UP_FIELDS)
    if unknown:
        raise ValueError(f"not Nav follow-up fields: {sorted(unknown)}")
    errors = past_date_errors(
        person, {"transition_meeting_on": data.get("transition_meeting_on")}, timezone.localdate()
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        follow_up = NavFollowUp.objects.select_for_update().filter(person=person).first()
        creating = follow_up is None
        follow_up = follow_up or NavFollowUp(person=person)
        before = {} if creating else snapshot(follow_up, NAV_FOLLOW_UP_FIELDS)
        met_before = follow_up.transition_meeting_on
        for name, value in data.items():
            setattr(follow_up, name, "" if value is None and name == "contact_person" else value)
        _clean_and_save(follow_up)
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(follow_up, NAV_FOLLOW_UP_FIELDS),
            channel=channel,
            scope=scope,
        )
        routines.close_by_record(
            actor=actor,
            person=person,
            event="nav.transition_meeting",
            done_on=follow_up.transition_meeting_on,
            before=met_before,
            channel=channel,
        )
    return follow_up


def _overlaps(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


def nav_status_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    pk: int | None = None,
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> NavStatus:
    """Add a status period at Nav (``pk`` None) or change the person's period ``pk``.

    Periods of a person never overlap. A new current status (no end) that starts after the current one
    ends that one the day before, as Nav records a change of status; any other overlap is refused.
    """
    unknown = set(data) - set(NAV_STATUS_FIELDS)
    if unknown:
        raise ValueError(f"not Nav status fields: {sorted(unknown)}")
    today = timezone.localdate()
    status, start, end = data.get("status"), data.get("from_date"), data.get("to_date")
    errors = past_date_errors(person, {"from_date": start}, today)
    if status not in NavStatusKind.values:
        errors["status"] = [ValidationError(MSG_CHOOSE_STATUS)]
    if start is None:
        errors["from_date"] = [ValidationError(MSG_REQUIRED_DATE)]
    elif end is not None and end < start:
        errors["to_date"] = [ValidationError(MSG_ENDS_BEFORE_START, params={"date": date_label(start)})]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        periods = list(
            NavStatus.objects.select_for_update().filter(person=person).order_by("from_date", "pk")
        )
        row = None
        if pk is not None:
            row = next((s for s in periods if s.pk == pk), None)
            if row is None:
                raise NavStatus.DoesNotExist
        others = [s for s in periods if s is not row]
        ended = None
        if row is None and end is None:
            ended = next((s for s in others if s.to_date is None and s.from_date < start), None)
        for other in others:
            other_to = start - dt.timedelta(days=1) if other is ended else other.to_date
            if _overlaps(start, end, other.from_date, other_to):
                raise ValidationError(
                    {
                        "from_date": [
                            ValidationError(
                                MSG_NAV_OVERLAP,
                                params={
                                    "status": other.get_status_display(),
                                    "date": date_label(other.from_date),
                                },
                            )
                        ]
                    }
                )
        creating = row is None
        row = row or NavStatus(person=person)
        before = {} if creating else snapshot(row, NAV_STATUS_FIELDS)
        row.status, row.from_date, row.to_date = status, start, end
        _clean_and_save(row)
        after = snapshot(row, NAV_STATUS_FIELDS)
        if ended is not None:
            before["previous_status_to"] = None
            ended.to_date = start - dt.timedelta(days=1)
            ended.save(update_fields=["to_date"])
            after["previous_status_to"] = ended.to_date
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=after,
            channel=channel,
            scope=scope,
            extra={"nav_status": {"old": None, "new": row.pk}},
        )
    return row


def nav_status_remove(
    *, actor: Actor, person: Person, pk: int, scope=None, channel: str = AuditChannel.PAGE
) -> None:
    """Remove a status period recorded by mistake (nothing when it is not the person's)."""
    with transaction.atomic():
        row = NavStatus.objects.select_for_update().filter(pk=pk, person=person).first()
        if row is None:
            return
        before = snapshot(row, NAV_STATUS_FIELDS)
        row.delete()
        record_change(
            actor,
            person=person,
            section=Section.WORK,
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=channel,
            scope=scope,
            extra={"nav_status": {"old": pk, "new": None}},
        )
