"""Demo data for grants and economics: the facts file's rates, scenarios, receipts and costs.

Rates come only from the facts file, with their confidence (most are uncertain, and many are not
known at all: the pages say so). Ål's actual receipts 2021–2024 are those in its plan (chapter 4);
Hemsedal's measure of 416 000 kroner is in its plan's 2025 budget. The introduction benefit and
social assistance figures are made up for the demo and say so. Municipal data is in the
municipality's own language form: bokmål for Hemsedal, nynorsk for Ål. Re-runnable.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from lagrundt.access.audit import Actor
from lagrundt.core.dates import add_years
from lagrundt.people.models import Person, SettlementCategory
from lagrundt.tenancy.models import Municipality

from . import services
from .models import ActualReceipt, CostEntry, CostKind, DisabilityGrant, GrantFacts, GrantGroup, Scenario

AAL_PLAN = "Plan for busetting og inkludering av flyktningar i Ål kommune 2026–2027, kap. 4"
# Ål's plan, chapter 4: grants received, in kroner.
AAL_RECEIPTS = {
    2021: {GrantGroup.INTEGRATION: 8_400_000, GrantGroup.NORWEGIAN: 1_600_000, GrantGroup.OTHER: 446_000},
    2022: {GrantGroup.INTEGRATION: 19_200_000, GrantGroup.NORWEGIAN: 2_600_000, GrantGroup.OTHER: 1_700_000},
    2023: {GrantGroup.INTEGRATION: 45_000_000, GrantGroup.NORWEGIAN: 4_200_000, GrantGroup.OTHER: 2_500_000},
    2024: {GrantGroup.INTEGRATION: 38_000_000, GrantGroup.NORWEGIAN: 3_200_000, GrantGroup.OTHER: 2_400_000},
}
AAL_NOTES = {
    GrantGroup.INTEGRATION: f"Integreringstilskot ({AAL_PLAN})",
    GrantGroup.NORWEGIAN: f"Norsktilskot Ål ({AAL_PLAN})",
    GrantGroup.OTHER: f"Norsktilskot overført frå Hol kommune for elevar frå Hol ({AAL_PLAN})",
}


def _scenario(actor, municipality, name, description, years: dict[int, dict]) -> bool:
    if Scenario.objects.filter(municipality=municipality, name=name).exists():
        return False
    scenario = services.scenario_save(
        actor=actor, municipality=municipality, name=name, description=description
    )
    for year, numbers in years.items():
        services.planned_save(actor=actor, scenario=scenario, year=year, data=numbers)
    return True


def _receipt(actor, municipality, year, grant, amount, note) -> bool:
    if ActualReceipt.objects.filter(municipality=municipality, year=year, grant=grant).exists():
        return False
    services.receipt_save(
        actor=actor, municipality=municipality, year=year, grant=grant, amount=Decimal(amount), note=note
    )
    return True


def _cost(actor, municipality, year, kind, amount, note, label="") -> bool:
    if CostEntry.objects.filter(municipality=municipality, year=year, kind=kind, label=label).exists():
        return False
    services.cost_save(
        actor=actor,
        municipality=municipality,
        year=year,
        kind=kind,
        amount=Decimal(amount),
        label=label,
        note=note,
    )
    return True


def load(*, today: dt.date, seed: int, out) -> None:
    counts = services.seed_from_facts()
    out.write(
        f"Økonomi: {counts['rates']} satser og {counts['parameters']} regelparametere fra faktafila "
        "(mange satser mangler i faktafila og må importeres fra IMDi)."
    )
    User = get_user_model()
    actor = Actor(User.objects.filter(username="admin").first() or User(username="demo"))
    aal = Municipality.objects.filter(slug="aal").first()
    hemsedal = Municipality.objects.filter(slug="hemsedal").first()
    made = 0
    next_year = today.year + 1
    if aal is not None:
        made += _scenario(
            actor,
            aal,
            f"Vedtak {next_year}: 30 personar, 5 einslege mindreårige",
            "Kommunestyret sitt vedtak om busetting (demo). Hushalda som dei siste fem åra.",
            {next_year: {"persons": 30, "unaccompanied_minors": 5, "minors_age": 16}},
        )
        made += _scenario(
            actor,
            aal,
            f"Alternativ: 15 personar i {next_year} og 15 i {next_year + 1}",
            "Same tal over to år, ingen einslege mindreårige (demo).",
            {
                next_year: {"persons": 15, "unaccompanied_minors": 0},
                next_year + 1: {"persons": 15, "unaccompanied_minors": 0},
            },
        )
        for year, grants in AAL_RECEIPTS.items():
            for grant, amount in grants.items():
                made += _receipt(actor, aal, year, grant, amount, AAL_NOTES[grant])
        for year, benefit, assistance in (
            (today.year - 2, 9_800_000, 1_200_000),
            (today.year - 1, 8_900_000, 1_050_000),
        ):
            made += _cost(actor, aal, year, CostKind.INTRODUCTION_BENEFIT, benefit, "Oppdikta demotal.")
            made += _cost(actor, aal, year, CostKind.SOCIAL_ASSISTANCE, assistance, "Oppdikta demotal.")
        made += _demo_person_facts(actor, aal, today, "Oppdikta demodata.")
    if hemsedal is not None:
        made += _scenario(
            actor,
            hemsedal,
            f"Vedtak {next_year}: 15 personer",
            "Kommunestyrets bosettingsvedtak (demo). Husstandene som de siste fem årene.",
            {next_year: {"persons": 15, "unaccompanied_minors": 0}},
        )
        made += _scenario(
            actor,
            hemsedal,
            f"Alternativ: 20 personer, 3 enslige mindreårige i {next_year}",
            "Med flere voksne alene og tre enslige mindreårige (demo).",
            {
                next_year: {
                    "persons": 20,
                    "unaccompanied_minors": 3,
                    "minors_age": 16,
                    "single_adults": 7,
                    "adults_in_families": 5,
                    "children": 5,
                    "children_under_6": 2,
                    "elderly": 1,
                    "collective_protection": 0,
                }
            },
        )
        made += _cost(
            actor,
            hemsedal,
            2025,
            CostKind.MEASURE,
            416_000,
            "Budsjett og handlingsprogram 2025: lønnsmidler til kommunale sysselsettingstiltak, "
            "halvårig prøveprosjekt (Handlingsplan for integrering av flyktninger, Hemsedal 2025).",
            label="Kommunale sysselsettingstiltak",
        )
        for year, benefit, assistance in ((today.year - 1, 4_100_000, 600_000),):
            made += _cost(
                actor, hemsedal, year, CostKind.INTRODUCTION_BENEFIT, benefit, "Oppdiktet demotall."
            )
            made += _cost(
                actor, hemsedal, year, CostKind.SOCIAL_ASSISTANCE, assistance, "Oppdiktet demotall."
            )
        made += _demo_person_facts(actor, hemsedal, today, "Oppdiktet demodata.")
    out.write(f" Scenarier, faktiske tilskudd, kostnader og persondata: {made} nye.\n")


def _demo_person_facts(actor, municipality, today, note) -> int:
    """A disability grant decision and a family immigrant's reference status, for the demo."""
    made = 0
    adult = (
        Person.objects.filter(
            municipality=municipality,
            moved_out_on__isnull=True,
            settlement__settled_on__year=today.year - 1,
            birth_date__lte=add_years(today, -25),
        )
        .order_by("pk")
        .first()
    )
    if adult is not None and not DisabilityGrant.objects.filter(person=adult).exists():
        services.disability_grant_save(
            actor=actor,
            person=adult,
            data={
                "kind": "annual",
                "applied_on": dt.date(today.year - 1, 9, 1),
                "decision": "granted",
                "decided_on": dt.date(today.year - 1, 11, 15),
                "amount_per_year": Decimal(850_000),
                "first_year": today.year - 1,
                "last_year": today.year + 1,
                "note": note,
            },
        )
        made += 1
    immigrant = (
        Person.objects.filter(
            municipality=municipality, settlement__category=SettlementCategory.FAMILY_REUNIFICATION
        )
        .order_by("pk")
        .first()
    )
    if immigrant is not None and not GrantFacts.objects.filter(person=immigrant).exists():
        services.grant_facts_save(
            actor=actor, person=immigrant, data={"reference_status": "humanitarian", "note": note}
        )
        made += 1
    return made
