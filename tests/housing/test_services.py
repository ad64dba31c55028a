"""Housing's services: the stock, tenancies, moves, holds for cases, inspections; bad input refused whole."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.core.dates import add_years
from lagrundt.housing import selectors, services
from lagrundt.housing.models import (
    ApprovalResult,
    Deviation,
    Dwelling,
    Inspection,
    ItemResult,
    Ownership,
    Tenancy,
    TenancyEnd,
)
from lagrundt.housing.profiles import profile_for
from lagrundt.settlement.models import Stage
from tests.housing.conftest import days, dwelling_data

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------- the stock
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rooms": 0, "bedrooms": 0}, "rooms"),
        ({"rent": Decimal("-1")}, "rent"),
        ({"charges": Decimal("-50")}, "charges"),
        ({"rooms": 2, "bedrooms": 3}, "bedrooms"),
    ],
)
def test_impossible_dwellings_are_refused_and_nothing_saved(world, actor, changes, field):
    with pytest.raises(ValidationError) as exc:
        services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, **changes))
    assert field in exc.value.error_dict
    assert not Dwelling.objects.exists()


def test_stock_figures_count_let_and_vacant_per_owner(world, actor, family):
    """Hemsedal's "6 of 11": computed from the tenancies, never typed."""
    made = [
        services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address=f"Kommunal {i}"))
        for i in range(11)
    ]
    settled = services.arrival_of(family)
    for dwelling in made[:6]:
        household = services.Household.objects.create(name=f"H {dwelling.pk}", municipality=world.hemsedal)
        tenancy = Tenancy.objects.create(
            dwelling=dwelling, household=household, municipality=world.hemsedal, starts_on=settled, rent=1
        )
        assert tenancy.pk
    # One ended tenancy does not count; one retired dwelling is out of the stock.
    Tenancy.objects.create(
        dwelling=made[6],
        household=family,
        municipality=world.hemsedal,
        starts_on=settled,
        ends_on=settled + dt.timedelta(days=10),
        rent=1,
    )
    services.dwelling_save(
        actor=actor, data=dwelling_data(world.hemsedal, address="Gammel", retired_on=days(-5))
    )
    services.dwelling_save(actor=actor, data=dwelling_data(world.aal, address="Ål 1"))
    figures = selectors.stock_figures(Dwelling.objects.filter(municipality=world.hemsedal))
    municipal = next(r for r in figures.rows if r.ownership == Ownership.MUNICIPAL)
    assert (municipal.in_stock, municipal.let, municipal.vacant) == (11, 6, 5)
    assert municipal.share_let == 55
    assert figures.total.in_stock == 11


def test_leases_ending_within_a_year(world, actor):
    landlord = services.landlord_save(
        actor=actor, data={"municipality": world.hemsedal, "name": "Ola Utleier"}
    )
    dwelling = services.dwelling_save(
        actor=actor,
        data=dwelling_data(world.hemsedal, ownership=Ownership.MUNICIPAL_LEASED, landlord=landlord),
    )
    soon = services.agreement_add(
        actor=actor,
        dwelling=dwelling,
        data={"starts_on": days(-300), "ends_on": days(100), "rent": Decimal(8000)},
    )
    services.agreement_add(
        actor=actor,
        dwelling=dwelling,
        data={"starts_on": days(-300), "ends_on": days(500), "rent": Decimal(8000)},
    )
    figures = selectors.stock_figures(Dwelling.objects.all())
    assert [a.pk for a in figures.leases_ending] == [soon.pk]


def test_a_lease_with_negative_rent_or_ending_before_it_starts(world, actor):
    landlord = services.landlord_save(
        actor=actor, data={"municipality": world.hemsedal, "name": "Ola Utleier"}
    )
    dwelling = services.dwelling_save(
        actor=actor, data=dwelling_data(world.hemsedal, landlord=landlord, ownership=Ownership.PRIVATE)
    )
    with pytest.raises(ValidationError) as exc:
        services.agreement_add(
            actor=actor,
            dwelling=dwelling,
            data={"starts_on": days(0), "ends_on": days(-1), "rent": Decimal(-5)},
        )
    assert set(exc.value.error_dict) == {"rent", "ends_on"}
    assert not dwelling.agreements.exists()


# ---------------------------------------------------------------------------- tenancies
def test_an_overlapping_tenancy_is_refused(world, actor, dwelling, tenancy):
    other = services.Household.objects.create(name="Familien Other", municipality=world.hemsedal)
    with pytest.raises(ValidationError) as exc:
        services.tenancy_start(actor=actor, dwelling=dwelling, household=other, starts_on=days(0))
    assert "starts_on" in exc.value.error_dict
    assert "is let from" in str(exc.value)
    assert Tenancy.objects.filter(dwelling=dwelling).count() == 1


def test_a_move_in_before_arrival_is_refused(world, actor, dwelling, family):
    settled = services.arrival_of(family)
    with pytest.raises(ValidationError) as exc:
        services.tenancy_start(
            actor=actor, dwelling=dwelling, household=family, starts_on=settled - dt.timedelta(days=1)
        )
    assert "arrives" in str(exc.value.error_dict["starts_on"])
    assert not Tenancy.objects.exists()


def test_a_move_is_one_action(world, actor, dwelling, tenancy, family):
    other = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Sentrum 2"))
    moved = services.tenancy_move(actor=actor, tenancy=tenancy, dwelling=other, moves_on=days(0))
    tenancy.refresh_from_db()
    assert tenancy.ends_on == days(-1) and tenancy.end_reason == TenancyEnd.MOVED_WITHIN
    assert moved.dwelling == other and moved.starts_on == days(0) and moved.household == family


def test_a_failed_move_changes_nothing(world, actor, dwelling, tenancy, family):
    other = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Sentrum 2"))
    blocker = services.Household.objects.create(name="Familien Other", municipality=world.hemsedal)
    services.tenancy_start(actor=actor, dwelling=other, household=blocker, starts_on=days(-3))
    with pytest.raises(ValidationError) as exc:
        services.tenancy_move(actor=actor, tenancy=tenancy, dwelling=other, moves_on=days(0))
    assert "moves_on" in exc.value.error_dict
    tenancy.refresh_from_db()
    assert tenancy.ends_on is None


def test_moving_to_an_own_home_is_recorded(world, actor, tenancy):
    services.tenancy_end(actor=actor, tenancy=tenancy, ends_on=days(0), reason=TenancyEnd.OWN_BOUGHT_GRANT)
    assert selectors.moved_to_own_home({world.hemsedal.pk}, days(-10)) == 1


def test_an_end_before_the_start_is_refused(world, actor, tenancy):
    with pytest.raises(ValidationError):
        services.tenancy_end(
            actor=actor,
            tenancy=tenancy,
            ends_on=tenancy.starts_on - dt.timedelta(days=1),
            reason="moved_away",
        )
    tenancy.refresh_from_db()
    assert tenancy.ends_on is None


def test_inventory_checked_on_move_in_and_out(world, actor, dwelling, family):
    sofa = services.inventory_add(actor=actor, dwelling=dwelling, name="Sofa")
    bed = services.inventory_add(actor=actor, dwelling=dwelling, name="Seng", quantity=4)
    tenancy = services.tenancy_start(
        actor=actor,
        dwelling=dwelling,
        household=family,
        starts_on=services.arrival_of(family),
        inventory_in=[sofa.pk, bed.pk, 99999],
    )
    assert tenancy.inventory_in == sorted([sofa.pk, bed.pk])
    services.tenancy_end(
        actor=actor, tenancy=tenancy, ends_on=days(0), reason="moved_away", inventory_out=[bed.pk]
    )
    tenancy.refresh_from_db()
    assert tenancy.inventory_out == [bed.pk]


# ---------------------------------------------------------------------------- Ål's approval
def test_a_private_dwelling_in_aal_must_be_approved_before_it_is_let(world):
    aal_actor = Actor(world.users["aal-integration"], detail="test")
    household = world.persons["aal_adult"].household
    landlord = services.landlord_save(
        actor=aal_actor, data={"municipality": world.aal, "name": "Kari Utleier"}
    )
    dwelling = services.dwelling_save(
        actor=aal_actor, data=dwelling_data(world.aal, ownership=Ownership.PRIVATE, landlord=landlord)
    )
    with pytest.raises(ValidationError) as exc:
        services.tenancy_start(actor=aal_actor, dwelling=dwelling, household=household, starts_on=days(0))
    assert "must be approved" in str(exc.value)
    keys = [i.key for i in profile_for(world.aal).approval]
    services.approval_add(
        actor=aal_actor,
        dwelling=dwelling,
        data={
            "approved_on": days(0),
            "result": ApprovalResult.APPROVED,
            "results": dict.fromkeys(keys, "ok"),
        },
    )
    assert services.tenancy_start(actor=aal_actor, dwelling=dwelling, household=household, starts_on=days(0))


# ---------------------------------------------------------------------------- settlement cases
def test_holding_a_dwelling_moves_the_case_to_dwelling_ready(world, actor, dwelling, case):
    tenancy = services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(20))
    case.refresh_from_db()
    assert case.stage == Stage.DWELLING_READY and case.dwelling_ready_on == days(20)
    assert tenancy.household is None and tenancy.case == case
    # Held: not vacant for the suggestions from that day.
    assert not Dwelling.objects.filter(selectors.vacant_q(days(25)), pk=dwelling.pk).exists()
    with pytest.raises(ValidationError):
        services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(21))


def test_the_case_arriving_gives_the_held_tenancy_its_household(world, actor, dwelling, case):
    from lagrundt.settlement import services as settlement

    tenancy = services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(0))
    integration = Actor(world.users["integration"], detail="test")
    household = settlement.case_arrive(integration, case, timezone.localdate())
    tenancy.refresh_from_db()
    assert tenancy.household == household
    members = set(household.members.values_list("pk", flat=True))
    entries = AuditEntry.objects.filter(section="housing", person_id__in=members, action="update")
    assert set(entries.values_list("person_id", flat=True)) == members


# ---------------------------------------------------------------------------- inspections
def _results(municipality, year, value=ItemResult.OK):
    return {i.key: value for i in profile_for(municipality).checklist(year)}


def test_an_inspection_with_a_deviation(world, actor, tenancy):
    results = _results(world.hemsedal, 3)
    results["condition"] = ItemResult.FOLLOW_UP
    inspection = services.inspection_add(
        actor=actor,
        tenancy=tenancy,
        data={
            "year": 3,
            "inspected_on": days(0),
            "results": results,
            "guidance": ["snow", "lawn"],
            "notes": "",
        },
        deviations=[
            {
                "item": "condition",
                "description": "Fix the door",
                "owner": world.users["housing"],
                "due_on": days(14),
            }
        ],
    )
    deviation = inspection.deviations.get()
    assert deviation.owner == world.users["housing"]
    assert list(selectors.open_deviations(world.users["housing"], {world.hemsedal.pk})) == [deviation]
    services.deviation_close(actor=actor, deviation=deviation)
    assert not selectors.open_deviations(world.users["housing"], {world.hemsedal.pk}).exists()


def test_an_inspection_for_a_year_before_the_tenancy_started_is_refused(world, actor, family):
    """The household was settled two years ago: a tenancy from today cannot have a year-1 inspection."""
    dwelling = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Ny 1"))
    tenancy = services.tenancy_start(actor=actor, dwelling=dwelling, household=family, starts_on=days(-1))
    with pytest.raises(ValidationError) as exc:
        services.inspection_add(
            actor=actor,
            tenancy=tenancy,
            data={"year": 1, "inspected_on": days(0), "results": _results(world.hemsedal, 1)},
        )
    assert "before the tenancy started" in str(exc.value.error_dict["year"])
    assert not Inspection.objects.exists()


def test_an_inspection_dated_before_the_tenancy_is_refused(world, actor, family):
    dwelling = services.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Ny 1"))
    tenancy = services.tenancy_start(actor=actor, dwelling=dwelling, household=family, starts_on=days(-1))
    with pytest.raises(ValidationError) as exc:
        services.inspection_add(
            actor=actor,
            tenancy=tenancy,
            data={"year": 3, "inspected_on": days(-5), "results": _results(world.hemsedal, 3)},
        )
    assert "inspected_on" in exc.value.error_dict


def test_every_item_needs_a_result_and_deviations_are_whole(world, actor, tenancy):
    results = _results(world.hemsedal, 3)
    results.pop("condition")
    with pytest.raises(ValidationError) as exc:
        services.inspection_add(
            actor=actor, tenancy=tenancy, data={"year": 3, "inspected_on": days(0), "results": results}
        )
    assert "results" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.inspection_add(
            actor=actor,
            tenancy=tenancy,
            data={"year": 3, "inspected_on": days(0), "results": _results(world.hemsedal, 3)},
            deviations=[{"item": "condition", "description": "", "owner": None, "due_on": None}],
        )
    assert "deviations" in exc.value.error_dict
    assert not Inspection.objects.exists() and not Deviation.objects.exists()


def test_year_periods_follow_the_settlement_date():
    settled = dt.date(2024, 2, 29)
    assert services.year_period(settled, 1) == (settled, add_years(settled, 1) - dt.timedelta(days=1))
    assert selectors.settlement_year(settled, add_years(settled, 2)) == 3


def test_releasing_a_hold_sends_the_case_back_to_accepted(world, actor, dwelling, case):
    future = services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(20))
    services.tenancy_release(actor=actor, tenancy=future)
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED and case.dwelling_ready_on is None
    assert not Tenancy.objects.exists()  # a hold not begun leaves nothing behind
    begun = services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(0))
    services.tenancy_release(actor=actor, tenancy=begun)
    begun.refresh_from_db()
    assert begun.ends_on == days(0)
    assert Dwelling.objects.filter(selectors.vacant_q(days(1)), pk=dwelling.pk).exists()


def test_a_households_tenancy_is_not_released(world, actor, tenancy):
    with pytest.raises(ValidationError):
        services.tenancy_release(actor=actor, tenancy=tenancy)
