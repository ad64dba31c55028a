"""The matching at national scale, for ``make bench``: ranking 5 000 candidates for one opening and
2 000 openings for one candidate, on plain data loaded once; and what the pages cost around it.

Run after the bench generated the national register (150 000 persons): it gives 5 000 adults in the
case worker's municipalities a synthetic competence profile, registers 200 employers and 2 000 open
openings there, and times each step over ``runs`` runs (a different opening or candidate each run).
"""

import datetime as dt
import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.people.models import Person
from lagrundt.people.rules import adult_birth_cutoff
from lagrundt.tenancy.models import Municipality

from . import rules, selectors
from .models import CompetenceProfile, Employer, Opening
from .synthetic import make_employers, make_openings, make_profiles

CANDIDATES = 5_000
OPENINGS = 2_000
EMPLOYERS = 200
SEED = 2026


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _setup(user, today: dt.date) -> None:
    municipalities = list(Municipality.objects.filter(number__in=["3326", "3324"]).order_by("number"))
    if CompetenceProfile.objects.count() < CANDIDATES:
        adults = list(
            selectors.work_persons(user)
            .filter(moved_out_on__isnull=True, birth_date__lte=adult_birth_cutoff(today))
            .order_by("pk")[:CANDIDATES]
        )
        make_profiles(adults, today=today, seed=SEED)
        CompetenceProfile.objects.update(seeking=True)
    if Opening.objects.count() < OPENINGS:
        employers = list(Employer.objects.all()) or make_employers(municipalities, EMPLOYERS, seed=SEED)
        make_openings(employers, OPENINGS, today=today, seed=SEED, created_by=user)


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def run(*, runs: int, out) -> list[str]:
    today = timezone.localdate()
    user = get_user_model().objects.get(username="bench-integration")
    _setup(user, today)

    load_times, candidates = [], []
    for _ in range(runs):
        seconds, candidates = _timed(lambda: selectors.load_candidates(user))
        load_times.append(seconds)
    openings = list(selectors.open_openings(user).order_by("pk"))
    data_seconds, data = _timed(lambda: selectors.opening_data(openings))

    per_opening = []
    for i in range(runs):
        seconds, _ranking = _timed(lambda i=i: rules.rank_candidates(candidates, data[i % len(data)], today))
        per_opening.append(seconds)
    per_candidate = []
    for i in range(runs):
        candidate = candidates[(i * 97) % len(candidates)]
        seconds, _ranking = _timed(lambda c=candidate: rules.rank_openings(c, data, today))
        per_candidate.append(seconds)

    client = Client()
    client_login(client, user)
    page_runs = max(3, runs // 4)
    opening_pages, person_pages = [], []
    some_person = Person.objects.get(pk=candidates[0].person_id)
    for i in range(page_runs):
        opening = openings[(i * 31) % len(openings)]
        seconds, response = _timed(lambda o=opening: client.get(f"/arbeid/stillinger/{o.pk}/"))
        assert response.status_code == 200
        opening_pages.append(seconds)
        seconds, response = _timed(lambda: client.get(f"/arbeid/personer/{some_person.pk}/stillinger/"))
        assert response.status_code == 200
        person_pages.append(seconds)

    return [
        f"Matching: {len(candidates)} candidates and {len(openings)} open openings visible to the case "
        f"worker, {Person.objects.count()} persons in the register, {runs} runs (pages: {page_runs}).",
        "",
        "| matching | median ms | p95 ms | |",
        "|---|---|---|---|",
        _row(
            f"rank {len(candidates)} candidates for one opening",
            per_opening,
            "plain data loaded once; target under 200 ms",
        ),
        _row(
            f"rank {len(openings)} openings for one candidate",
            per_candidate,
            "plain data loaded once; target under 200 ms",
        ),
        _row(f"load the {len(candidates)} candidates from the database", load_times, "once per page"),
        _row(f"load the {len(openings)} openings with their requirements", [data_seconds], "once"),
        _row("the opening page, whole request (load, rank, explain the top 10, audit)", opening_pages),
        _row("a candidate's openings page, whole request", person_pages),
    ]
