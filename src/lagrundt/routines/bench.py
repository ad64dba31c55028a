"""My work at national scale, for ``make bench``: the home page of a case worker in a unit that serves
every municipality of the register, with 2 000 open tasks assigned to them, timed as they see it (their
tasks, their units' unassigned tasks, the persons they follow and the changes since their previous
login, with the page's audit entries).

It runs on the register the benchmark command generated and the tasks its engine run made: the
integration service's open tasks are given to the case worker in bulk (the bench measures reading).
"""

import datetime as dt
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

from .models import Task, TaskStatus

TASKS = 2_000
TARGET_MS = 100
USERNAME = "bench-mywork"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str) -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _user():
    municipalities = list(Municipality.objects.order_by("pk"))
    unit, _created = ServiceUnit.objects.get_or_create(
        name="Nasjonal oppfølgingsbenk", defaults={"host_municipality": municipalities[0]}
    )
    unit.municipalities.set(municipalities)
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Benk", "last_name": "Saksbehandler"}
    )
    Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    return user, len(municipalities)


def _assign(user) -> int:
    """Give the case worker up to ``TASKS`` open tasks of the integration service, spread over the year."""
    mine = Task.objects.filter(assignee=user, status=TaskStatus.OPEN).count()
    if mine < TASKS:
        free = list(
            Task.objects.filter(
                sector=Sector.INTEGRATION_SERVICE,
                status=TaskStatus.OPEN,
                assignee__isnull=True,
                person__isnull=False,
            )
            .order_by("person_id", "pk")
            .values_list("pk", flat=True)[: TASKS - mine]
        )
        Task.objects.filter(pk__in=free).update(assignee=user)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
    return Task.objects.filter(assignee=user, status=TaskStatus.OPEN).count()


def _timed(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, url
    return seconds


def run(*, runs: int, out) -> list[str]:
    user, municipalities = _user()
    assigned = _assign(user)
    # A previous login a week ago, so that the page also looks for what changed since.
    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now() - dt.timedelta(days=7))
    user.refresh_from_db()
    client = Client()
    client_login(client, user)
    pages = [
        ("the home page: my work, followed persons, changes", "/", f"target under {TARGET_MS} ms"),
        ("the task list, assigned to me (for comparison)", "/oppgaver/?tildelt=meg", ""),
    ]
    for _name, url, _note in pages:
        client.get(url)  # warm the connection and the templates
    times = {url: [_timed(client, url) for _ in range(runs)] for _name, url, _note in pages}
    home_p95 = _p95(times["/"]) * 1000
    out.write(f"My work (home page) p95: {home_p95:.1f} ms (target {TARGET_MS} ms)\n")
    return [
        f"My work: a case worker in a unit serving {municipalities} municipalities with {assigned} open "
        f"tasks assigned, {runs} runs per page; home page p95 {home_p95:.1f} ms "
        f"({'within' if home_p95 < TARGET_MS else 'over'} the {TARGET_MS} ms target).",
        "",
        "| my work page | median ms | p95 ms | |",
        "|---|---|---|---|",
        *[_row(name, times[url], note) for name, url, note in pages],
    ]
