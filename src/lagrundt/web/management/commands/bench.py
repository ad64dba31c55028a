"""Benchmark the register at national scale: server time of the main pages against their SQL floor.

Run by ``make bench`` on a fresh SQLite file. For each page it measures the median and p95 time of
the whole Django request (in process, through the test client: middleware, policy, audit writes,
templates) and, on the same run, the floor: the bare SQL that fetches the same rows of the register
(every SELECT the page runs on the people tables, replayed back to back through the same connection).
Session, user and membership lookups and the audit writes are not in the floor; they are what the
page costs beyond reading its rows, shown as "over floor". The home page, which reads no row of
the register, is measured first: its time is what any logged-in page costs before it reads a row.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.core.plugins import app_modules
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

MUNICIPALITIES = [
    ("3326", "Hemsedal", "hemsedal"),
    ("3324", "Gol", "gol"),
    ("3328", "Ål", "aal"),
    ("3330", "Hol", "hol"),
]


@dataclass
class Result:
    name: str
    times: list[float]
    floor: list[float]
    queries: int

    @staticmethod
    def p95(values):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def row_short(self) -> str:
        med, p95 = statistics.median(self.times), self.p95(self.times)
        return f"| {self.name} | {med * 1000:.1f} | {p95 * 1000:.1f} | {self.queries} |"

    def row(self) -> str:
        med, p95 = statistics.median(self.times), self.p95(self.times)
        if not self.floor:
            no_floor = " – |" * 5
            return f"| {self.name} | {med * 1000:.1f} | {p95 * 1000:.1f} |{no_floor} {self.queries} |"
        fmed, fp95 = statistics.median(self.floor), self.p95(self.floor)
        return (
            f"| {self.name} | {med * 1000:.1f} | {p95 * 1000:.1f} | {fmed * 1000:.2f} | {fp95 * 1000:.2f} | "
            f"{med / fmed:.1f}× | {p95 / fp95:.1f}× | {(med - fmed) * 1000:.1f} | {self.queries} |"
        )


class Command(BaseCommand):
    help = "Generate persons into this (fresh) database and time the main pages against their SQL floor."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=150_000)
        parser.add_argument("--runs", type=int, default=40)
        parser.add_argument("--output", default="")

    def handle(self, *args, persons, runs, output, **options):
        from lagrundt.people.synthetic import generate_people

        municipalities = [
            Municipality.objects.get_or_create(number=n, defaults={"name": name, "slug": slug})[0]
            for n, name, slug in MUNICIPALITIES
        ]
        if not Person.objects.exists():
            started = time.perf_counter()
            generate_people(municipalities, persons, timezone.localdate(), seed=2026)
            self.stdout.write(
                f"Generated {Person.objects.count()} persons in {time.perf_counter() - started:.0f} s"
            )
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
        unit, _ = ServiceUnit.objects.get_or_create(
            name="Integreringstjenesten Hemsedal og Gol", defaults={"host_municipality": municipalities[0]}
        )
        unit.municipalities.set(municipalities[:2])
        user, _ = get_user_model().objects.get_or_create(username="bench-integration")
        Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
        client = Client()
        client_login(client, user)

        visible = Person.objects.filter(municipality__in=municipalities[:2])
        sample = visible.order_by("pk")[visible.count() // 2]
        term = sample.family_name[:4].lower()
        pages = [
            ("Home page (reads no register rows: a logged-in page's fixed cost)", "/"),
            ("Person list, first page", "/personer/"),
            ("Person list, page 1000", "/personer/?side=1000"),
            (f"Name search «{term}»", f"/personer/?q={term}"),
            (f"Name search «{term[:2]}» (many hits)", f"/personer/?q={term[:2]}"),
            ("Person page", f"/personer/{sample.pk}/"),
            ("API person list", "/api/v1/persons/"),
        ]
        results = [self.measure(client, name, url, runs) for name, url in pages]
        lines = [
            f"Persons: {Person.objects.count()}, visible to the case worker: {visible.count()}, "
            f"database: {connection.vendor}, runs per page: {runs}",
            "",
            "| page | median ms | p95 ms | floor median ms | floor p95 ms "
            "| median/floor | p95/floor | over floor ms | queries |",
            "|---|---|---|---|---|---|---|---|---|",
            *[r.row() for r in results],
        ]
        lines += ["", *self.routines(runs)]
        # Every other app's measurements (its bench.py), on the same register.
        for module in app_modules("bench"):
            lines += ["", *module.run(runs=runs, out=self.stdout)]
        # Last: the documents read the programme's decisions and the plan the apps' benchmarks made.
        lines += ["", *self.documents()]
        report = "\n".join(lines)
        self.stdout.write(report)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(report + "\n")

    def routines(self, runs) -> list[str]:
        """The routine engine: every task of every person from scratch, then one changed fact at a time."""
        import datetime as dt

        from lagrundt.access.audit import Actor
        from lagrundt.people.services import settlement_save
        from lagrundt.routines import engine
        from lagrundt.routines.models import Task
        from lagrundt.routines.services import apply_routine_files

        apply_routine_files()
        Task.objects.all().delete()
        started = time.perf_counter()
        stats = engine.refresh_all()
        full = time.perf_counter() - started
        persons = Person.objects.count()
        sample = list(
            Person.objects.filter(settlement__isnull=False).order_by("?").select_related("settlement")[:runs]
        )
        actor = Actor(get_user_model().objects.get(username="bench-integration"))
        service_times, refresh_times = [], []
        for person in sample:
            started = time.perf_counter()
            settlement_save(
                actor=actor,
                person=person,
                data={"settled_on": person.settlement.settled_on + dt.timedelta(days=1)},
            )
            service_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            engine.refresh_persons([person.pk])
            refresh_times.append(time.perf_counter() - started)
        ms = lambda values: statistics.median(values) * 1000  # noqa: E731
        household = self.household_view(runs)
        return [
            "| routine engine | result |",
            "|---|---|",
            f"| full run, {persons} persons | {full:.1f} s, {persons / full:.0f} persons/s, "
            f"{stats.created} tasks created |",
            f"| incremental: recompute one person after a changed fact (median of {len(sample)}) | "
            f"{ms(refresh_times):.1f} ms (p95 {Result.p95(refresh_times) * 1000:.1f} ms) |",
            f"| the whole correction of a settlement date, tasks included (median) | "
            f"{ms(service_times):.1f} ms |",
            "",
            "| the coordinator's view of a household, every sector's duties | median ms | p95 ms | queries |",
            "|---|---|---|---|",
            household.row_short(),
        ]

    # The documents users wait for, and how long they may take (issue 17: cold and warm alike).
    DOCUMENTS = [
        ("letter", "Decision letter of the programme (the newest)", 1.0),
        ("report", "Report to the council, Hemsedal, this year", 4.0),
    ]

    def documents(self) -> list[str]:
        """Each document rendered in a fresh process (``manage.py time_document``): cold is the first
        one from before WeasyPrint is imported, warm the median of three more in the same process. The
        process column is the whole run as seen from here, Django's start included."""
        lines = [
            "| document | pages | cold s (WeasyPrint import s) | warm s (of it the figures s) "
            "| processor s cold / warm | process s | target s | verdict |",
            "|---|---|---|---|---|---|---|---|",
        ]
        manage = settings.PROJECT_DIR / "manage.py"
        for kind, name, target in self.DOCUMENTS:
            started = time.perf_counter()
            done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
                [sys.executable, str(manage), "time_document", kind, "--runs", "3"],
                capture_output=True,
                text=True,
                env=os.environ.copy(),
                check=False,
            )
            process = time.perf_counter() - started
            if done.returncode:
                reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:120]
                lines.append(
                    f"| {name} | – | – | – | – | {process:.1f} | {target:.0f} | not measured: {reason} |"
                )
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            within = r["cold_s"] < target and r["warm_s"] < target
            data = f" ({r['data_s']:.2f})" if r["data_s"] is not None else ""
            cold = f"{r['cold_s']:.2f} ({r['import_s']:.2f})"
            lines.append(
                f"| {name} | {r['pages']} | {cold} | {r['warm_s']:.2f}{data} "
                f"| {r['cold_cpu_s']:.2f} / {r['warm_cpu_s']:.2f} | {process:.1f} | {target:.0f} "
                f"| {'within' if within else 'OVER'} |"
            )
            self.stdout.write(f"documents: {name}: cold {r['cold_s']:.2f} s, warm {r['warm_s']:.2f} s")
        return lines

    def household_view(self, runs) -> Result:
        """The integration service's cross-sector view of the largest households it covers, after the
        full run made their tasks: the page for one household, measured over several households."""
        from django.db.models import Count

        from lagrundt.people.models import Household

        client = Client()
        client_login(client, get_user_model().objects.get(username="bench-integration"))
        households = list(
            Household.objects.filter(municipality__number__in=["3326", "3324"])
            .annotate(n=Count("members"))
            .order_by("-n", "pk")
            .values_list("pk", "n")[:5]
        )
        results = [
            self.measure(client, "", f"/oppgaver/husstand/{pk}/", max(1, runs // len(households)))
            for pk, _n in households
        ]
        sizes = ", ".join(str(n) for _pk, n in households)
        return Result(
            f"the {len(households)} largest households (members: {sizes})",
            [t for r in results for t in r.times],
            [],
            max(r.queries for r in results),
        )

    def measure(self, client, name, url, runs) -> Result:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        floor_sqls = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].startswith("SELECT") and 'FROM "people_' in q["sql"]
        ]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        floor = []
        with connection.cursor() as cursor:
            for _ in range(runs if floor_sqls else 0):
                started = time.perf_counter()
                for sql in floor_sqls:
                    cursor.execute(sql)
                    cursor.fetchall()
                floor.append(time.perf_counter() - started)
        return Result(name, times, floor, queries)
