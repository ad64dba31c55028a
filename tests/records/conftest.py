import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.core.dates import add_years
from lagrundt.routines import engine
from lagrundt.routines.services import apply_routine_files
from tests.world import make_person


@pytest.fixture
def routines(world):
    """The built-in routine files applied to the world's municipalities (Hemsedal's profile included)."""
    apply_routine_files()


def _newcomer(world, given, family, years, days_ago, serial):
    today = timezone.localdate()
    person = make_person(
        world.hemsedal,
        given,
        family,
        add_years(today, -years) - dt.timedelta(days=100),
        settled_on=today - dt.timedelta(days=days_ago),
        serial=serial,
    )
    engine.refresh_persons([person.pk])
    return person


@pytest.fixture
def pupil(world, routines):
    """A nine-year-old in Hemsedal settled three weeks ago: the school's start duties are open."""
    return _newcomer(world, "Mariam", "Osman", 9, 21, 31)


@pytest.fixture
def toddler(world, routines):
    """A three-year-old in Hemsedal settled two years ago: interpreter talks every half year are due."""
    return _newcomer(world, "Liya", "Osman", 3, 730, 32)


@pytest.fixture
def newcomer(world, routines):
    """An adult in Hemsedal settled ten days ago: the health service's arrival duties are open."""
    return _newcomer(world, "Samir", "Osman", 35, 10, 33)
