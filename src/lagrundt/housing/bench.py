"""Housing at national scale, for ``make bench``: the stock page over 20 000 dwellings and the
suggestions for one household among them.

Run after the bench generated the national register: it spreads 20 000 synthetic dwellings over the
bench's municipalities (half in the two the case worker serves), lets about 60 % of them to the
register's households, and times the whole stock page (figures aggregated in SQL, one page of the
list) and the suggestions for one household (SQL filter first, then the rules), ``runs`` times each.
"""

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.people.models import Household
from lagrundt.tenancy.models import Municipality

from . import selectors
from .models import Dwelling, Ownership, Tenancy

DWELLINGS = 20_000
SEED = 2026


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _setup(served: list[Municipality], others: list[Municipality], today: dt.date) -> None:
    if Dwelling.objects.count() >= DWELLINGS:
        return
    rng = random.Random(SEED)
    rows, places = [], served + others
    for n in range(DWELLINGS):
        # Half in the case worker's municipalities, the rest spread over the others.
        municipality = (
            served[(n // 2) % len(served)] if n % 2 == 0 or not others else others[(n // 2) % len(others)]
        )
        bedrooms = rng.choice([1, 2, 2, 3, 3, 4, 5])
        central = rng.random() < 0.5
        rows.append(
            Dwelling(
                municipality=municipality,
                ownership=rng.choice(Ownership.values),
                address=f"Benchvegen {n}",
                rooms=bedrooms + 1,
                bedrooms=bedrooms,
                accessible=rng.random() < 0.1,
                rent=Decimal(5000 + 1500 * bedrooms + rng.randint(0, 20) * 100),
                charges=Decimal(rng.choice([0, 500, 1000])),
                central=central,
                minutes_to_school=rng.randint(2, 45),
                minutes_to_bus=rng.randint(1, 30),
                minutes_to_centre=rng.randint(1, 40),
            )
        )
    Dwelling.objects.bulk_create(rows, batch_size=2000)
    households: dict[int, list[int]] = {m.pk: [] for m in places}
    for pk, municipality_id in Household.objects.values_list("pk", "municipality_id").iterator():
        households.setdefault(municipality_id, []).append(pk)
    tenancies = []
    for pk, municipality_id in Dwelling.objects.values_list("pk", "municipality_id").iterator():
        homes = households.get(municipality_id) or []
        if homes and rng.random() < 0.6:
            starts = today - dt.timedelta(days=rng.randint(1, 1800))
            ended = rng.random() < 0.2
            tenancies.append(
                Tenancy(
                    dwelling_id=pk,
                    household_id=homes[rng.randrange(len(homes))],
                    municipality_id=municipality_id,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=rng.randint(30, 300)) if ended else None,
                    rent=Decimal(9000),
                )
            )
    Tenancy.objects.bulk_create(tenancies, batch_size=2000)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def run(*, runs: int, out) -> list[str]:
    today = timezone.localdate()
    user = get_user_model().objects.get(username="bench-integration")
    served = list(Municipality.objects.filter(number__in=["3326", "3324"]).order_by("number"))
    others = list(Municipality.objects.exclude(pk__in=[m.pk for m in served]).order_by("number"))
    _setup(served, others, today)
    client = Client()
    client_login(client, user)
    client.get("/bolig/")  # warm up: templates, profiles and the rule book are read once per process
    stock_pages, deep_pages, vacant_pages = [], [], []
    for _ in range(runs):
        for url, times in (
            ("/bolig/", stock_pages),
            ("/bolig/?side=60", deep_pages),
            ("/bolig/?ledig=1&soverom=3", vacant_pages),
        ):
            seconds, response = _timed(lambda url=url: client.get(url))
            assert response.status_code == 200, url
            times.append(seconds)
    # A family still living here (three or more members), as a suggestion is asked for in earnest.
    household = (
        Household.objects.filter(municipality=served[0], members__moved_out_on__isnull=True)
        .annotate(living=Count("members"))
        .filter(living__gte=3)
        .order_by("pk")
        .first()
    )
    births, couple = selectors.household_facts(household)
    suggestion_times = []
    found = None
    for _ in range(runs):
        seconds, found = _timed(lambda: selectors.suggestions(served[0], births, couple, today))
        suggestion_times.append(seconds)
    page_times = []
    for _ in range(max(3, runs // 4)):
        seconds, response = _timed(lambda: client.get(f"/bolig/husstander/{household.pk}/forslag/"))
        assert response.status_code == 200
        page_times.append(seconds)
    visible = Dwelling.objects.filter(municipality__in=served).count()
    return [
        f"Housing: {Dwelling.objects.count()} dwellings ({visible} visible to the case worker), "
        f"{Tenancy.objects.count()} tenancies, {runs} runs.",
        "",
        "| housing | median ms | p95 ms | |",
        "|---|---|---|---|",
        _row("stock page, first page with the figures", stock_pages, "target p95 under 150 ms"),
        _row("stock page, page 60", deep_pages, "target p95 under 150 ms"),
        _row("stock page, vacant with 3+ bedrooms", vacant_pages, "target p95 under 150 ms"),
        _row(
            f"suggestions for one household of {len(births)} ({len(found.suggestions)} shown)",
            suggestion_times,
            "SQL filter, then the rules; target under 200 ms",
        ),
        _row("the suggestions page, whole request", page_times),
    ]
