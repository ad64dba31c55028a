import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.work import services
from lagrundt.work.synthetic import synthetic_org_number


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English, the source language, so that translations can change freely."""
    with translation.override("en"):
        yield


@pytest.fixture
def actor(world):
    return Actor(world.users["integration"], detail="test")


@pytest.fixture
def employers(world, actor):
    """A hotel in Hemsedal (private), Hemsedal's home care (municipal) and a shop in Ål (private)."""
    return {
        "hotel": services.employer_create(
            actor=actor,
            data=dict(
                name="Fjellhotellet AS",
                kind="private",
                org_number=synthetic_org_number(1),
                industry="hospitality",
                municipality=world.hemsedal,
            ),
        ),
        "care": services.employer_create(
            actor=actor,
            data=dict(
                name="Hemsedal kommune, hjemmetjenesten",
                kind="municipal",
                industry="health_care",
                municipality=world.hemsedal,
            ),
        ),
        "shop": services.employer_create(
            actor=Actor(world.users["aal-integration"]),
            data=dict(
                name="Butikken i Ål AS",
                kind="private",
                org_number=synthetic_org_number(2),
                industry="retail",
                municipality=world.aal,
            ),
        ),
    }


def next_month() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def winter_opening(world, actor, employers):
    """Hemsedal's winter season: hotel cleaning, oral Norwegian A2 required (set by the hotel's manager)."""
    return services.opening_create(
        actor=actor,
        employer=employers["hotel"],
        data=dict(
            title="Renholder, vintersesongen",
            kind="seasonal",
            occupation="9112",
            hours_per_week=30,
            starts_on=next_month(),
            ends_on=next_month() + dt.timedelta(days=120),
            language_set_by="Driftssjef og integreringstjenesten",
            language_set_on=timezone.localdate(),
            language_basis="Muntlige beskjeder fra resepsjonen; ingen skriftlige rapporter.",
        ),
        requirements=[{"kind": "norwegian_oral", "value": "A2", "required": True}],
    )


@pytest.fixture
def profiles(world, actor):
    """Abeba (cleaner, A2) and Dawit (cook, A1) in Hemsedal; Hana in Gol (cleaner in homes, B1)."""
    p = world.persons
    services.profile_save(actor=actor, person=p["adult"], data={"norwegian_oral": "A2", "takes_bus": True})
    services.experience_add(actor=actor, person=p["adult"], data={"occupation": "9112", "years": 3})
    services.profile_save(actor=actor, person=p["spouse"], data={"norwegian_oral": "A1"})
    services.experience_add(actor=actor, person=p["spouse"], data={"occupation": "5120", "years": 6})
    services.profile_save(actor=actor, person=p["gol_adult"], data={"norwegian_oral": "B1"})
    services.experience_add(actor=actor, person=p["gol_adult"], data={"occupation": "9111", "years": 1})
    return p
