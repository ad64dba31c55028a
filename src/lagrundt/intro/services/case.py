"""Right and duty: what the right rests on beyond the register (permit, agreement, claim)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.people import signals
from lagrundt.people.models import Person

from ..models import ProgrammeCase
from .base import S, _not_future, _save

CASE_FIELDS = (
    "permit_basis",
    "permit_granted_on",
    "settled_by_agreement",
    "nordic_or_eea",
    "claim_made_on",
    "lives_with_parent",
    "single_carer",
    "couple_without_children",
    "declined_on",
)


def case_save(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    today: dt.date | None = None,
    channel: str = AuditChannel.PAGE,
) -> ProgrammeCase:
    """Save what the right rests on beyond the register (the permit, the agreement, family facts)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = ProgrammeCase.objects.select_for_update().filter(person=person).first()
        creating = case is None
        case = case or ProgrammeCase(person=person)
        before = {} if creating else snapshot(case, CASE_FIELDS)
        for name, value in data.items():
            if name not in CASE_FIELDS:
                raise ValueError(f"{name} is not a programme case field")
            setattr(case, name, value)
        errors: dict = {}
        for name in ("permit_granted_on", "claim_made_on", "declined_on"):
            _not_future(errors, name, getattr(case, name), today)
        if errors:
            raise ValidationError(errors)
        _save(case)
        if record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(case, CASE_FIELDS),
            channel=channel,
        ):
            signals.changed([person.pk])
    return case
