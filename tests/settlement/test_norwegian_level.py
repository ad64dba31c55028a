"""«Norwegian level reached in tests»: persons per year by the highest level they passed that year."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.core.measurement import Group, Query
from lagrundt.plans import registry, selectors
from lagrundt.settlement import indicators, services

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def query(world, **group) -> Query:
    year = today().year
    return Query((world.hemsedal.pk,), (year - 1, year), today(), Group(**group))


@pytest.fixture
def tested(world):
    """Abeba: A2 oral last year, B1 oral and A2 written this year. Dawit: A1 this year (not counted) and
    B2 written this year. Hana in Gol: B1 this year (another municipality). This year's days are its
    1 January and today, so the counts hold on any day of the year."""
    actor = Actor(world.users["integration"], detail="test")
    year = today().year
    first = dt.date(year, 1, 1)
    passed = [
        ("adult", "A2", "oral", dt.date(year - 1, 5, 10)),
        ("adult", "B1", "oral", first),
        ("adult", "A2", "written", today()),
        ("spouse", "A1", "oral", first),
        ("spouse", "B2", "written", today()),
        ("gol_adult", "B1", "oral", today()),
    ]
    for key, level, part, day in passed:
        services.norwegian_test_add(
            actor=actor, person=world.persons[key], data={"level": level, "part": part, "passed_on": day}
        )
    return world


def test_each_person_counts_once_a_year_at_the_highest_level(tested):
    year = today().year
    assert indicators.norwegian_level(query(tested)) == {year - 1: [1, 0, 0], year: [0, 1, 1]}


def test_a_group_by_sex(tested):
    year = today().year
    sex = tested.persons["adult"].sex
    assert indicators.norwegian_level(query(tested, sex=sex))[year] == [0, 1, 0]


def test_a_test_not_yet_passed_this_year_is_not_counted(world):
    year = today().year
    assert indicators.norwegian_level(query(world)) == {year - 1: [0, 0, 0], year: [0, 0, 0]}


def test_the_plans_find_it_and_protect_small_counts(tested):
    found = registry.indicator("norwegian_level")
    assert found.app == "settlement" and found.is_computed
    evaluation = selectors.evaluate(found, query(tested))
    # One or two persons a year: hidden, never shown as such.
    shown = [cell.value for row in evaluation.rows for cell in row.cells]
    assert shown and 1 not in shown and 2 not in shown
