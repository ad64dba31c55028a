"""Saving a follow-up talk after three or five years: checked as a whole (``ValidationError`` on the
fields it names, nothing half-saved), saved with its one audit entry in the settlement section, and
closing Ål's routine task for the talks (``community.follow_up_talk``)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.people.models import Person
from lagrundt.routines.services import close_by_record
from lagrundt.tenancy.selectors import MembershipScope

from ..models import FOLLOW_UP_THEMES, FollowUpTalk

EVENT = "community.follow_up_talk"
FIELDS = ("person", "years_after", "held_on", *FOLLOW_UP_THEMES, "stay")

MSG_FUTURE = _("The date cannot be after today: record the talk when it has been held.")
MSG_BEFORE_SETTLEMENT = _("The talk cannot be before the settlement date (%(date)s).")
MSG_TWICE = _("The talk after %(years)s years is recorded already: change that one instead.")
MSG_YEARS = _("Choose 3 or 5 years.")


def follow_up_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    talk: FollowUpTalk | None = None,
    scope: MembershipScope | None = None,
    channel: str = AuditChannel.PAGE,
):
    """Record (or change) the talk; returns the talk and the tasks its date closed."""
    creating = talk is None
    with transaction.atomic():
        talk = talk or FollowUpTalk(person=person)
        before = {} if creating else snapshot(talk, FIELDS)
        previous_day = talk.held_on
        errors: dict[str, list] = {}
        held_on = data.get("held_on", talk.held_on)
        years = data.get("years_after", talk.years_after)
        if years not in (3, 5):
            errors["years_after"] = [ValidationError(MSG_YEARS)]
        if held_on and held_on > timezone.localdate():
            errors["held_on"] = [ValidationError(MSG_FUTURE)]
        settlement = getattr(person, "settlement", None)
        if held_on and settlement and held_on < settlement.settled_on:
            errors.setdefault("held_on", []).append(
                ValidationError(
                    MSG_BEFORE_SETTLEMENT, params={"date": settlement.settled_on.strftime("%d.%m.%Y")}
                )
            )
        others = FollowUpTalk.objects.filter(person=person, years_after=years).exclude(pk=talk.pk)
        if years in (3, 5) and others.exists():
            errors.setdefault("years_after", []).append(ValidationError(MSG_TWICE, params={"years": years}))
        if errors:
            raise ValidationError(errors)
        for name in FIELDS[1:]:
            if name in data:
                setattr(talk, name, data[name])
        talk.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                talk.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"years_after": [ValidationError(MSG_TWICE, params={"years": years})]}
            ) from exc
        record_change(
            actor,
            person=person,
            section=Section.SETTLEMENT,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(talk, FIELDS),
            channel=channel,
            scope=scope,
            extra={"follow_up_talk": {"old": None, "new": talk.pk}},
        )
        closed = close_by_record(
            actor=actor,
            person=person,
            event=EVENT,
            done_on=talk.held_on,
            before=previous_day if isinstance(previous_day, dt.date) else None,
            channel=channel,
        )
    return talk, closed
