"""Who may read and change what in a plan: table-driven over every role of the test world."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lagrundt.access.audit import Actor
from lagrundt.access.resources import CHANGE, MEASURES, PLANS, VIEW
from lagrundt.plans import services
from lagrundt.plans.models import Goal, Measure
from lagrundt.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

# role: (reads, notes on a health measure, on a school measure, changes the plan, enters figures,
#        writes the report)
TABLE = {
    "integration": (True, True, True, False, True, True),
    "health": (True, True, False, False, False, False),
    "school": (True, False, True, False, False, False),
    "kindergarten": (True, False, False, False, False, False),
    "nav": (True, False, False, False, False, False),
    "housing": (True, False, False, False, False, False),
    "culture": (True, False, False, False, False, False),
    "volunteer": (True, False, False, False, False, False),
    "leadership": (True, True, True, True, True, True),
    "dpo": (True, False, False, False, False, False),
    "sysadmin": (False, False, False, False, False, False),
    "nobody": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", TABLE)
def test_who_may_do_what_in_hemsedals_plan(world, hemsedal_plan, aal_plan, role):
    user = world.users[role]
    health = Measure.objects.get(plan=hemsedal_plan, text__startswith="Samtaler med helsesykepleier")
    school = Measure.objects.get(plan=hemsedal_plan, text__startswith="Gi behovsprøvd støtte")
    found = (
        PLANS.user_has_permission_for_instance(user, VIEW, hemsedal_plan),
        MEASURES.user_has_permission_for_instance(user, CHANGE, health),
        MEASURES.user_has_permission_for_instance(user, CHANGE, school),
        PLANS.user_has_permission_for_instance(user, CHANGE, hemsedal_plan),
        PLANS.user_has_permission_for_instance(user, "enter_figures", hemsedal_plan),
        PLANS.user_has_permission_for_instance(user, "report", hemsedal_plan),
    )
    assert found == TABLE[role]
    # Nothing at all in Ål's plan: none of them works for Ål.
    aal_measure = Measure.objects.filter(plan=aal_plan).first()
    assert not PLANS.user_has_permission_for_instance(user, VIEW, aal_plan)
    assert not MEASURES.user_has_permission_for_instance(user, CHANGE, aal_measure)
    assert not PLANS.user_has_permission_for_instance(user, CHANGE, aal_plan)


def test_a_leader_of_the_integration_service_changes_the_plan(world, hemsedal_plan):
    Membership.objects.filter(user=world.users["integration"]).update(role=Role.LEADER)
    user = type(world.users["integration"]).objects.get(pk=world.users["integration"].pk)
    assert PLANS.user_has_permission_for_instance(user, CHANGE, hemsedal_plan)


def test_a_unit_named_responsible_may_note_progress(world, hemsedal_plan):
    measure = Measure.objects.get(plan=hemsedal_plan, text__startswith="Gi behovsprøvd støtte")
    measure.unit = Membership.objects.get(user=world.users["culture"]).unit
    measure.save()
    assert MEASURES.user_has_permission_for_instance(world.users["culture"], CHANGE, measure)


def test_report_texts_per_sector(world, hemsedal_plan):
    assert PLANS.report_sectors(world.users["health"], hemsedal_plan) == ["health"]
    assert PLANS.report_sectors(world.users["dpo"], hemsedal_plan) == []


# ---------------------------------------------------------------------------- what the services refuse
@pytest.fixture
def actor(world):
    return Actor(world.users["leadership"])


def goal(plan):
    return Goal.objects.get(plan=plan, key="maal-arbeid-utdanning")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (dict(indicator="happiness", value=Decimal(50)), "indicator"),
        (dict(indicator="work_or_education", value=Decimal(150)), "value"),
        (dict(indicator="residents", value=Decimal(-1)), "value"),
        (dict(indicator="duties_on_time", value=Decimal(90), group={"age": "adults"}), "group"),
        (dict(indicator="settlement_flow", value=Decimal(20), series="arrived"), "series"),
    ],
)
def test_a_target_that_makes_no_sense_is_refused(actor, hemsedal_plan, fields, field):
    with pytest.raises(ValidationError) as caught:
        services.target_set(actor=actor, goal=goal(hemsedal_plan), by=dt.date(2027, 12, 31), **fields)
    assert field in caught.value.error_dict
    assert goal(hemsedal_plan).targets.count() == 1  # only the plan's own


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (dict(year=1980, value=Decimal(5), source="SSB"), "year"),
        (dict(year=2025, value=Decimal(5), source=" "), "source"),
        (dict(year=2025, value=Decimal(101), source="SSB"), "value"),
    ],
)
def test_a_figure_that_makes_no_sense_is_refused(actor, world, fields, field):
    with pytest.raises(ValidationError) as caught:
        services.figure_enter(
            actor=actor, municipality=world.hemsedal, indicator="work_or_education", **fields
        )
    assert field in caught.value.error_dict


def test_a_measure_cannot_end_before_it_starts(actor, hemsedal_plan):
    measure = Measure.objects.filter(plan=hemsedal_plan).first()
    with pytest.raises(ValidationError) as caught:
        services.measure_update(
            actor=actor,
            measure=measure,
            data={"starts_on": dt.date(2026, 5, 1), "ends_on": dt.date(2026, 4, 1)},
        )
    assert "ends_on" in caught.value.error_dict
    measure.refresh_from_db()
    assert measure.starts_on is None and not measure.changes.filter(kind="changed").exists()
