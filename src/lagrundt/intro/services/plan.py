"""The individual plan, its activities, the ladder, holiday weeks and leave."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.core.formats import date_label
from lagrundt.people.models import Person

from .. import rules, selectors
from ..models import (
    Activity,
    Decision,
    DecisionKind,
    HolidayWeek,
    IntegrationPlan,
    LadderStep,
    Leave,
)
from ..profiles import profile_for
from .base import (
    MSG_ACTIVITY_ORDER,
    MSG_LEAVE_ORDER,
    MSG_LEAVE_OVERLAP,
    MSG_NO_PROGRAMME,
    MSG_OUTSIDE_PROGRAMME,
    MSG_PHASE,
    MSG_PLAN_NEEDS_DECISION,
    S,
    _not_future,
    _save,
)

PLAN_FIELDS = (
    "made_on",
    "final_goal",
    "norwegian_goal",
    "norwegian_hours",
    "civics_hours",
    "content",
    "participant_duties",
    "municipality_duties",
    "long_term_goals",
    "contract_signed_on",
    "language",
)


def plan_save(
    *, actor: Actor, person: Person, data: dict[str, Any], today: dt.date | None = None
) -> IntegrationPlan:
    today = today or timezone.localdate()
    with transaction.atomic():
        if not Decision.objects.filter(person=person, kind=DecisionKind.PROGRAMME).exists():
            raise ValidationError(MSG_PLAN_NEEDS_DECISION)
        plan = IntegrationPlan.objects.select_for_update().filter(person=person).first()
        creating = plan is None
        plan = plan or IntegrationPlan(person=person)
        before = {} if creating else snapshot(plan, PLAN_FIELDS)
        for name, value in data.items():
            if name not in PLAN_FIELDS:
                raise ValueError(f"{name} is not a plan field")
            setattr(plan, name, value)
        errors: dict = {}
        _not_future(errors, "made_on", plan.made_on, today)
        _not_future(errors, "contract_signed_on", plan.contract_signed_on, today)
        if errors:
            raise ValidationError(errors)
        _save(plan)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=snapshot(plan, PLAN_FIELDS),
            channel=AuditChannel.PAGE,
        )
    return plan


ACTIVITY_FIELDS = ("kind", "description", "phase", "starts_on", "ends_on", "hours_per_week", "self_study")


def activity_add(*, actor: Actor, person: Person, data: dict[str, Any]) -> Activity:
    with transaction.atomic():
        activity = Activity(person=person)
        for name, value in data.items():
            if name not in ACTIVITY_FIELDS:
                raise ValueError(f"{name} is not an activity field")
            setattr(activity, name, value)
        _check_activity(person, activity)
        _save(activity)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE,
            before={},
            after={"activity": activity.pk, **snapshot(activity, ACTIVITY_FIELDS)},
            channel=AuditChannel.PAGE,
        )
    return activity


def activity_end(*, actor: Actor, activity: Activity, ends_on: dt.date) -> Activity:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        before = snapshot(activity, ACTIVITY_FIELDS)
        activity.ends_on = ends_on
        _check_activity(activity.person, activity)
        _save(activity)
        record_change(
            actor,
            person=activity.person,
            section=S,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(activity, ACTIVITY_FIELDS),
            extra={"activity": {"old": None, "new": activity.pk}},
            channel=AuditChannel.PAGE,
        )
    return activity


def _check_activity(person: Person, activity: Activity) -> None:
    errors: dict = {}
    if activity.ends_on and activity.starts_on and activity.ends_on < activity.starts_on:
        errors["ends_on"] = [MSG_ACTIVITY_ORDER]
    if activity.phase and profile_for(person.municipality.number).phase(activity.phase) is None:
        errors["phase"] = [MSG_PHASE]
    if errors:
        raise ValidationError(errors)


def ladder_step_save(*, actor: Actor, person: Person, phase: str, entered_on: dt.date) -> LadderStep:
    with transaction.atomic():
        if profile_for(person.municipality.number).phase(phase) is None:
            raise ValidationError({"phase": [MSG_PHASE]})
        step, created = LadderStep.objects.update_or_create(
            person=person, entered_on=entered_on, defaults={"phase": phase}
        )
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            before={},
            after={"ladder_step": {"phase": phase, "entered_on": entered_on}},
            channel=AuditChannel.PAGE,
        )
    return step


def holiday_week_set(*, actor: Actor, person: Person, monday: dt.date, holiday: bool) -> None:
    monday = rules.monday_of(monday)
    with transaction.atomic():
        exists = HolidayWeek.objects.filter(person=person, monday=monday).exists()
        if holiday and not exists:
            HolidayWeek.objects.create(person=person, monday=monday)
        elif not holiday and exists:
            HolidayWeek.objects.filter(person=person, monday=monday).delete()
        else:
            return
        week = {"holiday_week": monday}
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE if holiday else AuditAction.DELETE,
            before={} if holiday else week,
            after=week if holiday else {},
            channel=AuditChannel.PAGE,
        )


LEAVE_FIELDS = ("kind", "starts_on", "ends_on", "with_benefit", "reason")


def leave_add(*, actor: Actor, person: Person, data: dict[str, Any]) -> Leave:
    """Add leave. The programme's end moves by its days (integreringsloven; see docs/intro.md)."""
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rec = selectors.record_for(person)
        leave = Leave(person=person)
        for name, value in data.items():
            if name not in LEAVE_FIELDS:
                raise ValueError(f"{name} is not a leave field")
            setattr(leave, name, value)
        timeline = rec.timeline
        errors: dict = {}
        if timeline.start is None:
            raise ValidationError(MSG_NO_PROGRAMME)
        if leave.starts_on and leave.ends_on:
            if leave.ends_on < leave.starts_on:
                errors["ends_on"] = [MSG_LEAVE_ORDER]
            elif not timeline.start <= leave.starts_on <= timeline.last_day:
                errors["starts_on"] = [
                    ValidationError(
                        MSG_OUTSIDE_PROGRAMME,
                        params={"start": date_label(timeline.start), "end": date_label(timeline.last_day)},
                    )
                ]
            for other in rec.leaves:
                if other.starts_on <= leave.ends_on and leave.starts_on <= other.ends_on:
                    errors.setdefault("starts_on", []).append(
                        ValidationError(
                            MSG_LEAVE_OVERLAP,
                            params={"start": date_label(other.starts_on), "end": date_label(other.ends_on)},
                        )
                    )
        if errors:
            raise ValidationError(errors)
        _save(leave)
        record_change(
            actor,
            person=person,
            section=S,
            action=AuditAction.CREATE,
            before={},
            after={"leave": leave.pk, **snapshot(leave, LEAVE_FIELDS)},
            channel=AuditChannel.PAGE,
        )
    return leave
