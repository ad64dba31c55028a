import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.housing import services
from lagrundt.housing.models import Ownership


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English, the source language, so that translations can change freely."""
    with translation.override("en"):
        yield


@pytest.fixture
def actor(world):
    return Actor(world.users["housing"], detail="test")


def dwelling_data(municipality, **changes):
    data = dict(
        municipality=municipality,
        ownership=Ownership.MUNICIPAL,
        address="Fjellvegen 1",
        rooms=4,
        bedrooms=3,
        floor=1,
        rent=Decimal("9000"),
        charges=Decimal("1000"),
        deposit=Decimal("0"),
        central=True,
        minutes_to_school=10,
        minutes_to_bus=5,
    )
    data.update(changes)
    return data


@pytest.fixture
def dwelling(world, actor):
    return services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal))


@pytest.fixture
def family(world):
    """The Haile household in Hemsedal (five persons, settled two years ago)."""
    return world.persons["adult"].household


@pytest.fixture
def tenancy(world, actor, dwelling, family):
    settled = services.arrival_of(family)
    return services.tenancy_start(actor=actor, dwelling=dwelling, household=family, starts_on=settled)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def case_members(name="Nasser"):
    today = timezone.localdate()
    return [
        {
            "given_name": "Lina",
            "family_name": name,
            "birth_year": 1988,
            "birth_date": dt.date(1988, 3, 2),
            "sex": "female",
            "role": "reference",
        },
        {
            "given_name": "Karim",
            "family_name": name,
            "birth_year": 1985,
            "birth_date": dt.date(1985, 6, 9),
            "sex": "male",
            "role": "spouse",
        },
        {
            "given_name": "Omar",
            "family_name": name,
            "birth_year": today.year - 9,
            "birth_date": dt.date(today.year - 9, 1, 15),
            "sex": "male",
            "role": "child",
        },
    ]


@pytest.fixture
def case(world):
    """An accepted proposal for Hemsedal, expected in 30 days."""
    from lagrundt.settlement import services as settlement

    integration = Actor(world.users["integration"], detail="test")
    made = settlement.case_create(
        integration,
        world.hemsedal,
        {
            "kind": "proposal",
            "name": "Nasser",
            "category": "resettlement_refugee",
            "origin": "abroad",
            "country_background": "SY",
            "received_on": timezone.localdate(),
            "expected_arrival": days(30),
        },
        case_members(),
    )
    return settlement.case_reply(integration, made, True, timezone.localdate())
