"""Reads of routines and tasks. Task lists start from the access policy, like every read of persons."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lagrundt.access import policy

from .models import CountryListEntry, Task, TaskStatus


def high_tb_incidence_countries() -> frozenset[str]:
    return frozenset(
        CountryListEntry.objects.filter(list=CountryListEntry.List.TB_HIGH_INCIDENCE).values_list(
            "country", flat=True
        )
    )


SOON_DAYS = 14
GROUP_LIMIT = 200


@dataclass(frozen=True)
class TaskFilter:
    municipality_id: int | None = None
    sector: str = ""
    mine: bool = False


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
    return qs.select_related("routine", "person", "household", "unit", "municipality", "assignee")


def worklist(user, filters: TaskFilter, today: dt.date) -> list[TaskGroup]:
    """A sector's open tasks: overdue, due within 14 days, and the next half year."""
    qs = _base(user, filters).order_by("due_on", "pk")
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


def timeline(user, person, readable_sections) -> list[Task]:
    """A person's duties over the five years, past and future, of every sector whose section the
    user may read: their own tasks and their household's."""
    subject = Q(person=person)
    if person.household_id:
        subject |= Q(household_id=person.household_id)
    return list(
        Task.objects.filter(subject, section__in=[str(s) for s in readable_sections])
        .select_related("routine", "closed_by")
        .order_by("due_on", "pk")
    )
