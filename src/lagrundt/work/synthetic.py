"""Synthetic employers, competence profiles and openings for the demo, the tests and the benchmark.

Organisation numbers here start with 1: they pass python-stdnum's check (nine digits, MOD11), but
the Brønnøysund Register Centre gives out numbers starting with 8 or 9 only, so none of them can be
a real business's number — the same idea as the synthetic national IDs (month + 40). Employer names
are made up.

Rows are written with ``bulk_create`` and no audit entries: nobody read or changed a person.
"""

import datetime as dt
import random
from decimal import Decimal

from stdnum.no import orgnr

from lagrundt.people.models import Person

from .models import CompetenceProfile, Employer, Opening, OpeningRequirement, WorkExperience
from .vocabulary import CEFR, Certificate, EmployerKind, Industry, Limit, OpeningKind, PhysicalDemand, Skill

# Occupations refugees in the two plans' municipalities often bring or find: cleaning, kitchens,
# shops, care, building, driving, farming, sewing, hairdressing, teaching.
COMMON_OCCUPATIONS = {
    "9112": 14,
    "9111": 4,
    "5120": 8,
    "9412": 8,
    "5223": 8,
    "5321": 7,
    "5311": 5,
    "7115": 5,
    "9313": 5,
    "8322": 4,
    "8332": 3,
    "6121": 4,
    "9211": 3,
    "7531": 3,
    "5141": 2,
    "7231": 3,
    "7411": 2,
    "5131": 4,
    "4110": 2,
    "2341": 2,
    "2223": 1,
    "3313": 1,
    "5153": 3,
    "9629": 2,
}
LEVEL_WEIGHTS = {"": 10, "A1": 18, "A2": 26, "B1": 26, "B2": 14, "C1": 6}


def synthetic_org_number(serial: int) -> str:
    """A checksum-valid organisation number that no real organisation has (see the module docstring)."""
    for base in range(10_000_000 + serial * 7, 20_000_000):
        for digit in "0123456789":
            number = f"{base:08d}{digit}"
            if orgnr.is_valid(number):
                return number
    raise ValueError("no synthetic organisation number left")


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def profile_fields(rng: random.Random, today: dt.date) -> dict:
    """The fields of one made-up competence profile."""
    oral = _pick(rng, LEVEL_WEIGHTS)
    written_rank = max(0, (CEFR.values.index(oral) if oral else -1) - rng.randint(0, 1))
    written = CEFR.values[written_rank] if oral and rng.random() < 0.9 else ""
    licences = ["B"] if rng.random() < 0.4 else []
    if licences and rng.random() < 0.15:
        licences.append(rng.choice(["C", "CE", "D", "BE"]))
    return dict(
        norwegian_oral=oral,
        norwegian_written=written,
        licences=licences,
        certificates=rng.sample(Certificate.values, k=rng.choice([0, 0, 0, 1, 1, 2])),
        skills=rng.sample(Skill.values, k=rng.randint(1, 4)),
        limits=rng.sample(Limit.values, k=1) if rng.random() < 0.1 else [],
        max_hours_per_week=rng.choice([None] * 8 + [20, 30]),
        available_from=today + dt.timedelta(days=rng.randint(0, 120)) if rng.random() < 0.25 else None,
        seasonal_work=rng.random() < 0.7,
        has_car=bool(licences) and rng.random() < 0.6,
        takes_bus=rng.random() < 0.9,
        wished_occupations=[_pick(rng, COMMON_OCCUPATIONS)] if rng.random() < 0.7 else [],
        seeking=rng.random() < 0.85,
    )


def experience_rows(rng: random.Random) -> list[tuple[str, Decimal, str]]:
    return [
        (
            _pick(rng, COMMON_OCCUPATIONS),
            Decimal(rng.randint(1, 20)) / 2,
            rng.choice(["ER", "SY", "UA", "AF", "SO"]),
        )
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3]))
    ]


def make_profiles(persons: list[Person], *, today: dt.date, seed: int, participant=lambda p: False) -> int:
    """Competence profiles with work experience for persons who have none, in bulk."""
    rng = random.Random(seed)
    have = set(
        CompetenceProfile.objects.filter(person__in=[p.pk for p in persons]).values_list(
            "person_id", flat=True
        )
    )
    persons = [p for p in persons if p.pk not in have]
    profiles = [
        CompetenceProfile(person_id=p.pk, programme_participant=participant(p), **profile_fields(rng, today))
        for p in persons
    ]
    CompetenceProfile.objects.bulk_create(profiles, batch_size=1000)
    by_person = dict(
        CompetenceProfile.objects.filter(person__in=[p.pk for p in persons]).values_list("person_id", "pk")
    )
    WorkExperience.objects.bulk_create(
        (
            WorkExperience(profile_id=by_person[p.pk], occupation=code, years=years, country=country)
            for p in persons
            for code, years, country in experience_rows(rng)
        ),
        batch_size=1000,
    )
    return len(profiles)


def make_employers(municipalities, count: int, *, seed: int, serial_from: int = 1000) -> list[Employer]:
    rng = random.Random(seed)
    employers = []
    for i in range(count):
        municipal = rng.random() < 0.3
        municipality = municipalities[i % len(municipalities)]
        employers.append(
            Employer(
                name=f"Arbeidsgiver {i + 1} ({municipality.name})",
                kind=EmployerKind.MUNICIPAL if municipal else EmployerKind.PRIVATE,
                org_number="" if municipal else synthetic_org_number(serial_from + i),
                industry=rng.choice(Industry.values),
                municipality=municipality,
            )
        )
    return Employer.objects.bulk_create(employers, batch_size=1000)


def make_openings(
    employers: list[Employer], count: int, *, today: dt.date, seed: int, created_by
) -> list[Opening]:
    """Openings of every kind with a realistic spread of requirements, in bulk."""
    rng = random.Random(seed)
    openings = []
    for i in range(count):
        employer = employers[i % len(employers)]
        kind = rng.choice(OpeningKind.values)
        openings.append(
            Opening(
                employer=employer,
                title=f"Stilling {i + 1}",
                kind=kind,
                occupation=_pick(rng, COMMON_OCCUPATIONS),
                hours_per_week=rng.choice([15, 20, 30, 37]),
                starts_on=today + dt.timedelta(days=rng.randint(-30, 150)),
                municipality_id=employer.municipality_id,
                bus_connection=rng.random() < 0.75,
                transport_provided=rng.random() < 0.1,
                language_set_by="Arbeidsgiver og rådgiver",
                created_by=created_by,
            )
        )
    openings = Opening.objects.bulk_create(openings, batch_size=1000)
    requirements = []
    for opening in openings:
        if rng.random() < 0.8:
            level = rng.choice(["A1", "A2", "A2", "B1", "B1", "B2"])
            requirements.append(
                OpeningRequirement(
                    opening=opening, kind="norwegian_oral", value=level, required=rng.random() < 0.6
                )
            )
        if rng.random() < 0.3:
            requirements.append(
                OpeningRequirement(
                    opening=opening, kind="norwegian_written", value=rng.choice(["A2", "B1"]), required=False
                )
            )
        if rng.random() < 0.25:
            requirements.append(
                OpeningRequirement(opening=opening, kind="licence", value="B", required=rng.random() < 0.5)
            )
        if rng.random() < 0.25:
            requirements.append(
                OpeningRequirement(
                    opening=opening, kind="experience", value=str(rng.randint(1, 3)), required=False
                )
            )
        if rng.random() < 0.2:
            requirements.append(
                OpeningRequirement(
                    opening=opening,
                    kind="certificate",
                    value=rng.choice(Certificate.values),
                    required=rng.random() < 0.5,
                )
            )
        for demand in rng.sample(PhysicalDemand.values, k=rng.choice([0, 0, 1, 2])):
            requirements.append(
                OpeningRequirement(
                    opening=opening, kind="physical", value=demand, required=rng.random() < 0.4
                )
            )
    OpeningRequirement.objects.bulk_create(requirements, batch_size=2000)
    return openings
