"""Settlement cases for the tests: made through the services, with dates counted from today."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.routines.models import Routine
from lagrundt.settlement import services

BEFORE = {"from": "expected_arrival", "working_day": "before", "when": {}}


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def family(name="Nasser", child_age=9):
    """A couple and a school child; the child's birth date is not known, only the year."""
    today = timezone.localdate()
    return [
        {
            "given_name": "Lina",
            "family_name": name,
            "birth_year": 1988,
            "birth_date": dt.date(1988, 3, 2),
            "sex": "female",
            "role": "reference",
            "languages": ["ar"],
            "interpreter_language": "ar",
        },
        {
            "given_name": "Karim",
            "family_name": name,
            "birth_year": 1985,
            "birth_date": dt.date(1985, 6, 9),
            "sex": "male",
            "role": "spouse",
            "languages": ["ar", "en"],
        },
        {
            "given_name": "Omar",
            "family_name": name,
            "birth_year": today.year - child_age,
            "sex": "male",
            "role": "child",
        },
    ]


@pytest.fixture(autouse=True)
def in_english(client):
    """Pages and messages are asserted in English, the source language, so translations can change."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def actor(world):
    return Actor(user=world.users["integration"], detail="test")


@pytest.fixture
def make_case(world, actor):
    def make(municipality=None, *, name="Nasser", members=None, **data):
        values = {
            "kind": "proposal",
            "name": name,
            "category": "resettlement_refugee",
            "origin": "abroad",
            "country_background": "SY",
            "received_on": timezone.localdate(),
            **data,
        }
        return services.case_create(actor, municipality or world.hemsedal, values, members or family(name))

    return make


@pytest.fixture
def pre_arrival_routines(world):
    """Three sectors' duties before arrival in Hemsedal, as the profile reader makes them."""
    specs = [
        ("t.dwelling", "integration_service", "settlement", {**BEFORE, "offset": {"days": -28}}),
        (
            "t.school",
            "school",
            "education",
            {**BEFORE, "offset": {"days": -14}, "when": {"has_children_aged": {"from": 6, "to": 15}}},
        ),
        ("t.health", "health", "health", {**BEFORE, "offset": {"days": -14}}),
    ]
    return [
        Routine.objects.create(
            municipality=world.hemsedal,
            key=key,
            profile="test",
            title_nb=key,
            title_nn=key,
            title_en=key,
            sector=sector,
            section=section,
            applies_to="case",
            spec=spec,
            source="test",
            basis="plan",
        )
        for key, sector, section, spec in specs
    ]
