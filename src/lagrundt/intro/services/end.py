"""The end of the programme and the status one year later."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person
from lagrundt.routines.rules import Offset

from .. import selectors
from ..models import ProgrammeEnd
from .base import MSG_END_BEFORE_START, MSG_NO_PROGRAMME, MSG_ONE_YEAR, S, _not_future, _save

END_FIELDS = ("ended_on", "reason", "status_at_end", "status_after_one_year", "status_checked_on", "note")


def programme_end_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> ProgrammeEnd:
    """Save how the programme ended, and later the status one year after."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rec = selectors.record_for(person)
        if rec.programme is None:
            raise ValidationError(MSG_NO_PROGRAMME)
        end = ProgrammeEnd.objects.select_for_update().filter(person=person).first()
        creating = end is None
        end = end or ProgrammeEnd(person=person, municipality_id=person.municipality_id)
        before = {} if creating else snapshot(end, END_FIELDS)
        for name, value in data.items():
            if name not in END_FIELDS:
                raise ValueError(f"{name} is not a programme end field")
            setattr(end, name, value)
        errors: dict = {}
        _not_future(errors, "ended_on", end.ended_on, today)
        _not_future(errors, "status_checked_on", end.status_checked_on, today)
        start = rec.programme.starts_on
        if end.ended_on and end.ended_on < start:
            errors.setdefault("ended_on", []).append(
                ValidationError(MSG_END_BEFORE_START, params={"date": date_label(start)})
            )
        if end.ended_on and (end.status_after_one_year or end.status_checked_on):
            one_year = Offset(years=1).after(end.ended_on)
            if end.status_checked_on is None:
                errors.setdefault("status_checked_on", []).append(
                    ValidationError(_("Give the day the status was checked."), code="required")
                )
            elif end.status_checked_on < one_year:
                errors.setdefault("status_checked_on", []).append(
                    ValidationError(MSG_ONE_YEAR, params={"date": date_label(one_year)})
                )
            if not end.status_after_one_year:
                errors.setdefault("status_after_one_year", []).append(
                    ValidationError(_("Choose the status."), code="required")
                )
        if errors:
            raise ValidationError(errors)
        _save(end)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(end, END_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return end
