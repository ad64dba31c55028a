"""Planned settlements as persons the rules count: how many, what kind, and shapes from history."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.finance.rules import schedule
from lagrundt.finance.scenarios import Shapes, apportion, planned_people, planned_shapes, register_shapes
from lagrundt.finance.services import check_planned
from lagrundt.people.models import SettlementCategory as Cat

from .conftest import own_parameters


def planned(**numbers):
    base = dict(
        year=2027,
        persons=0,
        unaccompanied_minors=0,
        minors_age=16,
        single_adults=None,
        adults_in_families=None,
        children=None,
        children_under_6=None,
        elderly=None,
        collective_protection=0,
    )
    return SimpleNamespace(**{**base, **numbers})


@given(st.integers(0, 500), st.lists(st.integers(0, 50), min_size=1, max_size=6))
def test_apportion_always_adds_up(total, weights):
    parts = apportion(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts) == (total if sum(weights) else 0)
    assert all(p >= 0 for p in parts)


def test_a_council_decision_of_30_with_5_minors_gives_30_persons_shaped_as_history():
    history = Shapes(
        single_adults=10, adults_in_families=20, children_under_6=8, children_6_to_17=12, elderly=3
    )
    p = planned(persons=30, unaccompanied_minors=5)
    shapes, from_register = planned_shapes(p, history)
    assert from_register and shapes.total == 25
    assert (
        shapes.single_adults,
        shapes.adults_in_families,
        shapes.children_under_6,
        shapes.children_6_to_17,
    ) == (
        5,
        10,
        4,
        6,
    )
    people = planned_people(p, shapes, municipality_id=7, elderly_age=60)
    assert (
        len(people) == 30
        and len({x.person_id for x in people}) == 30
        and all(x.person_id < 0 for x in people)
    )
    minors = [x for x in people if x.category == Cat.UNACCOMPANIED_MINOR]
    assert len(minors) == 5 and all(x.settled_on.year - x.birth_date.year == 16 for x in minors)
    assert sum(x.settled_alone for x in people) == 5
    assert {x.settled_on.month for x in people} == {2, 5, 8, 11}  # spread over the quarters


def test_shapes_given_by_the_scenario_are_used_as_given():
    p = planned(
        persons=20,
        unaccompanied_minors=3,
        single_adults=7,
        adults_in_families=5,
        children=5,
        children_under_6=2,
        elderly=1,
        collective_protection=4,
    )
    shapes, from_register = planned_shapes(p, Shapes())
    assert not from_register
    people = planned_people(p, shapes, municipality_id=1, elderly_age=60)
    params = own_parameters()
    codes = [line.code for person in people for line in schedule(person, params) if line.year == 2027]
    assert codes.count("integration.y1.unaccompanied_minor") == 3
    assert codes.count("integration.y1.single_adult") == 7
    assert codes.count("integration.y1.adult") == 5
    assert codes.count("integration.y1.child") == 5
    assert codes.count("kindergarten") == 2
    assert codes.count("elderly") == 1
    assert codes.count("norwegian.collective_protection") >= 1
    assert sum(x.category == Cat.TEMPORARY_COLLECTIVE_PROTECTION for x in people) == 4


@pytest.mark.parametrize(
    ("numbers", "field"),
    [
        ({"persons": 5, "unaccompanied_minors": 6}, "unaccompanied_minors"),
        ({"persons": 10, "single_adults": 3}, "single_adults"),
        ({"persons": 10, "single_adults": 3, "adults_in_families": 3, "children": 3}, "single_adults"),
        (
            {"persons": 9, "single_adults": 3, "adults_in_families": 3, "children": 3, "children_under_6": 4},
            "children_under_6",
        ),
        ({"persons": 9, "single_adults": 3, "adults_in_families": 3, "children": 3, "elderly": 7}, "elderly"),
        ({"persons": 9, "unaccompanied_minors": 2, "collective_protection": 8}, "collective_protection"),
    ],
)
def test_planned_numbers_that_do_not_fit_are_refused_by_field(numbers, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        check_planned(numbers)
    assert field in caught.value.error_dict


def test_history_counts_the_last_five_years_without_the_minors():
    from lagrundt.finance.rules import Entitled

    today = dt.date(2026, 6, 1)
    people = [
        Entitled(
            1, 1, dt.date(1990, 1, 1), Cat.RESETTLEMENT_REFUGEE, dt.date(2024, 1, 1), settled_alone=True
        ),
        Entitled(2, 1, dt.date(1960, 1, 1), Cat.TEMPORARY_COLLECTIVE_PROTECTION, dt.date(2023, 1, 1)),
        Entitled(3, 1, dt.date(2022, 1, 1), Cat.RESETTLEMENT_REFUGEE, dt.date(2024, 1, 1)),
        Entitled(4, 1, dt.date(2012, 1, 1), Cat.RESETTLEMENT_REFUGEE, dt.date(2024, 1, 1)),
        Entitled(5, 1, dt.date(2008, 1, 1), Cat.UNACCOMPANIED_MINOR, dt.date(2024, 1, 1)),
        Entitled(6, 1, dt.date(1990, 1, 1), Cat.RESETTLEMENT_REFUGEE, dt.date(2020, 1, 1)),  # too long ago
        Entitled(7, 2, dt.date(1990, 1, 1), Cat.RESETTLEMENT_REFUGEE, dt.date(2024, 1, 1)),  # elsewhere
    ]
    assert register_shapes(people, 1, today, elderly_age=60) == Shapes(
        single_adults=1,
        adults_in_families=1,
        children_under_6=1,
        children_6_to_17=1,
        elderly=1,
        collective_protection=1,
    )
