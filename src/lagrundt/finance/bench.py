"""Benchmark of the grant forecast on the register `make bench` generated (150 000 persons).

Measures, median and p95 over ``runs``: the five-year forecast of every municipality at once (load
the register as plain rows, run the rules for every person, price the counts), its parts, and the
economy page of one municipality through the test client (as a case worker sees it).
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector, ServiceUnit

from . import rules, selectors, services


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(fn, runs):
    """Wall-clock and CPU seconds of each run (the CPU time tells how much a busy machine added)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (times, cpu), result


def _tally(people, params, years, municipality_ids):
    with selectors.bulk_objects():
        return rules.tally(people, params, years, municipality_ids)


def run(*, runs: int, out) -> list[str]:
    services.seed_from_facts()
    today = timezone.localdate()
    municipality_ids = set(Municipality.objects.values_list("pk", flat=True))
    persons = Person.objects.count()
    years = selectors.years_around(today)
    params, book = selectors.parameters(), selectors.rate_book()
    runs = max(3, min(runs, 10))  # each run reads the whole register

    load_times, people = _timed(lambda: selectors.load_entitled(municipality_ids=municipality_ids), runs)
    rule_times, counted = _timed(lambda: _tally(people, params, years, municipality_ids), runs)
    price_times, receipts = _timed(lambda: rules.price_tally(counted, book), runs)
    whole_times, _receipts = _timed(
        lambda: selectors.register_receipts(municipality_ids, years, params=params, book=book), runs
    )

    # The economy page of the largest municipality, as the integration service sees it.
    municipality = Municipality.objects.order_by("pk").first()
    unit, _ = ServiceUnit.objects.get_or_create(
        name="Bench finance unit", defaults={"host_municipality": municipality}
    )
    unit.municipalities.set([municipality])
    user, _ = get_user_model().objects.get_or_create(username="bench-finance")
    Membership.objects.get_or_create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE)
    client = Client()
    client_login(client, user)
    url = f"/okonomi/?kommune={municipality.pk}"
    page_times, response = _timed(lambda: client.get(url), runs)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    local = Person.objects.filter(municipality=municipality).count()

    def row(name, measured):
        times, cpu = measured
        return (
            f"| {name} | {statistics.median(times) * 1000:.0f} | {_p95(times) * 1000:.0f} "
            f"| {statistics.median(cpu) * 1000:.0f} |"
        )

    total = sum(receipts.year_total(m, y).kroner for m in municipality_ids for y in years)
    lines = [
        "### Grants: the five-year forecast",
        "",
        f"Persons: {persons} in {len(municipality_ids)} municipalities, "
        f"years {years.start}–{years.stop - 1}, "
        f"runs: {runs}. Expected grants in all: {total:,.0f} kr (facts-file rates; many are missing).",
        "",
        "| step | median ms | p95 ms | CPU median ms |",
        "|---|---|---|---|",
        row(f"Forecast of every municipality ({persons} persons), in all", whole_times),
        row("… reading the register as plain rows", load_times),
        row("… the rules for every person, counted", rule_times),
        row("… pricing the counts", price_times),
        row(f"Economy page of {municipality.name} ({local} persons)", page_times),
    ]
    out.write(f"Finance bench: forecast {statistics.median(whole_times[0]):.2f} s for {persons} persons\n")
    return lines
