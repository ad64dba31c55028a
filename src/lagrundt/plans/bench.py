"""Benchmark of the plans: the indicator page, the leaders' overview and a draft report at national scale.

Run by ``make bench`` after it has generated the register and every routine task. Each request
computes its indicators from the register then and there (there is no cache to go stale): the
numbers measured are what a leader waits for. Target: the indicator page under 300 ms at p95.
"""

import datetime as dt
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Role, Sector, ServiceUnit

from . import services
from .models import Plan, PlanStatus

TARGET_P95_MS = 300


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int]:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    register_queries = sum(
        1 for q in ctx.captured_queries if 'FROM "people_' in q["sql"] or 'FROM "routines_' in q["sql"]
    )
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return times, queries, register_queries


def _history(today) -> int:
    """Give the bench's tasks a history like a municipality's: of those due before today, 85 % done
    on time, 10 % a week late, 5 % still open (the bench makes them all open)."""
    from django.db.models.functions import Mod

    from lagrundt.routines.models import Task, TaskStatus

    due = Task.objects.filter(due_on__lt=today, status=TaskStatus.OPEN).annotate(slot=Mod("id", 20))
    late = Task.objects.filter(pk__in=due.filter(slot__in=[1, 2]).values("pk"))
    on_time = Task.objects.filter(pk__in=due.exclude(slot__in=[1, 2, 3]).values("pk"))
    changed = late.update(status=TaskStatus.DONE, closed_on=F("due_on") + dt.timedelta(days=7))
    return changed + on_time.update(status=TaskStatus.DONE, closed_on=F("due_on"))


def run(*, runs: int, out) -> list[str]:
    today = timezone.localdate()
    closed = _history(today)
    services.apply_plan_files()
    hemsedal = Municipality.objects.filter(number="3326").first()
    plan = Plan.objects.filter(municipality=hemsedal, status=PlanStatus.ACTIVE).first() if hemsedal else None
    if plan is None:
        return ["Plans: Hemsedal is not in this register; nothing measured."]
    unit, _ = ServiceUnit.objects.get_or_create(
        name="Hemsedal kommune – ledelse", defaults={"host_municipality": hemsedal}
    )
    unit.municipalities.set([hemsedal])
    user, _ = get_user_model().objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(
        user=user, unit=unit, sector=Sector.LEADERSHIP, defaults={"role": Role.LEADER}
    )
    client = Client()
    client_login(client, user)
    year = timezone.localdate().year
    persons = Person.objects.filter(municipality=hemsedal).count()
    pages = [
        ("Indicator page: every indicator, 6 years (the target)", f"/planer/{plan.pk}/indikatorer/"),
        (
            "Indicator page, a group: adults settled at least 2 years ago",
            f"/planer/{plan.pk}/indikatorer/?age=adults&settled_years_min=2",
        ),
        ("Leaders' overview (targets, overdue and quiet measures)", "/planer/oversikt/"),
        ("Report to the council, draft computed now", f"/planer/{plan.pk}/rapporter/{year}/"),
    ]
    lines = [
        f"Plans: Hemsedal's plan against {persons} persons in Hemsedal ({Person.objects.count()} in the "
        f"register); computed from the register on every request, no cache; runs per page: {runs}. "
        f"Tasks due before today were given a history first ({closed} closed: 85 % on time, 10 % late).",
        "",
        "| page | median ms | p95 ms | queries | of them on the register |",
        "|---|---|---|---|---|",
    ]
    verdict = ""
    for name, url in pages:
        times, queries, register = _measure(client, url, runs)
        median, p95 = statistics.median(times) * 1000, _p95(times) * 1000
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {register} |")
        if not verdict:
            verdict = (
                f"Indicator page p95 {p95:.0f} ms: "
                + ("within" if p95 < TARGET_P95_MS else "OVER")
                + f" the target of {TARGET_P95_MS} ms."
            )
        out.write(f"plans: {name}: median {median:.1f} ms, p95 {p95:.1f} ms")
    lines += ["", verdict]
    return lines
