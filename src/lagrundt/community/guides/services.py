"""Changes to volunteers and guide pairs. Each function is one transaction and writes its one audit entry.

Callers have already been allowed: volunteers through ``access.resources.VOLUNTEERS`` (the volunteer is
no refugee's data: their entries are the municipality's, with no section), pairs through
``access.policy.access_record(..., "guide", write=True)`` for a person and ``selectors.household_access``
for a household. A pair is the COMMUNITY section of its person, or of every member of its household.

Refused as a whole, with a message, when: a volunteer is registered without their consent, or works
with children without a police certificate seen; a pair is made with a person who did not consent (a
household: none of its members did), or with a volunteer who has ended, or one not cleared for
children with a household that has children; a meeting is in the future or before the pair started;
a pair ends before it started.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.community.models import (
    Availability,
    GuideMeeting,
    GuidePair,
    PairEnd,
    PairKind,
    Volunteer,
)
from lagrundt.core.formats import date_label
from lagrundt.leisure.models import Interest
from lagrundt.people.languages import Language
from lagrundt.people.models import Household, Person

VOLUNTEER_FIELDS = (
    "municipality",
    "given_name",
    "family_name",
    "phone",
    "email",
    "languages",
    "area",
    "availability",
    "children_birth_years",
    "works_with_children",
    "police_certificate_seen_on",
    "consent_given_on",
    "ended_on",
)
EDITABLE = tuple(f for f in VOLUNTEER_FIELDS if f not in ("consent_given_on", "ended_on"))
PAIR_FIELDS = ("volunteer", "person", "household", "kind", "starts_on", "ends_on", "end_reason", "reasons")
OLDEST_CHILD_YEARS = 60  # a birth year further back is a typing error

MSG_NO_CONSENT = _("A volunteer can only be registered with their consent.")
MSG_CERTIFICATE = _("Give the day the police certificate was seen: the volunteer will work with children.")
MSG_FUTURE = _("The date cannot be in the future.")
MSG_PERSON_NO_CONSENT = _(
    "%(name)s has not consented to contact from the volunteer centre, so no guide can be paired."
)
MSG_HOUSEHOLD_NO_CONSENT = _(
    "No one in the household has consented to contact from the volunteer centre, so no guide can be paired."
)
MSG_VOLUNTEER_ENDED = _("%(name)s is no longer a volunteer and cannot be paired.")
MSG_NOT_CLEARED = _(
    "%(name)s cannot be paired with a family with children: a police certificate must be seen and the "
    "volunteer must have agreed to work with children."
)
MSG_MOVED = _("%(name)s has moved out and cannot be paired.")
MSG_OTHER_MUNICIPALITY = _("The volunteer is in another municipality.")
MSG_ENDED_PAIR = _("The pair has ended.")
MSG_BEFORE_START = _("The date cannot be before the pair started (%(day)s).")
MSG_MEETING_TWICE = _("A meeting on that day is already logged.")
MSG_END_REASON = _("Choose why the pair ended.")


def _today() -> dt.date:
    return timezone.localdate()


def _volunteer_snapshot(v: Volunteer | None) -> dict[str, Any]:
    if v is None or v.pk is None:
        return {}
    return {**snapshot(v, VOLUNTEER_FIELDS), "interests": sorted(v.interests.values_list("pk", flat=True))}


def volunteer_check(v: Volunteer, interests: list[Interest], today: dt.date) -> None:
    errors: dict[str, list] = {}
    v.languages = sorted(set(v.languages or []))
    wrong = [c for c in v.languages if c not in Language.values]
    if wrong:
        errors["languages"] = [_("Choose languages from the list.")]
    v.availability = [a for a in Availability.values if a in (v.availability or [])]
    years = list(v.children_birth_years or [])
    if any(not isinstance(y, int) or not today.year - OLDEST_CHILD_YEARS <= y <= today.year for y in years):
        errors["children_birth_years"] = [
            _("Give the birth years of the volunteer's children as years from %(first)s to %(last)s.")
            % {"first": today.year - OLDEST_CHILD_YEARS, "last": today.year}
        ]
    v.children_birth_years = sorted(years)
    if v.works_with_children and not v.police_certificate_seen_on:
        errors["police_certificate_seen_on"] = [MSG_CERTIFICATE]
    if v.police_certificate_seen_on and v.police_certificate_seen_on > today:
        errors.setdefault("police_certificate_seen_on", []).append(MSG_FUTURE)
    if any(i.municipality_id != v.municipality_id or not i.active for i in interests):
        errors["interests"] = [_("Choose interests from the municipality's list.")]
    if errors:
        raise ValidationError(errors)


def volunteer_save(
    *,
    actor: Actor,
    data: dict[str, Any],
    volunteer: Volunteer | None = None,
    channel: str = AuditChannel.PAGE,
) -> Volunteer:
    """Register a volunteer (``data["consent"]`` must be given: its day is today) or change one."""
    today = _today()
    data = dict(data)
    interests = list(data.pop("interests", None) or [])
    consent = data.pop("consent", False)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not volunteer fields: {sorted(unknown)}")
    with transaction.atomic():
        if volunteer is None:
            if not consent:
                raise ValidationError({"consent": [MSG_NO_CONSENT]})
            v = Volunteer(consent_given_on=today)
            before: dict[str, Any] = {}
        else:
            v = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            before = _volunteer_snapshot(v)
        for name, value in data.items():
            setattr(v, name, value)
        volunteer_check(v, interests, today)
        v.full_clean()
        v.save()
        v.interests.set(interests)
        record_change(
            actor,
            municipality_id=v.municipality_id,
            section="",
            action=AuditAction.CREATE if not before else AuditAction.UPDATE,
            before=before,
            after=_volunteer_snapshot(v),
            channel=channel,
        )
    return v


def volunteer_end(
    *,
    actor: Actor,
    volunteer: Volunteer,
    ended_on: dt.date,
    consent_withdrawn: bool = False,
    channel: str = AuditChannel.PAGE,
) -> Volunteer:
    """The volunteer stops (or withdraws consent): not suggested or paired any more, and their active
    pairs end the same day. Withdrawn consent also clears what they told about themselves beyond the name."""
    today = _today()
    if ended_on > today:
        raise ValidationError({"ended_on": [MSG_FUTURE]})
    with transaction.atomic():
        v = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        before = _volunteer_snapshot(v)
        if v.consent_given_on and ended_on < v.consent_given_on:
            raise ValidationError({"ended_on": [_("The volunteer cannot end before they were registered.")]})
        v.ended_on = ended_on
        if consent_withdrawn:
            v.phone = v.email = v.area = ""
            v.languages, v.availability, v.children_birth_years = [], [], []
            v.interests.clear()
        v.save()
        record_change(
            actor,
            municipality_id=v.municipality_id,
            section="",
            action=AuditAction.UPDATE,
            before=before,
            after=_volunteer_snapshot(v),
            channel=channel,
        )
        reason = PairEnd.CONSENT_WITHDRAWN if consent_withdrawn else PairEnd.VOLUNTEER_STOPPED
        for pair in GuidePair.objects.filter(volunteer=v, ends_on__isnull=True).select_related("household"):
            pair_end(
                actor=actor,
                pair=pair,
                data={"ends_on": max(ended_on, pair.starts_on), "end_reason": reason},
                channel=channel,
            )
    return v


# ---------------------------------------------------------------------------- pairs
def _residents(household: Household, on: dt.date) -> list[Person]:
    return [
        p for p in household.members.all().order_by("pk") if p.moved_out_on is None or p.moved_out_on > on
    ]


def pair_persons(pair: GuidePair) -> list[Person]:
    """Whose COMMUNITY section a pair is: its person, or its household's members (today's residents)."""
    if pair.person_id:
        return [pair.person]
    return _residents(pair.household, _today())


def _audit_pair(actor, pair: GuidePair, action: str, before: dict, after: dict, channel: str, scope=None):
    persons = pair_persons(pair)
    record_change(
        actor,
        persons=persons,
        municipality_id=pair.municipality_id,
        section=Section.COMMUNITY,
        action=action,
        before=before,
        after=after,
        channel=channel,
        scope=scope,
    )


def pair_make(
    *,
    actor: Actor,
    volunteer: Volunteer,
    data: dict[str, Any],
    person: Person | None = None,
    household: Household | None = None,
    reasons: list[str] | None = None,
    children: bool = False,
    scope=None,
    channel: str = AuditChannel.PAGE,
) -> GuidePair:
    """Pair a volunteer with a person or a household, with the reasons the matcher gave.

    ``children``: whether the person or household has children (then the volunteer must be cleared for
    children). A household is paired when at least one of its resident members consented.
    """
    if (person is None) == (household is None):
        raise ValueError("a pair is made with a person or with a household")
    today = _today()
    starts_on = data.get("starts_on") or today
    kind = data.get("kind") or PairKind.GUIDE
    with transaction.atomic():
        v = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        errors: list = []
        municipality_id = (person or household).municipality_id
        if person is not None:
            person = Person.objects.get(pk=person.pk)
            if not person.consents_to_leisure_contact:
                errors.append(ValidationError(MSG_PERSON_NO_CONSENT, params={"name": _name(person)}))
            if person.moved_out_on is not None and person.moved_out_on <= today:
                errors.append(ValidationError(MSG_MOVED, params={"name": _name(person)}))
        else:
            residents = _residents(household, today)
            if not any(p.consents_to_leisure_contact for p in residents):
                errors.append(ValidationError(MSG_HOUSEHOLD_NO_CONSENT))
        if v.ended_on is not None and v.ended_on <= today:
            errors.append(ValidationError(MSG_VOLUNTEER_ENDED, params={"name": str(v)}))
        if v.municipality_id != municipality_id:
            errors.append(ValidationError(MSG_OTHER_MUNICIPALITY))
        if children and not (v.works_with_children and v.police_certificate_seen_on):
            errors.append(ValidationError(MSG_NOT_CLEARED, params={"name": str(v)}))
        if errors:
            raise ValidationError(errors)
        if starts_on > today + dt.timedelta(days=366):
            raise ValidationError({"starts_on": [_("The start date is more than a year ahead.")]})
        pair = GuidePair(
            volunteer=v,
            person=person,
            household=household,
            municipality_id=municipality_id,
            kind=kind,
            starts_on=starts_on,
            reasons=list(reasons or []),
            created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        )
        pair.full_clean()
        pair.save()
        _audit_pair(actor, pair, AuditAction.CREATE, {}, snapshot(pair, PAIR_FIELDS), channel, scope)
    return pair


def meeting_add(
    *, actor: Actor, pair: GuidePair, held_on: dt.date, scope=None, channel: str = AuditChannel.PAGE
) -> GuideMeeting:
    """A meeting of the pair, as its date: not in the future, not before the start, once a day."""
    today = _today()
    with transaction.atomic():
        pair = (
            GuidePair.objects.select_for_update(of=("self",))
            .select_related("person", "household")
            .get(pk=pair.pk)
        )
        if held_on > today:
            raise ValidationError({"held_on": [MSG_FUTURE]})
        if held_on < pair.starts_on:
            raise ValidationError(
                {"held_on": [ValidationError(MSG_BEFORE_START, params={"day": _day(pair.starts_on)})]}
            )
        if pair.ends_on is not None and held_on > pair.ends_on:
            raise ValidationError({"held_on": [MSG_ENDED_PAIR]})
        if GuideMeeting.objects.filter(pair=pair, held_on=held_on).exists():
            raise ValidationError({"held_on": [MSG_MEETING_TWICE]})
        meeting = GuideMeeting.objects.create(pair=pair, held_on=held_on)
        _audit_pair(
            actor,
            pair,
            AuditAction.CREATE,
            {},
            {"meeting": held_on.isoformat()},
            channel,
            scope,
        )
    return meeting


def pair_end(
    *, actor: Actor, pair: GuidePair, data: dict[str, Any], scope=None, channel: str = AuditChannel.PAGE
) -> GuidePair:
    """End a pair on a day (not in the future, not before it started) with a reason."""
    today = _today()
    ends_on = data.get("ends_on")
    reason = data.get("end_reason") or ""
    with transaction.atomic():
        pair = (
            GuidePair.objects.select_for_update(of=("self",))
            .select_related("person", "household")
            .get(pk=pair.pk)
        )
        errors: dict[str, list] = {}
        if pair.ends_on is not None:
            raise ValidationError(MSG_ENDED_PAIR)
        if ends_on is None:
            errors["ends_on"] = [_("Give the day the pair ended.")]
        elif ends_on > today:
            errors["ends_on"] = [MSG_FUTURE]
        elif ends_on < pair.starts_on:
            errors["ends_on"] = [ValidationError(MSG_BEFORE_START, params={"day": _day(pair.starts_on)})]
        if reason not in PairEnd.values:
            errors["end_reason"] = [MSG_END_REASON]
        if errors:
            raise ValidationError(errors)
        before = snapshot(pair, PAIR_FIELDS)
        pair.ends_on = ends_on
        pair.end_reason = reason
        pair.save(update_fields=["ends_on", "end_reason"])
        _audit_pair(actor, pair, AuditAction.UPDATE, before, snapshot(pair, PAIR_FIELDS), channel, scope)
    return pair


def _name(person: Person) -> str:
    return f"{person.family_name}, {person.given_name}"


def _day(day: dt.date) -> str:
    return date_label(day)


def _locked_pairs():
    """Pairs locked for a change, each on its own row: PostgreSQL refuses FOR UPDATE across the outer
    join to the person or household."""
    return GuidePair.objects.select_for_update(of=("self",)).select_related("person", "household")


def end_pairs_without_consent(
    sender, *, actor: Actor, person: Person, channel: str, **kwargs
) -> list[GuidePair]:
    """End, today and for "consent withdrawn", the person's active pairs, and their household's when no
    other resident member still consents: the volunteer centre no longer sees them, so a pair it cannot
    follow up must not stay open. Each end is the pair's change with its audit entry."""
    today = _today()
    pairs = list(GuidePair.objects.filter(person=person, ends_on__isnull=True))
    if person.household_id:
        others_consent = (
            Person.objects.filter(household_id=person.household_id, consents_to_leisure_contact=True)
            .exclude(pk=person.pk)
            .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today))
            .exists()
        )
        if not others_consent:
            pairs += GuidePair.objects.filter(household_id=person.household_id, ends_on__isnull=True)
    data = {"end_reason": PairEnd.CONSENT_WITHDRAWN}
    return [
        pair_end(
            actor=actor, pair=pair, data={**data, "ends_on": max(today, pair.starts_on)}, channel=channel
        )
        for pair in pairs
        if pair.starts_on <= today
    ]
