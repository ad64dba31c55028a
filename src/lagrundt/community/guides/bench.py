"""Guide suggestions at scale, for ``make bench``: 5 000 synthetic volunteers with interests in one
municipality, and the suggestions for one household of three (a child among them) timed over ``runs``
runs: the selector as the "Suggest a guide" page calls it (three small queries and the ranking; for a
family with children only the volunteers cleared for children are loaded), and for an adult without
children, for whom every active volunteer is loaded."""

import datetime as dt
import random
import statistics
import time

from django.db import transaction
from django.utils import timezone

from lagrundt.community.models import Availability, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Household, Person
from lagrundt.tenancy.models import Municipality

from . import matching, selectors

VOLUNTEERS = 5_000
SEED = 2026
LANGUAGES = ("en", "ar", "ti", "uk", "so", "prs", "fr", "ru", "am", "ps")
INTERESTS = ("football", "hiking", "music", "skiing", "cooking", "reading", "handcraft", "swimming")
AREAS = ("Trøim", "Tuv", "Ulsåk", "Grøndalen", "Lio", "Holde")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _setup(municipality, today: dt.date) -> None:
    have = Volunteer.objects.filter(municipality=municipality, ended_on__isnull=True).count()
    if have >= VOLUNTEERS:
        return
    rng = random.Random(SEED)
    interests = []
    for order, key in enumerate(INTERESTS):
        interest, _ = Interest.objects.get_or_create(
            municipality=municipality, key=f"bench-{key}", defaults={"name": key.title(), "order": order}
        )
        interests.append(interest)
    with transaction.atomic():
        made = Volunteer.objects.bulk_create(
            [
                Volunteer(
                    municipality=municipality,
                    given_name=f"Frivillig{i}",
                    family_name="Benchmark",
                    languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
                    area=rng.choice(AREAS),
                    availability=rng.sample(Availability.values, rng.randint(1, 2)),
                    children_birth_years=rng.sample(range(today.year - 17, today.year), rng.randint(0, 2)),
                    works_with_children=i % 2 == 0,
                    police_certificate_seen_on=today - dt.timedelta(days=30) if i % 4 == 0 else None,
                    consent_given_on=today,
                )
                for i in range(VOLUNTEERS - have)
            ],
            batch_size=500,
        )
        through = Volunteer.interests.through
        through.objects.bulk_create(
            [
                through(volunteer_id=v.pk, interest_id=interest.pk)
                for v in made
                for interest in rng.sample(interests, rng.randint(0, 3))
            ],
            batch_size=2000,
        )


def _household(municipality, today: dt.date) -> Household:
    """A synthetic household of three: two adults and a child, who consented."""
    household = Household.objects.filter(municipality=municipality, name="Familien Benchmark").first()
    if household:
        return household
    household = Household.objects.create(municipality=municipality, name="Familien Benchmark")
    for given, years in (("Amina", 35), ("Yonas", 38), ("Sara", 8)):
        Person.objects.create(
            given_name=given,
            family_name="Benchmark",
            birth_date=dt.date(today.year - years, 3, 1),
            sex="female",
            country_background="ER",
            languages=["ti", "ar"],
            address="Ulsåk 12",
            consents_to_leisure_contact=True,
            leisure_consent_on=today,
            municipality=municipality,
            household=household,
        )
    return household


def run(runs: int, out) -> list[str]:
    today = timezone.localdate()
    municipality = (
        Municipality.objects.filter(number="3326").first() or Municipality.objects.order_by("pk").first()
    )
    if municipality is None:
        return ["Guide suggestions: no municipality to measure in."]
    _setup(municipality, today)
    household = _household(municipality, today)
    seeker = selectors.household_seeker(household, availability=[Availability.WEEKEND])
    times, found = [], []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        found = selectors.suggestions(seeker, municipality.pk)
        times.append(time.perf_counter() - started)
    adult = matching.Seeker(languages=frozenset({"ti", "ar"}), address="Ulsåk 12")
    adult_times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        selectors.suggestions(adult, municipality.pk)
        adult_times.append(time.perf_counter() - started)
    candidates, _names = selectors.candidates(municipality.pk)
    rank_times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        matching.suggest(seeker, candidates)
        rank_times.append(time.perf_counter() - started)
    active = Volunteer.objects.filter(municipality=municipality, ended_on__isnull=True).count()
    return [
        f"Guide suggestions: {active} active volunteers in {municipality.name}, one household of three "
        f"with a child, {len(found)} suggested, {max(runs, 1)} runs.",
        "",
        "| guide suggestions | median ms | p95 ms | |",
        "|---|---|---|---|",
        _row("suggestions for a household (load the volunteers, rank, top 10)", times, "target under 200 ms"),
        _row(
            "suggestions for an adult without children (every volunteer loaded)",
            adult_times,
            "target under 200 ms",
        ),
        _row(f"rank {len(candidates)} volunteers, data loaded", rank_times),
    ]
