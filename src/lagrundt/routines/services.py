"""Changes to routines and tasks. Each function is one transaction and writes its own audit entries."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, changes_between, record
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.tenancy.models import Municipality

from . import engine
from .models import Routine, Task, TaskStatus
from .profiles import builtin_routine_files, check_files, effective_routines, load_routine_file

MSG_NOT_OPEN = _("The task is already closed.")
MSG_DONE_IN_FUTURE = _("The task cannot be done on a day in the future.")
MSG_DONE_BEFORE_START = _("The task cannot be done before the date it counts from (%(date)s).")
MSG_POSTPONE_EARLIER = _("A postponement must be to a later date than the current deadline (%(date)s).")
MSG_REASON_NEEDED = _("Write why.")
MSG_LANGUAGE_NEEDED = _("Choose the language the interpreter used.")


def apply_routine_files(paths: list[Path] | None = None) -> dict[str, int]:
    """Make every municipality's routines those of the baseline and its profile. Idempotent.

    Routines that left the files become inactive, and their open tasks are closed. Nothing is
    written unless every file is valid.
    """
    files = [load_routine_file(p) for p in (paths or builtin_routine_files())]
    check_files(files)
    counts = {"created": 0, "changed": 0, "deactivated": 0}
    with transaction.atomic():
        for municipality in Municipality.objects.order_by("pk"):
            existing = {r.key: r for r in Routine.objects.filter(municipality=municipality)}
            wanted = effective_routines(files, municipality.number)
            for spec in wanted:
                values = {
                    "profile": spec.profile,
                    **{f"title_{lang}": spec.title[lang] for lang in ("nb", "nn", "en")},
                    **{f"description_{lang}": spec.description.get(lang, "") for lang in ("nb", "nn", "en")},
                    "sector": spec.sector,
                    "section": spec.section,
                    "applies_to": spec.applies_to,
                    "spec": dict(spec.spec),
                    "source": spec.source,
                    "basis": spec.basis,
                    "active": True,
                }
                routine = existing.get(spec.key)
                if routine is not None and "interval_years" in spec.spec:
                    # "Every fifth year" counts from the year the routine was first loaded.
                    values["spec"]["first_year"] = routine.spec.get("first_year", timezone.localdate().year)
                elif "interval_years" in spec.spec:
                    values["spec"]["first_year"] = timezone.localdate().year
                if routine is None:
                    Routine.objects.create(municipality=municipality, key=spec.key, **values)
                    counts["created"] += 1
                elif any(getattr(routine, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(routine, k, v)
                    routine.save()
                    counts["changed"] += 1
            keys = {spec.key for spec in wanted}
            counts["deactivated"] += (
                Routine.objects.filter(municipality=municipality, active=True)
                .exclude(key__in=keys)
                .update(active=False)
            )
        engine.close_inactive_routines()
    return counts


def _snapshot(task: Task) -> dict:
    return {
        "status": task.status,
        "due_on": task.due_on,
        "closed_on": task.closed_on,
        "note": task.note,
        "reason": task.reason,
        "interpreter_used": task.interpreter_used,
        "interpreter_language": task.interpreter_language,
    }


def _audit(actor: Actor, task: Task, before: dict, channel: str) -> None:
    record(
        actor,
        action=AuditAction.UPDATE,
        channel=channel,
        person_id=task.person_id,
        municipality_id=task.municipality_id,
        section=task.section,
        changes={"task": {"old": None, "new": task.pk}, **changes_between(before, _snapshot(task))},
    )


def _locked_open(task: Task) -> Task:
    task = Task.objects.select_for_update().select_related("routine").get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(MSG_NOT_OPEN, code="not_open")
    return task


def task_complete(
    *,
    actor: Actor,
    task: Task,
    done_on: dt.date,
    note: str = "",
    interpreter_used: bool | None = None,
    interpreter_language: str = "",
    channel: str = AuditChannel.PAGE,
) -> Task:
    with transaction.atomic():
        task = _locked_open(task)
        errors = {}
        if done_on > timezone.localdate():
            errors["done_on"] = [MSG_DONE_IN_FUTURE]
        elif done_on < task.counts_from:
            errors["done_on"] = [
                ValidationError(MSG_DONE_BEFORE_START, params={"date": f"{task.counts_from:%d.%m.%Y}"})
            ]
        if interpreter_used and not interpreter_language:
            errors["interpreter_language"] = [MSG_LANGUAGE_NEEDED]
        if errors:
            raise ValidationError(errors)
        before = _snapshot(task)
        task.status = TaskStatus.DONE
        task.closed_on = done_on
        task.closed_by = actor.user
        task.note = note
        task.interpreter_used = interpreter_used
        task.interpreter_language = interpreter_language if interpreter_used else ""
        task.save()
        _audit(actor, task, before, channel)
        if task.person_id:
            # Routines that count from this one ("a new talk three months after the first") follow.
            engine.refresh_persons([task.person_id])
    return task


def task_assign(*, actor: Actor, task: Task, assignee, channel: str = AuditChannel.PAGE) -> Task:
    """Give an open task to a person in its sector (or to no one)."""
    with transaction.atomic():
        task = _locked_open(task)
        before = {"assignee": task.assignee_id}
        task.assignee = assignee
        task.save(update_fields=["assignee", "updated_at"])
        record(
            actor,
            action=AuditAction.UPDATE,
            channel=channel,
            person_id=task.person_id,
            municipality_id=task.municipality_id,
            section=task.section,
            changes={
                "task": {"old": None, "new": task.pk},
                **changes_between(before, {"assignee": task.assignee_id}),
            },
        )
    return task


def task_not_applicable(*, actor: Actor, task: Task, reason: str, channel: str = AuditChannel.PAGE) -> Task:
    with transaction.atomic():
        task = _locked_open(task)
        if not reason.strip():
            raise ValidationError({"reason": [MSG_REASON_NEEDED]})
        before = _snapshot(task)
        task.status = TaskStatus.NOT_APPLICABLE
        task.closed_on = timezone.localdate()
        task.closed_by = actor.user
        task.reason = reason.strip()
        task.save()
        _audit(actor, task, before, channel)
    return task


def task_postpone(
    *, actor: Actor, task: Task, due_on: dt.date, reason: str, channel: str = AuditChannel.PAGE
) -> Task:
    with transaction.atomic():
        task = _locked_open(task)
        errors = {}
        if due_on <= task.due_on:
            errors["due_on"] = [
                ValidationError(MSG_POSTPONE_EARLIER, params={"date": f"{task.due_on:%d.%m.%Y}"})
            ]
        if not reason.strip():
            errors["reason"] = [MSG_REASON_NEEDED]
        if errors:
            raise ValidationError(errors)
        before = _snapshot(task)
        task.due_on = due_on
        task.reason = reason.strip()
        task.save()
        _audit(actor, task, before, channel)
    return task
