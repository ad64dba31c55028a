"""Demo data for the settlement process in Hemsedal and Ål: the municipal defaults (marked assumed),
IMDi's request and the council's decision for this year and next, and about twelve cases in every
stage of the board, made through the services so that their duties before arrival are made too.

Arrived cases are registered through ``case_arrive`` (the register gets them as households), and
Hemsedal has a family reunification joining a settled person. Cases held for a dwelling are left to
the housing demo, which runs after this one and calls ``services.case_dwelling_set``.
The integration service's record is added for settled persons who have none: a permit by category,
housing, and for adults Norwegian training hours and some tests passed.
Re-runnable: a municipality that already has cases gets none new. Every name is synthetic.
"""

import datetime as dt
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.core.dates import add_years
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality, Sector

from . import services
from .models import (
    HousingType,
    IntegrationRecord,
    NorwegianRight,
    NorwegianTest,
    NorwegianTraining,
    PermitType,
    SettlementCase,
    SettlementSetting,
    Stage,
)

MUNICIPALITIES = {"3326": "Hemsedal", "3328": "Ål"}
DEFAULT_SOURCE = "Kommunal standard, ikke fastsatt i kilde"
DEFAULTS = {SettlementSetting.Key.REPLY_DAYS: 14, SettlementSetting.Key.FIRST_WEEKS_DAYS: 28}
# Persons requested and decided this year and next (made-up numbers of the plans' size).
REQUESTS = {"3326": ((15, 2, 12, 0), (15, 0, 12, 0)), "3328": ((25, 3, 20, 2), (22, 2, 20, 0))}

# Synthetic names by country background: (family names, female given names, male given names, language).
NAMES = {
    "SY": (
        ["Haddad", "Khalil", "Nasser", "Sabbagh", "Darwish"],
        ["Lina", "Rania", "Huda", "Nour", "Salma"],
        ["Karim", "Omar", "Samir", "Tarek", "Yusuf"],
        "ar",
    ),
    "AF": (
        ["Rahimi", "Ahmadi", "Sadat", "Noori", "Hakimi"],
        ["Zahra", "Maryam", "Parisa", "Nilofar", "Shabnam"],
        ["Ahmad", "Farid", "Jawad", "Hamid", "Reza"],
        "prs",
    ),
    "ER": (
        ["Tesfay", "Kidane", "Haile", "Berhane", "Gebre"],
        ["Selam", "Helen", "Saba", "Yordanos", "Ruth"],
        ["Dawit", "Yonas", "Filmon", "Samuel", "Mehari"],
        "ti",
    ),
    "CD": (
        ["Mukendi", "Ilunga", "Kabongo", "Tshibanda", "Mbuyi"],
        ["Grace", "Esther", "Nadine", "Aline", "Divine"],
        ["Patrick", "Jean", "Emmanuel", "Olivier", "Christian"],
        "fr",
    ),
}
# The plan of one municipality's cases: stage wanted, members (adults, children), origin, category.
PLAN = [
    (Stage.PROPOSED, 2, 2, "abroad", "resettlement_refugee"),
    (Stage.PROPOSED, 1, 0, "reception_centre", "asylum_reception_centre"),
    (Stage.PROPOSED, 2, 3, "abroad", "resettlement_refugee"),
    (Stage.ACCEPTED, 2, 1, "abroad", "resettlement_refugee"),
    (Stage.ACCEPTED, 1, 2, "reception_centre", "asylum_reception_centre"),
    (Stage.ACCEPTED, 2, 2, "abroad", "resettlement_refugee"),
    (Stage.ACCEPTED, 1, 0, "reception_centre", "unaccompanied_minor"),
    (Stage.ACCEPTED, 2, 4, "abroad", "resettlement_refugee"),
    (Stage.ARRIVED, 2, 2, "abroad", "resettlement_refugee"),
    (Stage.ARRIVED, 1, 1, "reception_centre", "asylum_reception_centre"),
    (Stage.SETTLED, 2, 3, "abroad", "resettlement_refugee"),
    (Stage.SETTLED, 1, 0, "reception_centre", "asylum_reception_centre"),
]


def _actor(municipality: Municipality) -> Actor:
    user = (
        get_user_model()
        .objects.filter(
            memberships__sector=Sector.INTEGRATION_SERVICE, memberships__unit__municipalities=municipality
        )
        .order_by("pk")
        .first()
    )
    return Actor(user=user, detail="demo")


def _members(rng: random.Random, country: str, adults: int, children: int, today: dt.date, exact: bool):
    families, female, male, language = NAMES[country]
    family = rng.choice(families)
    rows = []
    for i in range(adults):
        sex = "female" if i == 0 else "male"
        birth = add_years(today, -rng.randint(24, 48)) - dt.timedelta(days=rng.randint(0, 360))
        given = rng.choice(female if sex == "female" else male)
        if children == 0 and adults == 1 and rng.random() < 0.5:
            sex, given = "male", rng.choice(male)
        rows.append(
            {
                "given_name": given,
                "family_name": family,
                "birth_date": birth,
                "birth_year": birth.year,
                "sex": sex,
                "role": "reference" if i == 0 else "spouse",
                "languages": [language],
                "interpreter_language": language if rng.random() < 0.8 else "",
            }
        )
    for _ in range(children):
        sex = rng.choice(["female", "male"])
        birth = add_years(today, -rng.randint(1, 16)) - dt.timedelta(days=rng.randint(0, 360))
        rows.append(
            {
                "given_name": rng.choice(female if sex == "female" else male),
                "family_name": family,
                # IMDi often knows only a child's birth year until arrival.
                "birth_date": birth if exact or rng.random() < 0.5 else None,
                "birth_year": birth.year,
                "sex": sex,
                "role": "child",
                "languages": [language],
            }
        )
    return family, rows


def _settings(municipality: Municipality, today: dt.date) -> None:
    valid_from = dt.date(today.year - 1, 1, 1)
    for key, value in DEFAULTS.items():
        if not SettlementSetting.objects.filter(municipality=municipality, key=key).exists():
            services.setting_save(municipality, key, value, valid_from, DEFAULT_SOURCE, assumed=True)


def _requests(actor: Actor, municipality: Municipality, today: dt.date) -> None:
    for offset, (requested, minors, decided, decided_minors) in enumerate(REQUESTS[municipality.number]):
        year = today.year + offset
        services.request_save(
            actor,
            municipality,
            year,
            {
                "received_on": dt.date(year - 1, 9, 1) if dt.date(year - 1, 9, 1) <= today else None,
                "requested": requested,
                "requested_unaccompanied": minors,
                "wishes": "Familier med barn, helst ikke over seks personer.",
                "decided": decided if dt.date(year - 1, 11, 1) <= today else None,
                "decided_unaccompanied": decided_minors if dt.date(year - 1, 11, 1) <= today else None,
                "decided_on": dt.date(year - 1, 11, 1) if dt.date(year - 1, 11, 1) <= today else None,
                "council_case_number": f"{year - 1}/{140 + offset}",
            },
            channel=AuditChannel.SYSTEM,
        )


def _cases(actor: Actor, municipality: Municipality, today: dt.date, rng: random.Random) -> None:
    countries = list(NAMES)
    for index, (stage, adults, children, origin, category) in enumerate(PLAN):
        country = countries[index % len(countries)]
        arrives = stage in (Stage.ARRIVED, Stage.SETTLED)
        family, members = _members(rng, country, adults, children, today, exact=arrives)
        received = today - dt.timedelta(days=(120 if arrives else 5 + 7 * index))
        data = {
            "kind": "proposal",
            "name": family,
            "imdi_reference": f"IMDi-{municipality.number}-{1000 + index}",
            "category": category,
            "origin": origin,
            "country_background": country,
            "reception_centre": "Mottak i Innlandet" if origin == "reception_centre" else "",
            "stated_needs": "Trenger bolig uten trapper." if index % 5 == 2 else "",
            "received_on": received,
            "expected_arrival": None if arrives else today + dt.timedelta(days=20 + 9 * index),
        }
        case = services.case_create(actor, municipality, data, members, channel=AuditChannel.SYSTEM)
        if stage == Stage.PROPOSED:
            continue
        replied = received + dt.timedelta(days=4)
        services.case_reply(actor, case, True, min(replied, today), channel=AuditChannel.SYSTEM)
        if not arrives:
            continue
        arrived = today - dt.timedelta(days=70 if stage == Stage.SETTLED else 10)
        services.case_arrive(actor, case, arrived, channel=AuditChannel.SYSTEM)
        if stage == Stage.SETTLED:
            services.case_settle(actor, case, arrived + dt.timedelta(days=28), channel=AuditChannel.SYSTEM)


def _reunification(actor: Actor, municipality: Municipality, today: dt.date) -> None:
    settled = (
        Person.objects.filter(
            municipality=municipality,
            household__isnull=False,
            moved_out_on__isnull=True,
            birth_date__lte=add_years(today, -25),
        )
        .order_by("pk")
        .first()
    )
    if settled is None:
        return
    child_birth = add_years(today, -11) - dt.timedelta(days=40)
    case = services.case_create(
        actor,
        municipality,
        {
            "kind": "family_reunification",
            "name": settled.family_name,
            "category": "family_reunification",
            "origin": "abroad",
            "country_background": settled.country_background,
            "received_on": today - dt.timedelta(days=30),
            "expected_arrival": today + dt.timedelta(days=35),
            "joins": settled,
            "applied_on": today - dt.timedelta(days=400),
            "granted_on": today - dt.timedelta(days=40),
        },
        [
            {
                "given_name": "Miriam",
                "family_name": settled.family_name,
                "birth_date": child_birth,
                "birth_year": child_birth.year,
                "sex": "female",
                "role": "child",
                "languages": list(settled.languages or []),
            }
        ],
        channel=AuditChannel.SYSTEM,
    )
    services.case_reply(actor, case, True, today - dt.timedelta(days=25), channel=AuditChannel.SYSTEM)


def load(*, today, seed, out) -> None:
    rng = random.Random(seed)
    for number in MUNICIPALITIES:
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None:
            continue
        actor = _actor(municipality)
        with transaction.atomic():
            _settings(municipality, today)
            _requests(actor, municipality, today)
            if not SettlementCase.objects.filter(municipality=municipality).exists():
                _cases(actor, municipality, today, rng)
                if number == "3326":
                    _reunification(actor, municipality, today)
        stages = Counter(
            SettlementCase.objects.filter(municipality=municipality).values_list("stage", flat=True)
        )
        summary = ", ".join(f"{Stage(s).label}: {stages.get(s, 0)}" for s in Stage.values if stages.get(s))
        out.write(f"{municipality.name}: bosettingssaker – {summary}.")
    with transaction.atomic():
        records = _integration_records(today, rng)
    out.write(f"Integreringstjenesten: {records} nye personopplysninger om opphold, bolig og norsk.")


# The permit a settlement category usually comes with, for the demo's integration records.
PERMIT_BY_CATEGORY = {
    "resettlement_refugee": PermitType.RESETTLEMENT,
    "asylum_reception_centre": PermitType.ASYLUM,
    "family_reunification": PermitType.FAMILY,
    "temporary_collective_protection": PermitType.COLLECTIVE_PROTECTION,
    "unaccompanied_minor": PermitType.ASYLUM,
}
HOUSING = [
    HousingType.MUNICIPAL_RENTAL,
    HousingType.PRIVATE_RENTAL,
    HousingType.MUNICIPAL_RENTAL,
    HousingType.OWNED,
]
LEVELS = ["A1", "A2", "A2", "B1", "B1", "B2"]


def _integration_records(today: dt.date, rng: random.Random) -> int:
    """The integration service's record for settled persons who have none: the permit, housing, and for
    adults the Norwegian training and tests passed; unaccompanied minors get a guardian or aftercare."""
    made = 0
    persons = (
        Person.objects.filter(settlement__isnull=False, integration_record__isnull=True)
        .select_related("settlement")
        .order_by("pk")
    )
    for i, person in enumerate(persons):
        settlement = person.settlement
        settled_on = settlement.settled_on
        if settled_on > today:
            continue
        category = settlement.category
        years_here = (today - settled_on).days / 365
        record = IntegrationRecord(
            person=person,
            permit_type=PERMIT_BY_CATEGORY.get(category, PermitType.OTHER),
            housing_type=HOUSING[i % len(HOUSING)],
        )
        if category == "temporary_collective_protection" or years_here < 3:
            record.permit_expires_on = add_years(settled_on, 3)
        else:
            record.permanent_residence_on = add_years(settled_on, 3) + dt.timedelta(days=rng.randint(20, 120))
            if record.permanent_residence_on > today:
                record.permanent_residence_on = None
                record.permit_expires_on = add_years(settled_on, 3)
        if category == "unaccompanied_minor":
            adult_on = add_years(person.birth_date, 18)
            record.housing_type = HousingType.SUPPORTED
            if adult_on > today:
                record.guardian = "Verge oppnevnt av statsforvalteren"
            else:
                record.aftercare_until = add_years(person.birth_date, 20) - dt.timedelta(days=1)
        record.save()
        if add_years(person.birth_date, 18) <= today:
            NorwegianTraining.objects.create(
                person=person,
                right=NorwegianRight.RIGHT_AND_DUTY
                if category != "temporary_collective_protection"
                else NorwegianRight.RIGHT,
                hours_completed=min(int(years_here * 250), 600),
            )
            passed = int(min(years_here * 2, len(LEVELS)))
            for n in range(rng.randint(0, passed)):
                day = settled_on + dt.timedelta(days=180 * (n + 1))
                if day <= today:
                    NorwegianTest.objects.create(
                        person=person,
                        level=LEVELS[n],
                        part="oral" if n % 2 == 0 else "written",
                        passed_on=day,
                    )
        made += 1
    return made
