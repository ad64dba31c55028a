"""Every sector's duties of a person or a household, as one user may see them: the coordinator's picture.

A task the user may open (``policy.tasks_visible_to``: a section they read) is shown in full, with a
link. The integration service coordinates (``policy.coordinating_scopes``), so it also sees the other
sectors' duties of the persons it covers, as status only: title, sector, due date, state and owner.
What a row carries is only that (``Duty``), so a task's note, reason or facts cannot reach the page,
and a routine marked ``status_hidden`` is left out for whoever may not open its tasks.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lagrundt.access import policy
from lagrundt.tenancy.models import Sector

from .models import Task, TaskStatus


class State:
    OPEN = "open"
    SOON = "soon"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_APPLICABLE = "not_applicable"
    NO_LONGER_APPLIES = "no_longer_applies"


STATE_LABELS = {
    State.OPEN: _("Open"),
    State.SOON: _("Due soon"),
    State.OVERDUE: _("Overdue"),
    State.ON_TIME: _("Done on time"),
    State.LATE: _("Done late"),
    State.NOT_APPLICABLE: _("Not applicable"),
    State.NO_LONGER_APPLIES: _("No longer applies"),
}
# Designsystemet's colour of each state's tag.
STATE_COLOURS = {
    State.OPEN: "neutral",
    State.SOON: "warning",
    State.OVERDUE: "danger",
    State.ON_TIME: "success",
    State.LATE: "warning",
    State.NOT_APPLICABLE: "neutral",
    State.NO_LONGER_APPLIES: "neutral",
}
SOON_DAYS = 14


def state_of(task: Task, today: dt.date) -> str:
    if task.status == TaskStatus.DONE:
        return State.LATE if task.closed_on and task.closed_on > task.due_on else State.ON_TIME
    if task.status != TaskStatus.OPEN:
        return task.status
    if task.due_on < today:
        return State.OVERDUE
    return State.SOON if (task.due_on - today).days <= SOON_DAYS else State.OPEN


@dataclass(frozen=True)
class Duty:
    """One duty as a row: nothing of the task's content (note, reason, facts, interpreter)."""

    task_id: int
    title: str
    sector: str  # the sector's label
    sector_key: str
    subject: str  # "Family, Given", or the household's name for the household's own duties
    subject_key: str  # "p:12", "h:3"
    due_on: dt.date
    state: str
    state_label: str
    colour: str
    closed_on: dt.date | None
    owner: str  # who is assigned, or empty
    opens: bool  # the user may open the task (its section is theirs): the row links to it
    household: bool
    reads: tuple = ()  # shown as status: the (person, municipality, section) reads it is, for the audit


@dataclass(frozen=True)
class SectorSummary:
    label: str
    counts: dict  # state → number


@dataclass(frozen=True)
class Duties:
    rows: list[Duty]
    by_subject: list[tuple[str, list[Duty]]]  # (subject label, its rows), household first
    summary: list[SectorSummary]
    opened: list[Task]  # the tasks shown in full: audited as task reads
    status_reads: list[tuple[int, int, str]]  # (person, municipality, section) seen as status only
    scopes: dict  # person id → the coordinating membership, for the status reads' audit


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else sector


def duties(user, persons: list, household, today: dt.date) -> Duties:
    """The duties of ``persons`` and of ``household`` (may be None) the user may see, in full or as status.

    ``persons`` are those the user may see (from the policy); a household's own duty is shown as status
    to a coordinator who covers one of its members.
    """
    subjects = [f"p:{p.pk}" for p in persons] + ([f"h:{household.pk}"] if household else [])
    every = list(
        Task.objects.filter(subject__in=subjects)
        .select_related("routine", "assignee")
        .order_by("due_on", "pk")
    )
    opened_ids = set(
        policy.tasks_visible_to(user, Task.objects.filter(subject__in=subjects)).values_list("pk", flat=True)
    )
    scopes = policy.coordinating_scopes(user, persons)
    covered_subjects = {f"p:{pk}" for pk in scopes}
    if household and scopes:
        covered_subjects.add(f"h:{household.pk}")
    names = {f"p:{p.pk}": p.list_name for p in persons}
    if household:
        names[f"h:{household.pk}"] = household.name
    members_covered = [p for p in persons if p.pk in scopes]

    rows: list[Duty] = []
    opened: list[Task] = []
    status_reads: list[tuple[int, int, str]] = []
    for task in every:
        opens = task.pk in opened_ids
        reads: tuple = ()
        if not opens:
            if task.subject not in covered_subjects or (task.routine.spec or {}).get("status_hidden"):
                continue
            if task.person_id:
                reads = ((task.person_id, task.municipality_id, task.section),)
            else:  # the household's duty: a status read of each covered member's section
                reads = tuple((p.pk, p.municipality_id, task.section) for p in members_covered)
            status_reads.extend(reads)
        else:
            opened.append(task)
        state = state_of(task, today)
        rows.append(
            Duty(
                task_id=task.pk,
                title=task.routine.title,
                sector=_sector_label(task.sector),
                sector_key=task.sector,
                subject=names.get(task.subject, ""),
                subject_key=task.subject,
                due_on=task.due_on,
                state=state,
                state_label=str(STATE_LABELS[state]),
                colour=STATE_COLOURS[state],
                closed_on=task.closed_on,
                owner=(task.assignee.get_full_name() or task.assignee.get_username())
                if task.assignee
                else "",
                opens=opens,
                household=not task.person_id,
                reads=reads,
            )
        )
    order = [f"h:{household.pk}"] if household else []
    order += [f"p:{p.pk}" for p in persons]
    grouped: dict[str, list[Duty]] = {}
    for row in rows:
        grouped.setdefault(row.subject_key, []).append(row)
    by_subject = [(names[key], grouped[key]) for key in order if key in grouped]
    sector_order = {value: i for i, value in enumerate(Sector.values)}
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = summary.setdefault(row.sector_key, {})
        counts[row.state] = counts.get(row.state, 0) + 1
    return Duties(
        rows=rows,
        by_subject=by_subject,
        summary=[
            SectorSummary(_sector_label(key), counts)
            for key, counts in sorted(summary.items(), key=lambda item: sector_order.get(item[0], 99))
        ],
        opened=opened,
        status_reads=status_reads,
        scopes=scopes,
    )
