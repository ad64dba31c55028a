"""Capacity planning: the bedroom rule, the split of persons over a mix, and the stock against it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.housing import capacity
from lagrundt.housing.capacity import Composition, bedrooms_needed, households_for
from lagrundt.housing.models import Dwelling, Landlord, LeaseAgreement, Ownership, Tenancy
from lagrundt.housing.rules import BedroomRule
from lagrundt.people.models import Household, SettlementCategory
from lagrundt.settlement.models import (
    CaseMember,
    MemberRole,
    Origin,
    Reply,
    SettlementCase,
    SettlementRequest,
)
from tests.world import make_person, years_ago


@pytest.mark.parametrize(
    ("composition", "bedrooms"),
    [
        (Composition(1, 0), 1),
        (Composition(2, 0), 1),
        (Composition(3, 0), 2),
        (Composition(1, 1), 2),
        (Composition(2, 2), 2),
        (Composition(2, 3), 3),
        (Composition(2, 4), 3),
        (Composition(0, 2), 1),
        (Composition(4, 5), 6),
        (Composition(2, 0, 2), 3),
        (Composition(2, 1, 1), 3),
    ],
)
def test_bedrooms_needed_by_the_housing_rule(composition, bedrooms):
    assert bedrooms_needed(composition, BedroomRule()) == bedrooms


def test_the_municipalitys_rule_decides():
    apart = BedroomRule(couple_shares=False, children_per_room=1)
    assert bedrooms_needed(Composition(2, 2), apart) == 4


@given(
    persons=st.integers(min_value=0, max_value=500),
    weights=st.dictionaries(
        st.builds(Composition, st.integers(1, 4), st.integers(0, 6), st.integers(0, 2)),
        st.integers(1, 20),
        min_size=1,
        max_size=6,
    ),
)
def test_households_add_up_to_the_persons_in_the_mix(persons, weights):
    households = households_for(persons, weights)
    assert set(households) <= set(weights)
    housed = sum(c.size * n for c, n in households.items())
    # Rounding to whole households moves the persons by less than one household of the largest size.
    assert abs(housed - persons) <= max(c.size for c in weights) * len(weights)
    average = average_size(weights)
    assert abs(sum(households.values()) - persons / average) <= 1


def average_size(weights):
    return sum(c.size * w for c, w in weights.items()) / sum(weights.values())


def test_households_for_splits_by_weight():
    mix = {Composition(1, 0): 1, Composition(2, 2): 1}  # average size 2.5
    assert households_for(10, mix) == {Composition(1, 0): 2, Composition(2, 2): 2}
    assert households_for(0, mix) == {}


def _dwelling(world, bedrooms, **kw):
    return Dwelling.objects.create(
        municipality=world.hemsedal,
        ownership=kw.pop("ownership", Ownership.MUNICIPAL),
        address=kw.pop("address", f"Testveien {bedrooms}"),
        rooms=bedrooms + 1,
        bedrooms=bedrooms,
        rent=Decimal(8000),
        **kw,
    )


@pytest.mark.django_db
def test_the_plan_sets_the_need_against_vacant_freed_and_leaving(world):
    today = timezone.localdate()
    year = today.year + 1
    SettlementRequest.objects.create(
        municipality=world.hemsedal, year=year, requested=20, decided=12, decided_unaccompanied=2
    )
    family = world.persons["adult"].household
    _dwelling(world, 1)
    let_ending = _dwelling(world, 2)
    Tenancy.objects.create(
        dwelling=let_ending,
        household=family,
        municipality=world.hemsedal,
        starts_on=years_ago(1),
        ends_on=dt.date(year, 6, 30),
        rent=Decimal(8000),
    )
    let_on = _dwelling(world, 2, address="Opptatt 2")
    Tenancy.objects.create(
        dwelling=let_on,
        household=family,
        municipality=world.hemsedal,
        starts_on=years_ago(1),
        rent=Decimal(1),
    )
    landlord = Landlord.objects.create(municipality=world.hemsedal, name="Utleie AS")
    leased = _dwelling(world, 1, address="Leid 1", ownership=Ownership.MUNICIPAL_LEASED, landlord=landlord)
    LeaseAgreement.objects.create(
        dwelling=leased, landlord=landlord, starts_on=years_ago(2), ends_on=dt.date(year, 3, 1), rent=1
    )
    _dwelling(world, 3, retired_on=today - dt.timedelta(days=1))  # out of the stock already
    _dwelling(world, 3, for_refugees=False)
    plan = capacity.capacity_plan(world.hemsedal, year, today, entered_mix={Composition(1, 0): 1})
    # The register has the Haile family and one person alone in five years (fewer than five households).
    assert plan.register_households == 2
    assert plan.mix_source == capacity.MixSource.ENTERED
    assert plan.basis == capacity.Basis.DECIDED
    assert (plan.persons, plan.unaccompanied) == (10, 2)
    rows = {r.bedrooms: r for r in plan.rows}
    assert rows[1].needed == 10
    assert (rows[1].vacant, rows[1].freed, rows[1].leaving, rows[1].available) == (2, 0, 1, 1)
    assert rows[1].to_find == 9
    assert (rows[2].needed, rows[2].vacant, rows[2].freed, rows[2].available) == (0, 0, 1, 1)
    assert rows[2].spare == 1
    assert 3 not in rows
    assert plan.to_find_total == 9


@pytest.mark.django_db
def test_the_mix_comes_from_the_register_when_it_has_enough_households(world):
    today = timezone.localdate()
    for i in range(5):
        household = Household.objects.create(name=f"Familien {i}", municipality=world.aal)
        for j, age in enumerate((35, 33, 6)):
            make_person(
                world.aal,
                f"Navn{i}{j}",
                "Test",
                years_ago(age),
                household=household,
                settled_on=years_ago(1),
                serial=100 + i * 3 + j,
            )
    make_person(
        world.aal,
        "Mindre",
        "Aarig",
        years_ago(16),
        settled_on=years_ago(1),
        category=SettlementCategory.UNACCOMPANIED_MINOR,
        serial=200,
    )
    mix = capacity.register_mix(world.aal.pk, today, BedroomRule())
    # Ål's world: a mother and child settled two years ago, a person alone (moved since), and the five.
    assert mix[Composition(2, 1)] == 5
    assert mix[Composition(1, 0)] == 1
    assert mix[Composition(1, 1)] == 1
    assert Composition(0, 1) not in mix  # the unaccompanied minor is not in the mix
    SettlementRequest.objects.create(municipality=world.aal, year=today.year + 1, requested=15)
    plan = capacity.capacity_plan(world.aal, today.year + 1, today)
    assert plan.mix_source == capacity.MixSource.REGISTER
    assert plan.basis == capacity.Basis.REQUESTED
    assert sum(c.size * n for c, n in plan.households.items()) == pytest.approx(15, abs=3)
    assert {r.bedrooms: r.needed for r in plan.rows}[2] == plan.households[
        Composition(2, 1)
    ] + plan.households.get(Composition(1, 1), 0)


@pytest.mark.django_db
def test_without_a_request_nothing_is_needed(world):
    today = timezone.localdate()
    plan = capacity.capacity_plan(world.hemsedal, today.year + 1, today)
    assert plan.request is None and plan.persons == 0 and plan.needed_total == 0
    assert plan.mix_source == capacity.MixSource.DEFAULT


def test_dwellings_per_year():
    mix = {Composition(1, 0): 1, Composition(2, 2): 1}
    assert capacity.dwellings_per_year({2027: 10, 2028: 0}, mix) == {2027: 4, 2028: 0}


@pytest.mark.django_db
def test_in_the_year_now_running_those_arrived_are_housed_already(world):
    today = timezone.localdate()
    SettlementRequest.objects.create(municipality=world.hemsedal, year=today.year, requested=10, decided=10)
    case = SettlementCase.objects.create(
        municipality=world.hemsedal,
        name="Testfamilien",
        category=SettlementCategory.RESETTLEMENT_REFUGEE,
        origin=Origin.ABROAD,
        received_on=dt.date(today.year, 1, 1),
        reply=Reply.ACCEPTED,
        replied_on=dt.date(today.year, 1, 1),
        arrived_on=today,
    )
    for i in range(3):
        CaseMember.objects.create(
            case=case, given_name=f"N{i}", family_name="T", birth_year=1990, role=MemberRole.OTHER
        )
    plan = capacity.capacity_plan(world.hemsedal, today.year, today)
    assert (plan.arrived, plan.persons) == (3, 7)
    assert capacity.capacity_plan(world.hemsedal, today.year + 1, today).arrived == 0
