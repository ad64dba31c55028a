"""Reads of routines and tasks. Task lists start from the access policy, like every read of persons."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from lagrundt.access import policy, resources
from lagrundt.tenancy.models import Sector

from .models import CountryListEntry, Task, TaskStatus


def high_tb_incidence_countries() -> frozenset[str]:
    return frozenset(
        CountryListEntry.objects.filter(list=CountryListEntry.List.TB_HIGH_INCIDENCE).values_list(
            "country", flat=True
        )
    )


SOON_DAYS = 14
GROUP_LIMIT = 200


SORTS = ("due", "person", "routine")


@dataclass(frozen=True)
class TaskFilter:
    municipality_id: int | None = None
    sector: str = ""
    mine: bool = False
    unassigned: bool = False
    unit_id: int | None = None  # one of the user's units: its sector, in the municipalities it serves
    routine_key: str = ""  # one routine (its key is the same in every municipality)
    assignee_id: int | None = None  # a colleague's tasks (checked against ``colleagues`` by the view)
    sort: str = "due"  # one of SORTS


@dataclass(frozen=True)
class TaskGroup:
    key: str
    tasks: list
    more: bool


def _base(user, filters: TaskFilter) -> QuerySet[Task]:
    sectors = policy.task_sectors(user)
    if filters.sector:
        sectors &= {filters.sector}
    qs = policy.tasks_visible_to(
        user, Task.objects.filter(status=TaskStatus.OPEN, sector__in=sorted(sectors))
    )
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.mine:
        qs = qs.filter(assignee=user)
    elif filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee_id:
        qs = qs.filter(assignee_id=filters.assignee_id)
    if filters.routine_key:
        qs = qs.filter(routine__key=filters.routine_key)
    if filters.unit_id:
        scope = resources.membership_in(user, filters.unit_id)
        if scope is None:
            return qs.none()
        qs = qs.filter(municipality_id__in=sorted(scope.municipality_ids), sector=scope.sector)
    return qs.select_related("routine", "person", "household", "unit", "municipality", "assignee")


def _ordering(sort: str) -> tuple[str, ...]:
    """A list's order: by due date (the default), by the person's name, or by the routine's title in the
    active language; the due date breaks ties."""
    if sort == "person":
        return ("person__family_name", "person__given_name", "household__name", "due_on", "pk")
    if sort == "routine":
        language = (get_language() or "nb")[:2]
        field = f"routine__title_{language}" if language in ("nb", "nn", "en") else "routine__title_nb"
        return (field, "due_on", "pk")
    return ("due_on", "pk")


def worklist(user, filters: TaskFilter, today: dt.date) -> list[TaskGroup]:
    """A sector's open tasks: overdue, due within 14 days, and the next half year."""
    qs = _base(user, filters).order_by(*_ordering(filters.sort))
    soon = today + dt.timedelta(days=SOON_DAYS)
    groups = []
    for key, q in (
        ("overdue", Q(due_on__lt=today)),
        ("soon", Q(due_on__gte=today, due_on__lte=soon)),
        ("later", Q(due_on__gt=soon, due_on__lte=today + dt.timedelta(days=183))),
    ):
        rows = list(qs.filter(q)[: GROUP_LIMIT + 1])
        groups.append(TaskGroup(key, rows[:GROUP_LIMIT], len(rows) > GROUP_LIMIT))
    return groups


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def routine_choices(user) -> list[Choice]:
    """The routines whose tasks the user may see on the task list: the active routines of the user's task
    sectors in the municipalities they serve, one per key, by title."""
    from .models import Routine

    sectors = sorted(policy.task_sectors(user))
    municipality_ids = sorted({m for s in resources.memberships(user) for m in s.municipality_ids})
    if not sectors or not municipality_ids:
        return []
    titles: dict[str, str] = {}
    for routine in Routine.objects.filter(
        municipality_id__in=municipality_ids, sector__in=sectors, active=True
    ).order_by("key", "pk"):
        titles.setdefault(routine.key, routine.title)
    return sorted((Choice(k, t) for k, t in titles.items()), key=lambda c: (c.label.casefold(), c.value))


def colleagues(user) -> list[Choice]:
    """Who else works in the user's units (active users), to filter the task list by assignee: by name."""
    from django.contrib.auth import get_user_model

    units = [pk for pk, _name in policy.units_of(user)]
    if not units:
        return []
    users = (
        get_user_model()
        .objects.filter(memberships__unit_id__in=units, is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [Choice(str(u.pk), user_label(u)) for u in users]


def user_label(user) -> str:
    """A colleague as lists show them: "Family, Given", or the user name when no name is set."""
    if user.last_name and user.first_name:
        return f"{user.last_name}, {user.first_name}"
    return user.get_full_name() or user.get_username()


def timeline(user, person, readable_sections) -> list[Task]:
    """A person's duties over the five years, past and future, of every sector whose section the
    user may read: their own tasks and their household's."""
    subjects = [f"p:{person.pk}"] + ([f"h:{person.household_id}"] if person.household_id else [])
    return list(
        Task.objects.filter(subject__in=subjects, section__in=[str(s) for s in readable_sections])
        .select_related("routine", "closed_by")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class ComplianceRow:
    sector: str
    routine_key: str
    title: str
    counts: dict  # on_time, late, overdue, not_due, not_applicable → Cell or int
    share_on_time: float | None  # of those due in the period: done on time / (on time + late + overdue)


COMPLIANCE_SERIES = ("on_time", "late", "overdue", "not_due", "not_applicable")


def compliance(user, start: dt.date, end: dt.date, today: dt.date) -> list[ComplianceRow] | None:
    """Per sector and routine: tasks due in the period done on time, late, still open and overdue.

    Leadership sees every sector of its municipalities as counts with small numbers hidden; other
    roles see the tasks they may see. None if the user may see neither.
    """
    from django.db.models import Count, F

    from lagrundt.access.disclosure import Cell, protect_table

    aggregates = policy.aggregate_municipality_ids(user)
    if aggregates:
        tasks = Task.objects.filter(municipality_id__in=sorted(aggregates))
    elif policy.task_sectors(user):
        tasks = policy.tasks_visible_to(
            user, Task.objects.filter(sector__in=sorted(policy.task_sectors(user)))
        )
    else:
        return None
    tasks = tasks.filter(due_on__gte=start, due_on__lte=end)
    rows = (
        tasks.values("sector", "routine__key")
        .annotate(
            on_time=Count("pk", filter=Q(status=TaskStatus.DONE, closed_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(status=TaskStatus.DONE, closed_on__gt=F("due_on"))),
            overdue=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__lt=today)),
            not_due=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__gte=today)),
            not_applicable=Count("pk", filter=Q(status=TaskStatus.NOT_APPLICABLE)),
        )
        .order_by("sector", "routine__key")
    )
    rows = [r for r in rows if any(r[s] for s in COMPLIANCE_SERIES)]
    titles = _routine_titles({r["routine__key"] for r in rows})
    raw = [[r[s] for s in COMPLIANCE_SERIES] for r in rows]
    # No totals are shown beside the counts; the share on time is shown only where its counts are.
    cells = protect_table(raw).cells if aggregates else [[Cell(v) for v in row] for row in raw]
    result = []
    for r, row_cells, values in zip(rows, cells, raw, strict=True):
        on_time, late, overdue = values[0], values[1], values[2]
        due = on_time + late + overdue
        hidden = any(c.suppressed for c in row_cells[:3])
        result.append(
            ComplianceRow(
                sector=str(Sector(r["sector"]).label) if r["sector"] in Sector.values else r["sector"],
                routine_key=r["routine__key"],
                title=titles.get(r["routine__key"], r["routine__key"]),
                counts=dict(zip(COMPLIANCE_SERIES, row_cells, strict=True)),
                share_on_time=None if hidden or not due else on_time / due,
            )
        )
    return result


def _routine_titles(keys: set[str]) -> dict[str, str]:
    from .models import Routine

    return {r.key: r.title for r in Routine.objects.filter(key__in=keys).order_by("key", "pk")}


def notice_tasks(user, filters: TaskFilter, start: dt.date | None, end: dt.date, *, limit=500, count=False):
    """Open tasks of the user's sectors due from ``start`` (or ever) to ``end``, for feeds and digests."""
    qs = _base(user, filters).filter(due_on__lte=end)
    if start is not None:
        qs = qs.filter(due_on__gte=start)
    if count:
        return qs.count()
    qs = qs.order_by("due_on", "pk")
    return list(qs[:limit] if limit else qs)


@dataclass(frozen=True)
class StartedRow:
    task: Task
    due: str  # the due date as people write it
    overdue: bool


@dataclass(frozen=True)
class StartedSubject:
    label: str  # "Family, Given", or the household's name for the household's own duties
    rows: list[StartedRow]


@dataclass(frozen=True)
class StartedSector:
    label: str
    subjects: list[StartedSubject]


@dataclass(frozen=True)
class StartedWork:
    """What a household's registration set in motion, as one user may see it."""

    sectors: list[StartedSector]  # the open tasks the user may see, by sector and then person
    counts: list[tuple[str, int]]  # (sector label, number) of the open tasks the user may not see
    next_step: StartedRow | None  # the earliest-due open task the user may act on
    tasks: list[Task]  # the tasks shown, for the audit
    others: list = ()  # other sectors' open duties the coordinator sees as status (coordination.Duty)
    scopes: dict | None = None  # person id → the coordinating membership, for the status reads' audit


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else sector


def _status_hidden(tasks) -> list[int]:
    """The routines among ``tasks``' that are hidden from other sectors (read in Python: a JSON key
    that is absent compares as NULL in SQL, which an exclude would drop with the row)."""
    from .models import Routine

    routines = Routine.objects.filter(pk__in=tasks.values("routine_id")).only("pk", "spec")
    return sorted(r.pk for r in routines if (r.spec or {}).get("status_hidden"))


def started_work(user, household, members: list, today: dt.date) -> StartedWork:
    """The open tasks of a household and of its members the user sees: those of the user's worklist
    (``_base``: their sectors' tasks the policy shows them) by title, due date and person; of the others
    only a count per sector, so that nothing of another sector's duties is read."""
    from django.db.models import Count

    from lagrundt.core.formats import date_label

    subjects = [f"h:{household.pk}"] + [f"p:{m.pk}" for m in members]
    open_tasks = Task.objects.filter(subject__in=subjects, status=TaskStatus.OPEN)
    # The worklist's door: the open tasks of the user's sectors that the policy lets them see.
    shown = list(
        _base(user, TaskFilter())
        .filter(subject__in=subjects)
        .prefetch_related("household__members")
        .order_by("due_on", "pk")
    )
    # The coordinator sees the other sectors' new duties as status (``coordination``); who does not
    # coordinate sees how many there are. A duty hidden from other sectors is in neither.
    from .coordination import duties

    found = duties(user, members, household, today)
    others = [row for row in found.rows if not row.opens and row.state in ("open", "soon", "overdue")]
    hidden = (
        open_tasks.exclude(pk__in=[t.pk for t in shown] + [row.task_id for row in others])
        .exclude(routine_id__in=_status_hidden(open_tasks))
        .values("sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    order = {value: i for i, value in enumerate(Sector.values)}
    position = {f"h:{household.pk}": -1} | {f"p:{m.pk}": i for i, m in enumerate(members)}

    def row(task: Task) -> StartedRow:
        return StartedRow(task, date_label(task.due_on), task.due_on < today)

    def label(task: Task) -> str:
        if task.person_id:
            return f"{task.person.family_name}, {task.person.given_name}"
        return household.name

    by_sector: dict[str, dict[str, list[Task]]] = {}
    for task in shown:
        by_sector.setdefault(task.sector, {}).setdefault(task.subject, []).append(task)
    sectors = [
        StartedSector(
            _sector_label(sector),
            [
                StartedSubject(label(tasks[0]), [row(t) for t in tasks])
                for _subject, tasks in sorted(by_subject.items(), key=lambda item: position.get(item[0], 0))
            ],
        )
        for sector, by_subject in sorted(by_sector.items(), key=lambda item: order.get(item[0], len(order)))
    ]
    next_task = next((t for t in shown if policy.can_act_on_task(user, t, on=today) is not None), None)
    return StartedWork(
        sectors=sectors,
        counts=[
            (_sector_label(r["sector"]), r["n"])
            for r in sorted(hidden, key=lambda r: order.get(r["sector"], len(order)))
        ],
        next_step=row(next_task) if next_task else None,
        tasks=shown,
        others=others,
        scopes=found.scopes,
    )
