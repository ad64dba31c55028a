"""The programme at national scale, for ``make bench``: its pages and the monthly payroll of a large
municipality, after the bench has generated its persons.

Synthetic programme data is written in bulk (no audit, nobody accessed a person): a decision for up
to ``PARTICIPANTS`` adults of Hemsedal settled within two years, their assessment and activities, and
every programme day registered, with some unexcused hours. Then each measurement runs ``runs`` times
and reports the median and p95.
"""

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.core.bulk import insert_rows
from lagrundt.people.models import Person
from lagrundt.routines.rules import Offset, is_working_day
from lagrundt.tenancy.models import Municipality

from . import rules, selectors
from .demo import record_assumed_g
from .models import Activity, Assessment, AttendanceDay, Decision

PARTICIPANTS = 2000
SEED = 2026


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(fn, runs):
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, _p95(times) * 1000


def _participants(today: dt.date, user) -> list[Person]:
    """Bulk programme data for adults of Hemsedal settled within the last two years."""
    hemsedal = Municipality.objects.get(number="3326")
    persons = list(
        Person.objects.filter(
            municipality=hemsedal,
            moved_out_on__isnull=True,
            settlement__settled_on__gte=today - dt.timedelta(days=700),
            settlement__settled_on__lte=today - dt.timedelta(days=120),
            birth_date__lte=today - dt.timedelta(days=365 * 22),
            birth_date__gte=today - dt.timedelta(days=365 * 50),
        )
        .select_related("settlement")
        .order_by("pk")[:PARTICIPANTS]
    )
    if Decision.objects.exists():
        return persons
    # A period up to today that the shipped file lacks (1 May 2027 onwards when it was written) gets
    # an assumed G, recorded as an administrator would, so that the payroll can be computed.
    record_assumed_g(today, source="bench: the previous period's G carried forward")
    rng = random.Random(SEED)
    now = timezone.now()
    decisions, assessments, activities, days = [], [], [], []
    for person in persons:
        settled = person.settlement.settled_on
        start = rules.monday_of(settled + dt.timedelta(days=60))
        decided = settled + dt.timedelta(days=30)
        decisions.append(
            (
                person.pk,
                "programme",
                decided,
                user.pk,
                "nb",
                "bench",
                start,
                rules.programme_end(start, 24),
                24,
                "work",
                False,
                [],
                {},
                now,
            )
        )
        assessments.append(
            (
                person.pk,
                settled + dt.timedelta(days=20),
                "primary",
                9,
                "",
                "",
                "",
                "latin_script",
                "A1",
                "",
                None,
                "",
                "",
                now,
            )
        )
        activities.append((person.pk, "norwegian", "", "", start, None, Decimal("20"), True))
        activities.append(
            (
                person.pk,
                "language_practice",
                "",
                "",
                start + dt.timedelta(weeks=12),
                None,
                Decimal("17.5"),
                False,
            )
        )
        day = start
        while day < today:
            if day.weekday() < 5:
                status, hours = "present", Decimal(0)
                if not is_working_day(day):
                    status = "public_holiday"
                elif rng.random() < 0.02:
                    status, hours = "unexcused", Decimal("7.5")
                elif rng.random() < 0.03:
                    hours = Decimal(rng.choice(["1.5", "3"]))
                days.append((person.pk, day, status, hours, user.pk, now))
            day += dt.timedelta(days=1)
    insert_rows(
        Decision,
        (
            "person",
            "kind",
            "decided_on",
            "decided_by",
            "language",
            "grounds",
            "starts_on",
            "ends_on",
            "months",
            "final_goal",
            "has_upper_secondary",
            "rules",
            "facts",
            "created_at",
        ),
        decisions,
    )
    insert_rows(
        Assessment,
        (
            "person",
            "assessed_on",
            "education_level",
            "years_of_schooling",
            "education_details",
            "work_experience",
            "skills",
            "literacy",
            "norwegian_level",
            "health_limits",
            "career_guidance_on",
            "career_guidance_by",
            "career_recommendation",
            "updated_at",
        ),
        assessments,
    )
    insert_rows(
        Activity,
        ("person", "kind", "description", "phase", "starts_on", "ends_on", "hours_per_week", "self_study"),
        activities,
    )
    insert_rows(
        AttendanceDay, ("person", "day", "status", "unexcused_hours", "registered_by", "registered_at"), days
    )
    return persons


def run(*, runs: int, out) -> list[str]:
    from .routine_facts import person_facts

    today = timezone.localdate()
    user = get_user_model().objects.get(username="bench-integration")
    started = time.perf_counter()
    persons = _participants(today, user)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
    if not persons:
        return ["Introduction programme: no adults settled within two years in the bench's Hemsedal."]
    hemsedal = Municipality.objects.get(number="3326")
    client = Client()
    client_login(client, user)
    sample = persons[len(persons) // 2]
    month = Offset(months=-1).after(today.replace(day=1))
    lines = [
        f"Introduction programme: {len(persons)} participants in Hemsedal with "
        f"{AttendanceDay.objects.count()} registered days (generated in {generated:.0f} s), runs: {runs}",
        "",
        "| measurement | median ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]

    def page(name, url):
        connection.queries_log.clear()  # the log keeps only the latest 9000 queries
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        queries = len(ctx.captured_queries)
        median, p95 = _time(lambda: client.get(url), runs)
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |")

    page("Participant page (a year of attendance and benefit)", f"/program/personer/{sample.pk}/")
    page("Participant list, first page", "/program/")
    page(
        f"Payroll month {month:%Y-%m}, all {len(persons)} participants",
        f"/program/utbetaling/{hemsedal.pk}/{month:%Y-%m}/",
    )
    book = selectors.rulebook()
    record = selectors.record_for(sample)
    median, p95 = _time(lambda: selectors.benefit_months(book, record, through=today, today=today), runs)
    lines.append(
        f"| One participant's benefit schedule from the start (selector) | {median:.1f} | {p95:.1f} | – |"
    )
    from lagrundt.routines.engine import person_facts as engine_facts

    chunk = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    facts = engine_facts(chunk)
    median, p95 = _time(lambda: person_facts(facts), max(3, runs // 4))
    lines.append(
        f"| Routine facts for an engine chunk of {len(chunk)} persons | {median:.1f} | {p95:.1f} | 3 |"
    )
    out.write("\n".join(lines[:1]) + "\n")
    return lines
