"""What the home page shows a user who follows persons: their own work first.

- **My tasks**: the open tasks assigned to the user, and **unassigned in my units**: the open tasks of the
  user's sectors in the municipalities their units serve that no one has taken yet. Both start from the
  worklist's door (``selectors._base``, that is ``policy.tasks_visible_to``), each grouped overdue / due
  within 14 days / later (the next half year), each group at most ``HOME_LIMIT`` rows with a flag that
  there are more (nothing is counted: the task list shows the rest).
- **Persons I follow**: the persons of the open tasks assigned to the user, distinct, the one with the
  earliest deadline first, at most ``FOLLOWED_LIMIT``.
- **Changes since my previous login** for those persons: tasks created since then, open tasks postponed
  since then, notes written since then in a section the user may read of that person (``grants_for``),
  and persons whose moving date is on or after the day of that login (the register keeps the moving
  date, not when it was recorded: a move-out recorded late with an earlier date is not shown here).

``my_work`` reads all of it for the home page with one question to the policy (see below); the functions
``my_tasks``, ``unit_unassigned``, ``followed`` and ``changes_since`` read each part plainly, and a test
checks that both agree. Reads only: the caller records what it shows (``policy.record_task_reads`` and
``record_reads``). At the end, many tasks at once (``bulk_act``) through the services.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access import policy, resources
from lagrundt.access.audit import Actor, record_many
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.people.models import Person, SectionNote

from .models import Task, TaskStatus
from .selectors import SOON_DAYS, TaskFilter, TaskGroup, _base

HOME_LIMIT = 10
FOLLOWED_LIMIT = 50
CHANGES_LIMIT = 20
LATER_DAYS = 183


def _grouped(qs, today: dt.date, limit: int) -> list[TaskGroup]:
    qs = qs.order_by("due_on", "pk")
    soon = today + dt.timedelta(days=SOON_DAYS)
    groups = []
    for key, q in (
        ("overdue", Q(due_on__lt=today)),
        ("soon", Q(due_on__gte=today, due_on__lte=soon)),
        ("later", Q(due_on__gt=soon, due_on__lte=today + dt.timedelta(days=LATER_DAYS))),
    ):
        rows = list(qs.filter(q)[: limit + 1])
        groups.append(TaskGroup(key, rows[:limit], len(rows) > limit))
    return groups


def my_tasks(user, today: dt.date, *, limit: int = HOME_LIMIT) -> list[TaskGroup]:
    """The open tasks assigned to the user, grouped by when they are due."""
    return _grouped(_base(user, TaskFilter(mine=True)), today, limit)


def unit_unassigned(user, today: dt.date, *, limit: int = HOME_LIMIT) -> list[TaskGroup]:
    """The open tasks no one has taken in the user's sectors and municipalities, grouped by when due."""
    return _grouped(_base(user, TaskFilter(unassigned=True)), today, limit)


@dataclass(frozen=True)
class Followed:
    person: Person
    open_tasks: int  # open tasks assigned to the user
    next_due: dt.date


def _mine_person_ids(user):
    """The ids of the persons of the user's open tasks, as a subquery."""
    return _base(user, TaskFilter(mine=True)).filter(person__isnull=False).values("person_id")


def followed(user, *, limit: int = FOLLOWED_LIMIT) -> list[Followed]:
    """The persons of the open tasks assigned to the user: the earliest deadline first."""
    rows = list(
        _base(user, TaskFilter(mine=True))
        .filter(person__isnull=False)
        .values("person_id")
        .annotate(n=Count("pk"), next_due=Min("due_on"))
        .order_by("next_due", "person_id")[:limit]
    )
    persons = Person.objects.in_bulk([r["person_id"] for r in rows])
    return [
        Followed(persons[r["person_id"]], r["n"], r["next_due"]) for r in rows if r["person_id"] in persons
    ]


@dataclass(frozen=True)
class NoteChange:
    person: Person
    section: Section
    written_at: dt.datetime
    author: str


@dataclass(frozen=True)
class Changes:
    since: dt.datetime
    new_tasks: list[Task]
    postponed: list[Task]
    notes: list[NoteChange]
    moved_out: list[Person]

    @property
    def empty(self) -> bool:
        return not (self.new_tasks or self.postponed or self.notes or self.moved_out)

    @property
    def tasks(self) -> list[Task]:
        return self.new_tasks + self.postponed


def changes_since(user, since: dt.datetime, *, limit: int = CHANGES_LIMIT) -> Changes:
    """What happened since ``since`` to the persons the user follows (see the module's description)."""
    persons = _mine_person_ids(user)
    visible = _base(user, TaskFilter()).filter(person_id__in=persons)
    new_tasks = list(visible.filter(created_at__gt=since).order_by("-created_at", "-pk")[:limit])
    postponed = list(
        visible.filter(updated_at__gt=since, created_at__lte=since)
        .exclude(due_on=F("computed_due_on"))
        .order_by("-updated_at", "-pk")[:limit]
    )
    notes = _new_notes(user, persons, since, limit)
    moved_out = _moved_out(user, since, limit)
    return Changes(since, new_tasks, postponed, notes, moved_out)


def _new_notes(user, persons, since: dt.datetime, limit: int) -> list[NoteChange]:
    """Notes written since ``since`` about ``persons`` (ids or a subquery) in a section the user may read
    of that person. Notes of any section are fetched, then kept only where the user may read that
    section of that person: the person page's rule (``grants_for``), without a query per person."""
    notes = []
    for note in (
        SectionNote.objects.filter(person_id__in=persons, written_at__gt=since)
        .select_related("person", "author")
        .order_by("-written_at", "-pk")[: limit * 10]
    ):
        if policy.grants_for(user, note.person).can_read(Section(note.section)):
            author = note.author.get_full_name() or note.author.get_username()
            notes.append(NoteChange(note.person, Section(note.section), note.written_at, author))
            if len(notes) == limit:
                break
    return notes


def _moved_out(user, since: dt.datetime, limit: int, ever_mine: list[int] | None = None) -> list[Person]:
    """Persons of tasks ever assigned to the user (a move-out closes their open tasks) whose moving date
    is on or after the day of ``since``, among those the user may see."""
    if ever_mine is None:
        ever_mine = sorted(
            set(Task.objects.filter(assignee=user, person__isnull=False).values_list("person_id", flat=True))
        )
    return list(
        policy.visible_to(user)
        .filter(pk__in=ever_mine, moved_out_on__gte=since.date())
        .order_by("family_name", "given_name", "pk")[:limit]
    )


# ---------------------------------------------------------------------------- the home page, fast
# The functions above read each part on its own; the home page asks ``my_work`` for all of them at
# once. At national scale every query through the policy costs tens of milliseconds whatever it
# returns (the policy's subqueries read every person the user may see), so ``my_work`` finds the
# candidate tasks by the plain indexes first (the user's open tasks by assignee; the unassigned ones
# by the worklist index, per municipality and sector in due order; the followed persons' changed tasks
# by subject) and asks the policy once which of all those the user may see. Only those are shown. A
# group whose candidates the policy thinned below a full group is read again the plain way.
WALKS_LIMIT = 12  # municipality × sector walks per group; beyond that one sorted query per group
# More open tasks assigned than this (ids in one statement; SQLite takes at most 32 766): the plain reads.
MAX_CANDIDATES = 10_000


@dataclass(frozen=True)
class MyWork:
    mine: list[TaskGroup]
    unassigned: list[TaskGroup]
    followed: list[Followed]
    changes: Changes | None

    @property
    def tasks(self) -> list[Task]:
        shown = [t for g in self.mine + self.unassigned for t in g.tasks]
        return shown + (self.changes.tasks if self.changes else [])


def _windows(today: dt.date) -> list[tuple[str, dt.date | None, dt.date]]:
    """The groups as (key, first due day or None, last due day)."""
    soon = today + dt.timedelta(days=SOON_DAYS)
    return [
        ("overdue", None, today - dt.timedelta(days=1)),
        ("soon", today, soon),
        ("later", soon + dt.timedelta(days=1), today + dt.timedelta(days=LATER_DAYS)),
    ]


def _in_window(due: dt.date, first: dt.date | None, last: dt.date) -> bool:
    return (first is None or due >= first) and due <= last


def _unassigned_candidates(
    user, open_tasks, today: dt.date, cap: int
) -> dict[str, tuple[list, tuple | None]]:
    """Per group: candidate (due_on, pk) of unassigned open tasks in due order, without the policy, and
    the key up to which the candidates are complete (None: all of them)."""
    sectors = sorted(policy.task_sectors(user))
    municipalities = sorted({m for scope in resources.memberships(user) for m in scope.municipality_ids})
    scopes = [(m, sector) for m in municipalities for sector in sectors]
    found = {}
    for key, first, last in _windows(today):
        window = open_tasks.filter(assignee__isnull=True, due_on__lte=last)
        if first is not None:
            window = window.filter(due_on__gte=first)
        walks = (
            [window.filter(municipality_id=m, sector=sector) for m, sector in scopes]
            if len(scopes) <= WALKS_LIMIT
            else [window]
        )
        rows, complete_to = [], None
        for walk in walks:
            part = list(walk.order_by("due_on", "pk").values_list("due_on", "pk")[:cap])
            rows += part
            if len(part) == cap and (complete_to is None or part[-1] < complete_to):
                complete_to = part[-1]
        found[key] = (sorted(rows), complete_to)
    return found


def _plain_work(user, today: dt.date, since, *, limit: int, changes_limit: int) -> MyWork:
    return MyWork(
        mine=my_tasks(user, today, limit=limit),
        unassigned=unit_unassigned(user, today, limit=limit),
        followed=followed(user),
        changes=changes_since(user, since, limit=changes_limit) if since is not None else None,
    )


def my_work(
    user,
    today: dt.date,
    since: dt.datetime | None,
    *,
    limit: int = HOME_LIMIT,
    changes_limit: int = CHANGES_LIMIT,
) -> MyWork:
    """Everything the home page shows of the user's work (the parts are described above), with the
    policy asked once for all the candidate tasks."""
    sectors = sorted(policy.task_sectors(user))
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN, sector__in=sectors)
    # By the assignee's index alone (with the status and sector in the query, the planner may walk the
    # worklist index instead): every task ever assigned to the user, the open ones kept here.
    ever = list(
        Task.objects.filter(assignee=user)
        .order_by()
        .values_list("due_on", "pk", "person_id", "status", "sector")
    )
    mine = [
        (due, pk, p) for due, pk, p, status, sector in ever if status == TaskStatus.OPEN and sector in sectors
    ]
    if len(mine) > MAX_CANDIDATES:
        return _plain_work(user, today, since, limit=limit, changes_limit=changes_limit)
    cap, changes_cap = 2 * (limit + 1), 2 * changes_limit
    unassigned = _unassigned_candidates(user, open_tasks, today, cap)
    new, postponed = [], []
    if since is not None:
        # The followed persons' tasks, found by subject (which leads an index): the latest first.
        about = open_tasks.filter(subject__in=sorted({f"p:{p}" for _due, _pk, p in mine if p}))
        new = list(
            about.filter(created_at__gt=since)
            .order_by("-created_at", "-pk")
            .values_list("pk", "person_id")[:changes_cap]
        )
        postponed = list(
            about.filter(updated_at__gt=since, created_at__lte=since)
            .exclude(due_on=F("computed_due_on"))
            .order_by("-updated_at", "-pk")
            .values_list("pk", "person_id")[:changes_cap]
        )
    candidates = {pk for _due, pk, _p in mine} | {pk for pk, _p in new + postponed}
    candidates |= {pk for rows, _complete in unassigned.values() for _due, pk in rows}
    # The one question to the policy: which of these may the user see?
    visible = set(
        policy.tasks_visible_to(user, Task.objects.filter(pk__in=sorted(candidates))).values_list(
            "pk", flat=True
        )
    )
    mine = sorted(row for row in mine if row[1] in visible)
    mine_groups = [
        ([pk for due, pk, _p in mine if _in_window(due, first, last)], key)
        for key, first, last in _windows(today)
    ]
    unassigned_groups = []
    for key, first, last in _windows(today):
        rows, complete_to = unassigned[key]
        shown = [
            (due, pk)
            for due, pk in rows
            if pk in visible and (complete_to is None or (due, pk) <= complete_to)
        ]
        if complete_to is not None and len(shown) <= limit:
            # The policy left fewer than a full group of what is known complete: read the group plainly.
            window = Q(due_on__lte=last) & (Q(due_on__gte=first) if first else Q())
            plain = _base(user, TaskFilter(unassigned=True)).filter(window).order_by("due_on", "pk")
            shown = list(plain.values_list("due_on", "pk")[: limit + 1])
        unassigned_groups.append(([pk for _due, pk in shown], key))
    per_person: dict[int, list[dt.date]] = {}
    for due, _pk, person_id in mine:
        if person_id:
            per_person.setdefault(person_id, []).append(due)
    firsts = sorted((min(dues), person_id) for person_id, dues in per_person.items())[:FOLLOWED_LIMIT]
    new_ids = [pk for pk, person_id in new if pk in visible and person_id in per_person]
    postponed_ids = [pk for pk, person_id in postponed if pk in visible and person_id in per_person]
    if since is not None and (
        (len(new) == changes_cap and len(new_ids) < changes_limit)
        or (len(postponed) == changes_cap and len(postponed_ids) < changes_limit)
    ):
        # The policy left fewer than the list holds of what was fetched: read the changes plainly.
        plain = changes_since(user, since, limit=changes_limit)
        new_ids, postponed_ids = [t.pk for t in plain.new_tasks], [t.pk for t in plain.postponed]
    new_ids, postponed_ids = new_ids[:changes_limit], postponed_ids[:changes_limit]
    shown_ids = {pk for ids, _key in mine_groups + unassigned_groups for pk in ids[:limit]}
    shown_ids |= set(new_ids) | set(postponed_ids)
    # The rows to show, by the ids the policy let through.
    rows = Task.objects.select_related(
        "routine", "person", "household", "unit", "municipality", "assignee"
    ).in_bulk(sorted(shown_ids))
    persons = Person.objects.in_bulk([person_id for _due, person_id in firsts])

    def group(ids, key):
        return TaskGroup(key, [rows[pk] for pk in ids[:limit] if pk in rows], len(ids) > limit)

    changes = None
    if since is not None:
        followed_ids = sorted(per_person)
        changes = Changes(
            since,
            [rows[pk] for pk in new_ids if pk in rows],
            [rows[pk] for pk in postponed_ids if pk in rows],
            _new_notes(user, followed_ids, since, changes_limit),
            _moved_out(user, since, changes_limit, sorted({p for _due, _pk, p, _s, _sector in ever if p})),
        )
    return MyWork(
        mine=[group(ids, key) for ids, key in mine_groups],
        unassigned=[group(ids, key) for ids, key in unassigned_groups],
        followed=[
            Followed(persons[person_id], len(per_person[person_id]), first)
            for first, person_id in firsts
            if person_id in persons
        ],
        changes=changes,
    )


def record_reads(actor: Actor, followed_persons: list[Person], changes: Changes | None) -> None:
    """The persons named on the home page (their identity) and the sections whose new notes it mentions,
    in one statement. The tasks shown are recorded by ``policy.record_task_reads``."""
    shown: dict[tuple[int, Section], Person] = {}
    for person in followed_persons + (changes.moved_out if changes else []):
        shown.setdefault((person.pk, Section.IDENTITY), person)
    for note in changes.notes if changes else []:
        shown.setdefault((note.person.pk, Section.IDENTITY), note.person)
        shown.setdefault((note.person.pk, note.section), note.person)
    entries = []
    for (_pk, section), person in sorted(shown.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        grants = policy.grants_for(actor.user, person)
        if section in grants.read:
            entries.append(
                dict(
                    action=AuditAction.READ,
                    channel=AuditChannel.PAGE,
                    person_id=person.pk,
                    municipality_id=person.municipality_id,
                    section=section,
                    scope=grants.read[section],
                )
            )
    record_many(actor, entries)


# ---------------------------------------------------------------------------- many tasks at once
BULK_LIMIT = 200
ASSIGN = "tildel"
DONE = "utfort"
BULK_ACTIONS = (ASSIGN, DONE)
MSG_NOT_YOURS = _("You may not act on this task.")
MSG_MISSING = _("One of the chosen tasks no longer exists or is not yours to see.")


@dataclass(frozen=True)
class BulkProblem:
    task: Task | None
    messages: list[str]


class BulkRefused(Exception):
    """Nothing was saved: ``problems`` says which task and why."""

    def __init__(self, problems: list[BulkProblem]):
        super().__init__(problems)
        self.problems = problems


def bulk_tasks(user, ids) -> tuple[list[Task], bool]:
    """The chosen tasks the user may see (open or not), by due date; and whether some chosen were not
    found (missing, or outside what the policy shows the user)."""
    wanted = sorted({int(i) for i in ids if str(i).isdigit()})[:BULK_LIMIT]
    tasks = list(
        policy.tasks_visible_to(user, Task.objects.filter(pk__in=wanted))
        .select_related("routine", "person", "household", "unit", "municipality", "assignee")
        .prefetch_related("household__members")
        .order_by("due_on", "pk")
    )
    return tasks, len(tasks) < len(wanted)


def bulk_act(*, actor: Actor, action: str, tasks: list[Task], missing: bool = False) -> int:
    """Assign the tasks to the actor, or mark them done today without a note, each through its service
    (one audit entry per task), all in one transaction: if one cannot be, none is, and ``BulkRefused``
    names every task that could not and why."""
    from . import services

    if action not in BULK_ACTIONS:
        raise ValueError(action)
    today = timezone.localdate()
    problems = [BulkProblem(None, [str(MSG_MISSING)])] if missing else []
    with transaction.atomic():
        for task in tasks:
            if policy.can_act_on_task(actor.user, task, on=today) is None:
                problems.append(BulkProblem(task, [str(MSG_NOT_YOURS)]))
                continue
            try:
                if action == ASSIGN:
                    services.task_assign(actor=actor, task=task, assignee=actor.user)
                else:
                    services.task_complete(actor=actor, task=task, done_on=today)
            except ValidationError as error:
                problems.append(BulkProblem(task, [str(m) for m in error.messages]))
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise BulkRefused(problems)
    return len(tasks)
