"""Demo data for competence and work: employers (municipal departments and made-up private firms with
synthetic organisation numbers), openings including Hemsedal's winter season, competence profiles for
the demo adults, placements at every stage, contacts with employers, a job fair with Nav, and Nav's
follow-up and status periods for adults settled more than a year ago.

Re-runnable: employers and openings are found again by name, and profiles, placements and fairs are
only made where there are none yet. Texts from a municipality are in its plan's language form:
bokmål for Hemsedal and Gol, nynorsk for Ål and Hol.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from lagrundt.core.dates import add_years
from lagrundt.people.models import Person
from lagrundt.people.rules import adult_birth_cutoff
from lagrundt.tenancy.models import Municipality

from .models import (
    Agreement,
    CompetenceProfile,
    ContactPerson,
    Employer,
    EmployerContact,
    FollowUpVisit,
    JobFair,
    JobFairEmployer,
    JobFairParticipant,
    NavFollowUp,
    NavStatus,
    Opening,
    OpeningRequirement,
    Placement,
)
from .synthetic import make_profiles, synthetic_org_number
from .vocabulary import NavStatusKind, PlacementOutcome, PlacementState

# name, kind, industry, organisation number serial (private only), contact person
EMPLOYERS = {
    "3326": [
        (
            "Hemsedal kommune, helse og omsorg",
            "municipal",
            "health_care",
            None,
            ("Marit Løkken", "Avdelingsleder"),
        ),
        (
            "Hemsedal kommune, barnehagene",
            "municipal",
            "kindergarten_school",
            None,
            ("Jorunn Grøthe", "Styrer"),
        ),
        (
            "Hemsedal kommune, teknisk drift",
            "municipal",
            "public_administration",
            None,
            ("Per Olav Kvisler", "Driftsleder"),
        ),
        ("Hemsedal kommune, renhold", "municipal", "cleaning", None, ("Anne Brenno", "Renholdsleder")),
        ("Vinterly Fjellhotell AS", "private", "hospitality", 11, ("Eirik Sørbøen", "Driftssjef")),
        ("Toppen Alpin og Skiheis AS", "private", "ski_resort", 12, ("Silje Tuv", "Personalansvarlig")),
        ("Dalen Renhold AS", "private", "cleaning", 13, ("Rune Eidal", "Daglig leder")),
        ("Fjellmat Kjøkken AS", "private", "hospitality", 14, ("Hilde Kvam", "Kjøkkensjef")),
    ],
    "3324": [
        (
            "Gol kommune, helse og omsorg",
            "municipal",
            "health_care",
            None,
            ("Tone Rustand", "Avdelingsleder"),
        ),
        ("Fjellkaféen på Gol AS", "private", "hospitality", 21, ("Knut Bjørnstad", "Daglig leder")),
    ],
    "3328": [
        ("Ål kommune, helse og omsorg", "municipal", "health_care", None, ("Gro Nøreng", "Einingsleiar")),
        ("Ål kommune, reinhald", "municipal", "cleaning", None, ("Sigmund Hestvold", "Reinhaldsleiar")),
        ("Ål kommune, barnehagane", "municipal", "kindergarten_school", None, ("Kari Lien", "Styrar")),
        ("Nordtun Trevare AS", "private", "industry", 31, ("Olav Sundre", "Produksjonsleiar")),
        ("Hallingmat Daglegvare AS", "private", "retail", 32, ("Ingunn Flaten", "Butikksjef")),
    ],
    "3330": [
        ("Hol kommune, teknisk", "municipal", "public_administration", None, ("Arne Geilo", "Driftsleiar"))
    ],
}

# employer, title, kind, occupation, hours, start (days from today), length (days), requirements, extra
WINTER = dict(bus_connection=True, how_to_get_there="Skibussen går fra sentrum hver halvtime.")
OPENINGS = [
    (
        "Vinterly Fjellhotell AS",
        "Romvert, vintersesongen",
        "seasonal",
        "9112",
        37,
        20,
        130,
        [("norwegian_oral", "A2", True)],
        dict(WINTER, tasks="Renhold av rom og fellesarealer."),
    ),
    (
        "Toppen Alpin og Skiheis AS",
        "Heisvakt, vintersesongen",
        "seasonal",
        "9629",
        37,
        20,
        130,
        [("norwegian_oral", "A2", False), ("physical", "outdoor_cold", True)],
        dict(WINTER, tasks="Vakt ved skiheisen."),
    ),
    (
        "Fjellmat Kjøkken AS",
        "Kjøkkenhjelp, vintersesongen",
        "seasonal",
        "9412",
        30,
        25,
        120,
        [("certificate", "food_hygiene", False), ("physical", "long_standing", True)],
        WINTER,
    ),
    (
        "Hemsedal kommune, barnehagene",
        "Språkpraksis i barnehage",
        "language_practice",
        "5311",
        20,
        10,
        180,
        [("norwegian_oral", "A1", True)],
        dict(tasks="Være med i leik og måltider. Flyktningeløftet."),
    ),
    (
        "Hemsedal kommune, helse og omsorg",
        "Helsefagarbeider, vikariat",
        "temporary",
        "5321",
        30,
        30,
        180,
        [
            ("norwegian_oral", "B1", True),
            ("norwegian_written", "B1", False),
            ("certificate", "health_authorisation", False),
        ],
        dict(tasks="Stell og omsorg i hjemmetjenesten.", transport_provided=True),
    ),
    (
        "Hemsedal kommune, teknisk drift",
        "Vaktmester, traineeplass",
        "trainee",
        "5153",
        37,
        40,
        365,
        [("licence", "B", True), ("physical", "heavy_lifting", False)],
        dict(bus_connection=False),
    ),
    (
        "Fjellkaféen på Gol AS",
        "Servitør",
        "permanent",
        "5131",
        30,
        14,
        None,
        [("norwegian_oral", "B1", False)],
        {},
    ),
    (
        "Ål kommune, reinhald",
        "Språkpraksis i reinhald",
        "language_practice",
        "9112",
        20,
        7,
        120,
        [("norwegian_oral", "A1", False)],
        dict(tasks="Reinhald på Ål kulturhus."),
    ),
    (
        "Hallingmat Daglegvare AS",
        "Butikkmedarbeidar",
        "permanent",
        "5223",
        30,
        30,
        None,
        [("norwegian_oral", "B1", True), ("norwegian_written", "A2", False)],
        {},
    ),
    (
        "Nordtun Trevare AS",
        "Produksjonsmedarbeidar",
        "temporary",
        "8172",
        37,
        21,
        180,
        [("certificate", "forklift", False), ("physical", "heavy_lifting", True)],
        dict(tasks="Kapping og pakking."),
    ),
    (
        "Ål kommune, barnehagane",
        "Arbeidspraksis i barnehage",
        "work_practice",
        "5311",
        30,
        14,
        180,
        [("norwegian_oral", "A2", True)],
        {},
    ),
]


def _municipalities() -> dict[str, Municipality]:
    return {m.number: m for m in Municipality.objects.filter(number__in=EMPLOYERS)}


def _author():
    User = get_user_model()
    return (
        User.objects.filter(username__in=["hemsedal-integrering", "aal-integrering"])
        .order_by("username")
        .first()
        or User.objects.filter(is_superuser=True).first()
    )


def load(*, today: dt.date, seed: int, out) -> None:
    municipalities = _municipalities()
    author = _author()
    if not municipalities or author is None:
        out.write("Arbeid: ingen demokommuner eller brukere, hopper over.")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        employers = _employers(municipalities, today)
        openings = _openings(employers, today, author)
        profiles = _profiles(municipalities, today, seed)
        placements = _placements(municipalities, employers, openings, today, rng, author)
        fair = _fair(municipalities, employers, today, rng)
        nav = _nav_records(municipalities, today, rng)
    out.write(
        f"Arbeid: {len(employers)} arbeidsgivere, {len(openings)} stillinger, "
        f"{profiles} nye kompetanseprofiler, {placements} nye praksisplasser"
        f"{', et jobbtreff' if fair else ''}, {nav} nye oppfølginger fra Nav."
    )


def _employers(municipalities, today) -> dict[str, Employer]:
    found = {}
    for number, rows in EMPLOYERS.items():
        municipality = municipalities.get(number)
        if municipality is None:
            continue
        for i, (name, kind, industry, serial, (contact, role)) in enumerate(rows):
            employer, created = Employer.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults=dict(
                    kind=kind,
                    industry=industry,
                    org_number=synthetic_org_number(serial) if serial else "",
                ),
            )
            found[name] = employer
            if created:
                ContactPerson.objects.create(employer=employer, name=contact, role=role)
                if kind == "private" or i % 2 == 0:
                    Agreement.objects.create(
                        employer=employer,
                        kind="language_practice" if kind == "municipal" else "work_practice",
                        signed_on=today - dt.timedelta(days=200 + 30 * i),
                    )
                # Some were contacted last week, some not in four months: the meeting's third list.
                days = 7 + 25 * i if i % 3 else 130
                EmployerContact.objects.create(
                    employer=employer,
                    contacted_on=today - dt.timedelta(days=days),
                    kind="visit" if i % 2 else "phone",
                    note="Snakket om behov for folk."
                    if number in ("3326", "3324")
                    else "Snakka om behov for folk.",
                    by=_author(),
                )
    return found


def _openings(employers, today, author) -> list[Opening]:
    found = []
    for name, title, kind, occupation, hours, start, length, requirements, extra in OPENINGS:
        employer = employers.get(name)
        if employer is None:
            continue
        starts_on = today + dt.timedelta(days=start)
        opening, created = Opening.objects.get_or_create(
            employer=employer,
            title=title,
            defaults=dict(
                kind=kind,
                occupation=occupation,
                hours_per_week=hours,
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=length) if length else None,
                municipality_id=employer.municipality_id,
                language_set_by="Leder og integreringstjenesten" if requirements else "",
                language_set_on=today - dt.timedelta(days=5) if requirements else None,
                created_by=author,
                **extra,
            ),
        )
        if created:
            OpeningRequirement.objects.bulk_create(
                OpeningRequirement(opening=opening, kind=k, value=v, required=r) for k, v, r in requirements
            )
        found.append(opening)
    return found


def _adults(municipalities, today):
    return list(
        Person.objects.filter(
            municipality__in=municipalities.values(),
            moved_out_on__isnull=True,
            birth_date__lte=adult_birth_cutoff(today),
            birth_date__gte=add_years(today, -62),
        )
        .select_related("settlement")
        .order_by("pk")
    )


def _profiles(municipalities, today, seed) -> int:
    adults = _adults(municipalities, today)
    chosen = [p for i, p in enumerate(adults) if i % 5 != 4]  # four in five adults have been mapped

    def participant(person):
        settlement = getattr(person, "settlement", None)
        return settlement is not None and (today - settlement.settled_on).days < 2 * 365

    return make_profiles(chosen, today=today, seed=seed, participant=participant)


def _placements(municipalities, employers, openings, today, rng, author) -> int:
    if Placement.objects.filter(municipality__in=municipalities.values()).exists():
        return 0
    profiles = list(
        CompetenceProfile.objects.filter(person__municipality__in=municipalities.values(), seeking=True)
        .select_related("person")
        .order_by("person_id")
    )
    rng.shuffle(profiles)
    employer_list = sorted(employers.values(), key=lambda e: e.name)
    # (state, outcome, days ago it started): a spread from fresh proposals to job offers.
    plan = [
        (PlacementState.PROPOSED, "", None),
        (PlacementState.PROPOSED, "", None),
        (PlacementState.AGREED, "", None),
        (PlacementState.STARTED, "", 40),
        (PlacementState.STARTED, "", 70),
        (PlacementState.STARTED, "", 20),
        (PlacementState.ENDED, PlacementOutcome.JOB_OFFER, 200),
        (PlacementState.ENDED, PlacementOutcome.JOB_OFFER, 150),
        (PlacementState.ENDED, PlacementOutcome.EXTENDED, 180),
        (PlacementState.ENDED, PlacementOutcome.ENDED, 120),
        (PlacementState.ENDED, PlacementOutcome.EDUCATION, 240),
        (PlacementState.WITHDRAWN, "", None),
    ]
    made = 0
    for i, profile in enumerate(profiles[: len(plan) * 3]):
        state, outcome, started = plan[i % len(plan)]
        person = profile.person
        local = [e for e in employer_list if e.municipality_id == person.municipality_id] or employer_list
        employer = local[i % len(local)]
        opening = next((o for o in openings if o.employer_id == employer.pk), None)
        proposed_on = today - dt.timedelta(days=(started or 10) + 14)
        placement = Placement(
            person=person,
            municipality_id=person.municipality_id,
            employer=employer,
            opening=opening if state in (PlacementState.PROPOSED, PlacementState.AGREED) else None,
            kind=opening.kind if opening else "work_practice",
            state=state,
            proposed_on=proposed_on,
            hours_per_week=rng.choice([20, 30, 37]),
        )
        if state in (PlacementState.AGREED, PlacementState.STARTED, PlacementState.ENDED):
            placement.agreed_on = proposed_on + dt.timedelta(days=7)
            placement.supervisor = "Kontaktperson hos arbeidsgiver"
            placement.mentor = rng.choice(["", "Mentor fra arbeidsplassen"])
        if started:
            placement.started_on = today - dt.timedelta(days=started)
            placement.starts_on = placement.started_on
            placement.ends_on = placement.started_on + dt.timedelta(days=90)
        if state == PlacementState.ENDED:
            placement.ended_on = placement.started_on + dt.timedelta(days=90)
            placement.outcome = outcome
            placement.end_reason = "period_over" if outcome == PlacementOutcome.ENDED else ""
        if state == PlacementState.WITHDRAWN:
            placement.outcome_note = "Arbeidsgiveren hadde ikke plass likevel."
        placement.save()
        if started:
            FollowUpVisit.objects.create(
                placement=placement,
                visited_on=placement.started_on + dt.timedelta(days=14),
                kind="visit",
                note="Trives og lærer mye.",
                by=author,
            )
        made += 1
    return made


def _fair(municipalities, employers, today, rng) -> JobFair | None:
    hemsedal = municipalities.get("3326")
    if hemsedal is None:
        return None
    fair, created = JobFair.objects.get_or_create(
        municipality=hemsedal,
        title="Jobbtreff med Nav før vintersesongen",
        defaults=dict(
            held_on=today - dt.timedelta(days=35),
            place="Hemsedal kulturhus",
            with_nav=True,
            description="Arbeidsgivere i reiseliv og kommunen møter deltakere i introduksjonsprogrammet.",
            outcome_note="To arbeidsgivere meldte inn sesongstillinger etter treffet.",
        ),
    )
    if not created:
        return fair
    local = [e for e in employers.values() if e.municipality_id == hemsedal.pk]
    for i, employer in enumerate(sorted(local, key=lambda e: e.name)):
        JobFairEmployer.objects.create(fair=fair, employer=employer, attended=i % 4 != 3)
    people = CompetenceProfile.objects.filter(person__municipality=hemsedal, seeking=True).order_by(
        "person_id"
    )[:12]
    for i, profile in enumerate(people):
        JobFairParticipant.objects.create(fair=fair, person_id=profile.person_id, attended=i % 5 != 4)
    Opening.objects.filter(employer__in=local, kind="seasonal").update(job_fair=fair)
    return fair


# The statuses Nav records for the demo adults after the programme: most in work or education.
NAV_PATHS = [
    (NavStatusKind.MEASURE, NavStatusKind.WORK),
    (NavStatusKind.JOB_SEEKER, NavStatusKind.WORK),
    (NavStatusKind.MEASURE, NavStatusKind.EDUCATION),
    (NavStatusKind.JOB_SEEKER, NavStatusKind.BENEFIT),
    (NavStatusKind.MEASURE, NavStatusKind.JOB_SEEKER),
    (NavStatusKind.JOB_SEEKER, NavStatusKind.MEASURE),
]


def _nav_records(municipalities, today, rng) -> int:
    """Nav's follow-up of two in three adults settled more than a year ago: a contact person, a status
    from the settlement's first year and the next one, and a transition meeting for those settled two
    years or more. Only persons with no Nav record yet."""
    made = 0
    known = set(NavFollowUp.objects.values_list("person_id", flat=True))
    for i, person in enumerate(_adults(municipalities, today)):
        settlement = getattr(person, "settlement", None)
        if settlement is None or person.pk in known or i % 3 == 2:
            continue
        settled_on = settlement.settled_on
        if (today - settled_on).days < 365:
            continue
        first, second = NAV_PATHS[i % len(NAV_PATHS)]
        start = max(settled_on, person.birth_date) + dt.timedelta(days=rng.randint(30, 200))
        change = start + dt.timedelta(days=rng.randint(90, 300))
        if change >= today:
            NavStatus.objects.create(person=person, status=first, from_date=start)
        else:
            NavStatus.objects.create(
                person=person, status=first, from_date=start, to_date=change - dt.timedelta(days=1)
            )
            NavStatus.objects.create(person=person, status=second, from_date=change)
        meeting = settled_on + dt.timedelta(days=2 * 365)
        NavFollowUp.objects.create(
            person=person,
            contact_person="Veileder ved Nav Hallingdal",
            transition_meeting_on=meeting if meeting < today else None,
        )
        made += 1
    return made
