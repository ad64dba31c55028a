"""Reading the register as grant facts: household, mother, reference person, moves, own facts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagrundt.access.resources import ECONOMY, PERSON_FINANCES, RATES, VIEW
from lagrundt.finance import rules, selectors
from lagrundt.finance.models import DisabilityGrant, GrantFacts
from lagrundt.people.models import Household, MoveOut, Person, Relation, SettlementCategory
from tests.world import make_person

from .conftest import own_parameters

pytestmark = pytest.mark.django_db


def by_id(people):
    return {p.person_id: p for p in people}


def test_household_members_settled_together_are_not_single(world):
    people = by_id(selectors.load_entitled(municipality_ids={world.hemsedal.pk}))
    assert people[world.persons["adult"].pk].settled_alone is False
    assert people[world.persons["spouse"].pk].settled_alone is False
    assert people[world.persons["moved"].pk].settled_alone is True  # no household


def test_the_first_of_a_family_to_arrive_was_settled_alone_and_the_family_immigrant_joined_them(world):
    family = Household.objects.create(name="Familien Tesfay", municipality=world.hemsedal)
    first = make_person(
        world.hemsedal,
        "Amanuel",
        "Tesfay",
        dt.date(1990, 1, 1),
        household=family,
        settled_on=dt.date(2022, 3, 1),
        serial=40,
    )
    later = make_person(
        world.hemsedal,
        "Senait",
        "Tesfay",
        dt.date(1992, 1, 1),
        household=family,
        settled_on=dt.date(2024, 5, 1),
        category=SettlementCategory.FAMILY_REUNIFICATION,
        serial=41,
    )
    people = by_id(selectors.load_entitled(municipality_ids={world.hemsedal.pk}))
    assert people[first.pk].settled_alone is True
    assert people[later.pk].settled_alone is False
    assert people[later.pk].reference_settled_on == dt.date(2022, 3, 1)
    assert people[later.pk].reference_status == ""


def test_facts_entered_for_a_person_win_over_the_register(world):
    immigrant = make_person(
        world.hemsedal,
        "Lula",
        "Berhe",
        dt.date(1991, 1, 1),
        settled_on=dt.date(2024, 5, 1),
        category=SettlementCategory.FAMILY_REUNIFICATION,
        serial=42,
    )
    GrantFacts.objects.create(
        person=immigrant,
        first_settled_on=dt.date(2023, 11, 1),
        reference_first_settled_on=dt.date(2017, 1, 1),
        reference_status="humanitarian",
        year_one_group="single_adult",
        norwegian_rate_band="low",
    )
    DisabilityGrant.objects.create(
        person=immigrant,
        kind="annual",
        applied_on=dt.date(2023, 12, 1),
        decision="granted",
        decided_on=dt.date(2024, 1, 5),
        amount_per_year=Decimal(500_000),
        first_year=2024,
        last_year=2025,
    )
    (p,) = selectors.load_entitled(person_ids=[immigrant.pk])
    assert (p.settled_on, p.reference_settled_on, p.reference_status) == (
        dt.date(2023, 11, 1),
        dt.date(2017, 1, 1),
        "humanitarian",
    )
    assert (p.year_one_group, p.norwegian_band) == ("single_adult", "low")
    assert p.disability == (
        rules.DisabilityDecision("annual", "granted", dt.date(2024, 1, 5), Decimal("500000.00"), 2024, 2025),
    )
    # Settled in 2023 first, the reference person in 2017: more than five years, so no integration
    # grant, and no disability grant 2 either (it runs within the integration grant's years).
    assert [line.rule for line in rules.schedule(p, own_parameters())] == ["norwegian"] * 3


def test_a_child_born_here_counts_from_the_mothers_settlement(world):
    mother = world.persons["adult"]  # serial 1: female
    assert mother.sex == "female"
    child = Person.objects.create(
        given_name="Liya",
        family_name="Haile",
        birth_date=mother.settlement.settled_on + dt.timedelta(days=100),
        sex="female",
        country_background="ER",
        municipality=world.hemsedal,
        household=mother.household,
    )
    Relation.objects.create(person=child, relative=mother, kind="parent")
    Relation.objects.create(person=mother, relative=child, kind="child")
    (p,) = selectors.load_entitled(person_ids=[child.pk])
    assert (p.settled_on, p.mother_settled_on) == (None, mother.settlement.settled_on)
    assert rules.grant_start(p, own_parameters()) == child.birth_date


def test_a_move_to_another_municipality_in_lagrundt_takes_the_years_there(world):
    moved = world.persons["gol_adult"]
    MoveOut.objects.create(
        person=moved, moved_on=dt.date(2025, 8, 1), destination_municipality="hemsedal kommune", reason="work"
    )
    Person.objects.filter(pk=moved.pk).update(moved_out_on=dt.date(2025, 8, 1))
    hemsedal = by_id(selectors.load_entitled(municipality_ids={world.hemsedal.pk}))
    assert hemsedal[moved.pk].moved_to == world.hemsedal.pk  # loaded for the municipality it moved to
    assert hemsedal[moved.pk].municipality_id == world.gol.pk
    elsewhere = by_id(selectors.load_entitled(municipality_ids={world.hemsedal.pk}))[
        world.persons["moved"].pk
    ]
    assert elsewhere.moved_to is None  # Drammen is not in Lagrundt


def test_loading_a_municipality_takes_a_fixed_number_of_queries(world):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.load_entitled(municipality_ids={world.hemsedal.pk, world.gol.pk})
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        make_person(world.hemsedal, "Extra", f"Person{i}", dt.date(1980 + i, 1, 1), serial=100 + i)
    assert count() == small


@pytest.mark.parametrize(
    ("role", "economy", "small_numbers", "persons", "rates"),
    [
        ("integration", {"hemsedal", "gol"}, True, True, True),
        ("leadership", {"hemsedal"}, False, False, True),
        ("nav", set(), False, True, True),
        ("health", set(), False, False, False),
        ("school", set(), False, False, False),
        ("sysadmin", set(), False, False, True),
        ("nobody", set(), False, False, False),
    ],
)
def test_who_sees_what(world, role, economy, small_numbers, persons, rates):
    user = world.users[role]
    names = {m.slug for m in ECONOMY.instances_user_has_permission_for(user, VIEW)}
    assert names == economy
    assert (
        ECONOMY.user_has_permission_for_instance(user, "view_small_numbers", world.hemsedal) is small_numbers
    )
    assert PERSON_FINANCES.user_has_permission(user, VIEW) is persons
    assert RATES.user_has_permission(user, VIEW) is rates
