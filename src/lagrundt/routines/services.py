"""Changes to routines and tasks. Each function is one transaction and writes its own audit entries."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, record_change, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.tenancy.models import Municipality

from . import engine, notices
from .models import Routine, Task, TaskNotice, TaskStatus
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


TASK_FIELDS = (
    "status",
    "due_on",
    "closed_on",
    "note",
    "reason",
    "interpreter_used",
    "interpreter_language",
)


def _about(task: Task) -> dict:
    """Whose change a task's change is: its person's (none for a household's or a unit's task), in its
    section and municipality, naming the task."""
    return {
        "person": task.person,
        "municipality_id": task.municipality_id,
        "section": task.section,
        "extra": {"task": {"old": None, "new": task.pk}},
    }


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
        before = snapshot(task, TASK_FIELDS)
        task.status = TaskStatus.DONE
        task.closed_on = done_on
        task.closed_by = actor.user
        task.note = note
        task.interpreter_used = interpreter_used
        task.interpreter_language = interpreter_language if interpreter_used else ""
        task.save()
        record_change(
            actor,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(task, TASK_FIELDS),
            channel=channel,
            **_about(task),
        )
        if task.person_id:
            # Routines that count from this one ("a new talk three months after the first") follow.
            engine.refresh_persons([task.person_id])
    return task


@dataclass
class Saved:
    """What a record's service saved, and the tasks its dates closed (``close_by_record``): to tell."""

    obj: Any
    closed: list = field(default_factory=list)

    @property
    def closed_titles(self) -> list[str]:
        return [task.routine.title for task in self.closed]

    def message(self) -> str:
        """ "Saved.", and the duties it closed: what the page tells the user after the change."""
        text = str(_("Saved."))
        if self.closed:
            text += " " + str(_("Closed: %(titles)s") % {"titles": "; ".join(self.closed_titles)})
        return text


def close_by_record(
    *,
    actor: Actor,
    person=None,
    household=None,
    event: str,
    done_on: dt.date | None,
    before: dt.date | None = None,
    channel: str = AuditChannel.PAGE,
) -> list[Task]:
    """Close the person's duties that a sector's record answers: for each routine whose ``closed_by``
    names ``event`` ("health.gp" when a GP is recorded), the earliest-due open task that counted from
    ``done_on`` or before, done on that day. Each closing is the task's change with its audit entry,
    like a task marked done by hand. Call it inside the record's own transaction; returns what closed.
    Nothing closes when the record has no day, or the same day as ``before`` (the record's day before
    this change): a record saved again with its date unchanged closes nothing new.
    A household's record (the welcome letter sent to it) passes ``household`` instead of ``person``
    and closes the household's duties.
    """
    if done_on is None or done_on == before:
        return []
    today = timezone.localdate()
    subject = f"p:{person.pk}" if person is not None else f"h:{household.pk}"
    candidates = (
        Task.objects.select_for_update()
        .select_related("routine")
        .filter(subject=subject, status=TaskStatus.OPEN, counts_from__lte=done_on)
        .order_by("due_on", "pk")
    )
    closed: list[Task] = []
    seen: set[int] = set()
    for task in candidates:
        if task.routine_id in seen or event not in (task.routine.spec or {}).get("closed_by", ()):
            continue
        seen.add(task.routine_id)
        before = snapshot(task, TASK_FIELDS)
        task.status = TaskStatus.DONE
        task.closed_on = min(done_on, today)
        task.closed_by = actor.user
        task.save()
        record_change(
            actor,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(task, TASK_FIELDS),
            channel=channel,
            **_about(task),
        )
        closed.append(task)
    if closed:
        engine.refresh_persons(
            [person.pk] if person is not None else list(household.members.values_list("pk", flat=True))
        )
    return closed


def open_tasks_closed_by(person, events, *, household=None) -> dict[str, list[Task]]:
    """Per event, the person's (or ``household``'s) open tasks that recording it would close: to tell
    the user on the form."""
    events = list(events)
    found: dict[str, list[Task]] = {}
    subject = f"p:{person.pk}" if person is not None else f"h:{household.pk}"
    tasks = (
        Task.objects.filter(subject=subject, status=TaskStatus.OPEN)
        .select_related("routine")
        .order_by("due_on", "pk")
    )
    for task in tasks:
        for event in (task.routine.spec or {}).get("closed_by", ()):
            if event in events:
                found.setdefault(event, []).append(task)
    return found


def task_assign(*, actor: Actor, task: Task, assignee, channel: str = AuditChannel.PAGE) -> Task:
    """Give an open task to a person in its sector (or to no one)."""
    with transaction.atomic():
        task = _locked_open(task)
        before = snapshot(task, ("assignee",))
        task.assignee = assignee
        task.save(update_fields=["assignee", "updated_at"])
        record_change(
            actor,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(task, ("assignee",)),
            channel=channel,
            **_about(task),
        )
    return task


def task_not_applicable(*, actor: Actor, task: Task, reason: str, channel: str = AuditChannel.PAGE) -> Task:
    with transaction.atomic():
        task = _locked_open(task)
        if not reason.strip():
            raise ValidationError({"reason": [MSG_REASON_NEEDED]})
        before = snapshot(task, TASK_FIELDS)
        task.status = TaskStatus.NOT_APPLICABLE
        task.closed_on = timezone.localdate()
        task.closed_by = actor.user
        task.reason = reason.strip()
        task.save()
        record_change(
            actor,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(task, TASK_FIELDS),
            channel=channel,
            **_about(task),
        )
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
        before = snapshot(task, TASK_FIELDS)
        task.due_on = due_on
        task.reason = reason.strip()
        task.save()
        record_change(
            actor,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(task, TASK_FIELDS),
            channel=channel,
            **_about(task),
        )
    return task


# ---------------------------------------------------------------------------- calendar feed and e-mail
# A user's own settings, not personal data of a person: no audit entry.
def feed_renew(*, actor: Actor) -> str:
    """Make a new secret calendar address for the user (the old one stops working); returns the secret."""
    return notices.new_feed_token(actor.user)


def feed_stop(*, actor: Actor) -> None:
    notices.stop_feed(actor.user)


def digest_set(*, actor: Actor, digest: bool) -> TaskNotice:
    """Turn the user's daily e-mail on or off; the settings are stored from the first change."""
    with transaction.atomic():
        notice, _created = TaskNotice.objects.select_for_update().get_or_create(user=actor.user)
        if notice.digest != digest:
            notice.digest = digest
            notice.save(update_fields=["digest"])
    return notice
