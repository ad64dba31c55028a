"""The pure rules: bedrooms for a household's composition, and the suggestions with their reasons."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.housing import rules
from lagrundt.housing.profiles import profile_for

RULE = rules.BedroomRule(couple_shares=True, adult_from_age=18, children_share_to_age=12, children_per_room=2)
LIMITS = rules.Limits(RULE, max_rent_share_percent=35, school_minutes=30, bus_minutes=10)


def facts(pk=1, **changes):
    values = dict(
        pk=pk,
        address=f"Vegen {pk}",
        bedrooms=3,
        accessible=False,
        floor=1,
        has_lift=False,
        rent=Decimal("8000"),
        charges=Decimal("1000"),
        central=True,
        minutes_to_school=10,
        minutes_to_bus=5,
        minutes_to_centre=5,
    )
    values.update(changes)
    return rules.DwellingFacts(**values)


@pytest.mark.parametrize(
    ("ages", "couple", "rooms"),
    [
        ((38, 41), True, 1),  # a couple shares
        ((38, 41), False, 2),  # two adults who are not a couple do not
        ((38, 41, 15, 8, 3), True, 3),  # couple; the teenager alone; two small children together
        ((30, 4, 6, 9), False, 3),  # one adult; three small children, two to a room
        ((16,), False, 1),  # an unaccompanied minor
        ((), False, 1),
    ],
)
def test_bedrooms_needed(ages, couple, rooms):
    assert rules.bedrooms_needed(ages, couple, RULE) == rooms


def test_the_bedroom_rule_is_the_profiles_data():
    one_each = rules.BedroomRule(
        couple_shares=True, adult_from_age=18, children_share_to_age=12, children_per_room=1
    )
    assert rules.bedrooms_needed((38, 41, 8, 3), True, RULE) == 2
    assert rules.bedrooms_needed((38, 41, 8, 3), True, one_each) == 3
    assert profile_for("3326").bedrooms == RULE  # Hemsedal has the baseline's default


@given(st.lists(st.integers(0, 90), max_size=10), st.booleans())
def test_bedrooms_never_fewer_than_one_and_never_more_than_persons(ages, couple):
    n = rules.bedrooms_needed(ages, couple, RULE)
    assert 1 <= n <= max(1, len(ages))


@given(st.lists(st.integers(0, 90), max_size=8), st.integers(0, 90))
def test_one_more_person_never_needs_fewer_bedrooms(ages, extra):
    assert rules.bedrooms_needed([*ages, extra], False, RULE) >= rules.bedrooms_needed(ages, False, RULE)


def test_too_few_bedrooms_is_no_suggestion():
    needs = rules.Needs(ages=(38, 41, 15, 8, 3), couple=True)
    assert rules.evaluate(facts(bedrooms=2), needs, LIMITS) is None
    assert rules.evaluate(facts(bedrooms=3), needs, LIMITS) is not None


def test_exact_fit_comes_before_a_larger_dwelling():
    needs = rules.Needs(ages=(38, 41, 8), couple=True, income=Decimal("30000"))
    ranked = rules.rank([facts(1, bedrooms=4), facts(2, bedrooms=2)], needs, LIMITS)
    assert [s.dwelling.pk for s in ranked] == [2, 1]
    assert "2 more than the household needs" in ranked[1].reasons[0].text


def test_accessibility_need_excludes_dwellings_not_suited():
    needs = rules.Needs(ages=(60,), couple=False, accessible=True)
    assert rules.evaluate(facts(accessible=False), needs, LIMITS) is None
    suggestion = rules.evaluate(facts(accessible=True), needs, LIMITS)
    assert any(r.good and "wheelchair" in r.text for r in suggestion.reasons)


def test_school_distance_counts_only_with_school_children():
    with_children = rules.Needs(ages=(38, 41, 8), couple=True)
    without = rules.Needs(ages=(38, 41), couple=True)
    near, far = facts(1, minutes_to_school=10), facts(2, minutes_to_school=45)
    ranked = rules.rank([far, near], with_children, LIMITS)
    assert [s.dwelling.pk for s in ranked] == [1, 2]
    assert any(not r.good and "45 minutes to school" in r.text for r in ranked[1].reasons)
    assert rules.evaluate(far, without, LIMITS).score == rules.evaluate(near, without, LIMITS).score


def test_not_central_without_a_car_needs_the_bus():
    needs = rules.Needs(ages=(30,), couple=False, has_car=False)
    bus_near = rules.evaluate(facts(central=False, minutes_to_bus=5), needs, LIMITS)
    bus_far = rules.evaluate(facts(central=False, minutes_to_bus=40), needs, LIMITS)
    assert bus_near.score > bus_far.score
    assert any(not r.good and "without a car" in r.text for r in bus_far.reasons)
    with_car = rules.evaluate(
        facts(central=False, minutes_to_bus=40), rules.Needs((30,), False, has_car=True), LIMITS
    )
    assert with_car.score > bus_far.score


def test_rent_against_the_expected_income():
    needs = rules.Needs(ages=(30,), couple=False, income=Decimal("20000"))
    cheap = rules.evaluate(facts(1, rent=Decimal("5000"), charges=Decimal("500")), needs, LIMITS)
    dear = rules.evaluate(facts(2, rent=Decimal("9000"), charges=Decimal("1000")), needs, LIMITS)
    assert cheap.score > dear.score
    assert any(r.good and "27 %" in r.text for r in cheap.reasons)
    assert any(not r.good and "50 %" in r.text and "more than 35 %" in r.text for r in dear.reasons)


def test_unknown_income_is_said():
    suggestion = rules.evaluate(facts(), rules.Needs(ages=(30,), couple=False), LIMITS)
    assert any(not r.good and "income not known" in r.text for r in suggestion.reasons)


@given(st.integers(1000, 60000), st.integers(1000, 60000))
def test_a_cheaper_dwelling_never_ranks_below_an_otherwise_equal_dearer(rent_a, rent_b):
    needs = rules.Needs(ages=(30, 32, 5), couple=True, income=Decimal("25000"))
    a = facts(1, rent=Decimal(rent_a), charges=Decimal(0))
    b = facts(2, rent=Decimal(rent_b), charges=Decimal(0))
    ranked = rules.rank([a, b], needs, LIMITS)
    if rent_a < rent_b:
        assert ranked[0].dwelling.pk == 1


def test_check_dwelling_refuses_impossible_numbers():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        rules.check_dwelling(0, 0, {"rent": Decimal("-1")})
    assert set(exc.value.error_dict) == {"rooms", "rent"}
    with pytest.raises(ValidationError) as exc:
        rules.check_dwelling(2, 3, {})
    assert "bedrooms" in exc.value.error_dict
    rules.check_dwelling(3, 2, {"rent": Decimal(0)})
