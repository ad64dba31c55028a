"""Welcome letters and welcome meetings. Each function is one transaction: the change is checked as a
whole (``ValidationError`` on the fields it names, nothing half-saved), then saved with its audit
entries: a letter template is the municipality's (no one's personal data), a letter sent and an
invitation are the COMMUNITY section of each person they concern."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.people.languages import Language
from lagrundt.people.models import Household, Person
from lagrundt.routines.services import close_by_record
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import MembershipScope

from ..models import WelcomeInvitation, WelcomeLetterSent, WelcomeLetterTemplate, WelcomeMeeting
from .profiles import WRITTEN_FORMS

LETTER_EVENT = "community.welcome_letter"
TEMPLATE_FIELDS = ("municipality", "language", "title", "body")
SENT_FIELDS = ("municipality", "person", "household", "sent_on", "languages")
MEETING_FIELDS = ("municipality", "held_on", "place", "programme")
INVITATION_FIELDS = ("meeting", "person", "invited_on", "attended")
# The first meeting invites everyone settled in the months before it.
FIRST_MEETING_MONTHS = 6

MSG_LANGUAGE = _("Choose bokmål, nynorsk or one of the register's languages.")
MSG_TEMPLATE_TWICE = _("The municipality has a letter in this language already: change that one.")
MSG_FUTURE = _("The date cannot be after today.")
MSG_NOT_YET = _("Attendance is recorded on or after the day of the meeting (%(date)s).")
MSG_PLACEHOLDER = _("Unknown placeholder {%(name)s}: use {household}, {municipality} or {date}.")
PLACEHOLDERS = ("household", "municipality", "date")


def letter_languages() -> list[str]:
    return [*WRITTEN_FORMS, *Language.values]


def _placeholders_known(text: str) -> list[str]:
    import re

    return [name for name in re.findall(r"\{(\w+)\}", text) if name not in PLACEHOLDERS]


def fill(text: str, *, household: str, municipality: str, date: str) -> str:
    """A template's text with its placeholders filled in (text the user wrote is not a format string)."""
    for name, value in (("household", household), ("municipality", municipality), ("date", date)):
        text = text.replace("{" + name + "}", value)
    return text


# ---------------------------------------------------------------------------- letter templates
def letter_template_save(
    *,
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    template: WelcomeLetterTemplate | None = None,
    channel: str = AuditChannel.PAGE,
) -> WelcomeLetterTemplate:
    creating = template is None
    with transaction.atomic():
        template = template or WelcomeLetterTemplate(municipality=municipality)
        before = {} if creating else snapshot(template, TEMPLATE_FIELDS)
        errors: dict[str, list] = {}
        language = data.get("language", template.language)
        if language not in letter_languages():
            errors["language"] = [ValidationError(MSG_LANGUAGE)]
        elif (
            WelcomeLetterTemplate.objects.filter(municipality=municipality, language=language)
            .exclude(pk=template.pk)
            .exists()
        ):
            errors["language"] = [ValidationError(MSG_TEMPLATE_TWICE)]
        for name in ("title", "body"):
            for unknown in _placeholders_known(data.get(name, "") or ""):
                errors.setdefault(name, []).append(ValidationError(MSG_PLACEHOLDER, params={"name": unknown}))
        if errors:
            raise ValidationError(errors)
        for name in ("language", "title", "body"):
            if name in data:
                setattr(template, name, data[name])
        template.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                template.save()
        except IntegrityError as exc:
            raise ValidationError({"language": [ValidationError(MSG_TEMPLATE_TWICE)]}) from exc
        record_change(
            actor,
            municipality_id=municipality.pk,
            section="",
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(template, TEMPLATE_FIELDS),
            channel=channel,
        )
    return template


# ---------------------------------------------------------------------------- letters
def recipients(person: Person) -> tuple[Household | None, list[Person]]:
    """Who a person's welcome letter goes to: their household and its members still living in the
    municipality, or the person alone."""
    if person.household_id:
        household = person.household
        members = list(household.members.filter(moved_out_on__isnull=True).order_by("birth_date", "pk"))
        return household, members or [person]
    return None, [person]


def member_languages(members: Iterable[Person]) -> list[str]:
    """The languages of a household's members (their languages and interpreter language), in order."""
    found: list[str] = []
    for member in members:
        for code in [*(member.languages or []), member.interpreter_language]:
            if code and code not in found:
                found.append(code)
    return found


def letter_pages(municipality: Municipality, members: Iterable[Person]) -> list[WelcomeLetterTemplate]:
    """The municipality's letter in its written form first, then one per translation it provides in
    the members' languages."""
    from .profiles import written_form

    templates = {t.language: t for t in WelcomeLetterTemplate.objects.filter(municipality=municipality)}
    form = written_form(municipality.number)
    first = templates.get(form) or next((templates[f] for f in WRITTEN_FORMS if f in templates), None)
    pages = [first] if first else []
    pages += [templates[c] for c in member_languages(members) if c in templates and c not in WRITTEN_FORMS]
    return pages


def letter_sent_add(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
):
    """Record that the letter went to the person's household (or to the person living alone) on
    ``data["sent_on"]`` in the languages of its pages; closes the welcome letter's routine task.
    Returns the record and the tasks closed."""
    sent_on = data.get("sent_on")
    with transaction.atomic():
        if sent_on is None or sent_on > timezone.localdate():
            raise ValidationError({"sent_on": [ValidationError(MSG_FUTURE)]})
        household, members = recipients(person)
        languages = [p.language for p in letter_pages(person.municipality, members)]
        sent = WelcomeLetterSent(
            municipality_id=person.municipality_id,
            person=None if household else person,
            household=household,
            sent_on=sent_on,
            languages=languages,
        )
        sent.full_clean(exclude=["languages"], validate_constraints=False)  # none when no template yet
        sent.save()
        record_change(
            actor,
            persons=members,
            municipality_id=person.municipality_id,
            section=Section.COMMUNITY,
            action=AuditAction.CREATE,
            before={},
            after=snapshot(sent, SENT_FIELDS),
            channel=channel,
            scope=scope,
            extra={"welcome_letter": {"old": None, "new": sent.pk}},
        )
        if household is not None:
            closed = close_by_record(
                actor=actor, household=household, event=LETTER_EVENT, done_on=sent_on, channel=channel
            )
        else:
            closed = close_by_record(
                actor=actor, person=person, event=LETTER_EVENT, done_on=sent_on, channel=channel
            )
    return sent, closed


# ---------------------------------------------------------------------------- meetings
def invitation_since(municipality_id: int, held_on: dt.date) -> dt.date:
    """Persons settled after this day are invited: the previous meeting's day, or six months back."""
    previous = (
        WelcomeMeeting.objects.filter(municipality_id=municipality_id, held_on__lt=held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous or held_on - relativedelta(months=FIRST_MEETING_MONTHS)


def invitees(visible, municipality_id: int, held_on: dt.date):
    """Everyone of ``visible`` (the persons the user may see) resident in the municipality and settled
    since the previous meeting (after its day, up to this meeting's day)."""
    since = invitation_since(municipality_id, held_on)
    return visible.filter(
        municipality_id=municipality_id,
        moved_out_on__isnull=True,
        settlement__settled_on__gt=since,
        settlement__settled_on__lte=held_on,
    ).order_by("family_name", "given_name", "pk")


def meeting_create(
    *,
    actor: Actor,
    municipality: Municipality,
    data: dict[str, Any],
    visible,
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> WelcomeMeeting:
    """Make the meeting and invite everyone settled since the previous one (``invitees``): the meeting is
    the municipality's entry, each invitation the person's."""
    with transaction.atomic():
        meeting = WelcomeMeeting(municipality=municipality)
        for name in ("held_on", "place", "programme"):
            setattr(meeting, name, data.get(name) or ("" if name != "held_on" else None))
        meeting.full_clean(validate_constraints=False)
        meeting.save()
        record_change(
            actor,
            municipality_id=municipality.pk,
            section="",
            action=AuditAction.CREATE,
            before={},
            after=snapshot(meeting, MEETING_FIELDS),
            channel=channel,
            scope=scope,
        )
        today = timezone.localdate()
        persons = list(invitees(visible, municipality.pk, meeting.held_on))
        WelcomeInvitation.objects.bulk_create(
            [WelcomeInvitation(meeting=meeting, person=p, invited_on=today) for p in persons]
        )
        if persons:
            record_change(
                actor,
                persons=persons,
                municipality_id=municipality.pk,
                section=Section.COMMUNITY,
                action=AuditAction.CREATE,
                before={},
                after={"welcome_meeting": meeting.pk, "invited_on": today.isoformat()},
                channel=channel,
                scope=scope,
            )
    return meeting


def attendance_save(
    *,
    actor: Actor,
    meeting: WelcomeMeeting,
    came: Iterable[int],
    invitations: Iterable[WelcomeInvitation],
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
) -> int:
    """Record who came, among ``invitations`` (those the user may see): refused before the meeting's day.
    One audit entry per person whose attendance changed; returns how many changed."""
    came = set(came)
    with transaction.atomic():
        if timezone.localdate() < meeting.held_on:
            raise ValidationError(MSG_NOT_YET, params={"date": meeting.held_on.strftime("%d.%m.%Y")})
        changed = 0
        for invitation in invitations:
            attended = invitation.person_id in came
            if invitation.attended is attended:
                continue
            before = snapshot(invitation, INVITATION_FIELDS)
            invitation.attended = attended
            invitation.save(update_fields=["attended"])
            record_change(
                actor,
                person=invitation.person,
                section=Section.COMMUNITY,
                action=AuditAction.UPDATE,
                before=before,
                after=snapshot(invitation, INVITATION_FIELDS),
                channel=channel,
                scope=scope,
            )
            changed += 1
    return changed
