"""The routines' indicator for the action plans: duties done on time, late, or still open, per year."""

import datetime as dt

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query, Role, Series
from lagrundt.people.indicators import year_of
from lagrundt.tenancy.models import Sector

from .models import Task, TaskStatus


def duties_on_time(query: Query) -> dict[int, list[int]]:
    """Per year: routine duties due in the year (to today) done on time, done late, and still open.

    Done and overdue are counted per year on the worklist index alone (municipality, sector, status,
    due date: naming every sector lets the database seek rather than scan); the late ones among the
    done need each done task's date and are counted in one grouped query.
    """
    if not query.years:
        return {}
    key = ("duties", query.municipality_ids, query.years, query.group.sector, query.today)
    if key in query.memo:
        return query.memo[key]
    sectors = [query.group.sector] if query.group.sector else Sector.values
    tasks = Task.objects.filter(municipality_id__in=query.municipality_ids, sector__in=sectors)
    rows = {}
    for year in query.years:
        first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), query.today)
        if last < first:
            rows[year] = [0, 0, 0]
            continue
        done = tasks.filter(status=TaskStatus.DONE, due_on__gte=first, due_on__lte=last).count()
        overdue = tasks.filter(
            status=TaskStatus.OPEN,
            due_on__gte=first,
            due_on__lte=min(last, query.today - dt.timedelta(days=1)),
        ).count()
        rows[year] = [done, 0, overdue]
    late = (
        tasks.filter(
            status=TaskStatus.DONE,
            due_on__gte=dt.date(min(query.years), 1, 1),
            due_on__lte=min(query.today, dt.date(max(query.years), 12, 31)),
            closed_on__gt=F("due_on"),
        )
        .annotate(year=year_of("due_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in late:
        year = int(r["year"])
        if year in rows:
            rows[year][0] -= r["n"]
            rows[year][1] += r["n"]
    query.memo[key] = rows
    return rows


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="duties_on_time",
            label=_("Duties done on time"),
            description=_(
                "Routine duties due in each year (up to today): done on time, done late or still open. "
                "The share is of those done or overdue."
            ),
            kind=Kind.SHARE,
            series=(
                Series("on_time", _("Done on time"), Role.PART),
                Series("late", _("Done late"), Role.REST),
                Series("overdue", _("Open, overdue"), Role.REST),
            ),
            compute=duties_on_time,
            groups=frozenset({"sector"}),
            source=_("The routines: every duty's deadline and when it was done."),
        ),
    ]
