"""The resource policies: for each, the three questions (at all, this object, which objects) and
where, for a few roles of the test world. Hemsedal's units serve Hemsedal; the integration service's,
Nav's and the data protection officer's serve Gol too; "aal-integration" works in Ål and Hol."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.access import policy, resources
from lagrundt.access.resources import (
    CHANGE,
    ECONOMY,
    EMPLOYERS,
    JOB_FAIRS,
    MEASURES,
    OPENINGS,
    PERSON_FINANCES,
    PLANS,
    PROGRAMME,
    RATES,
    VIEW,
)
from lagrundt.access.rules import Population
from lagrundt.access.sections import Section
from lagrundt.core.sources import Confidence
from lagrundt.finance.models import GrantCode, GrantRate, RateSource, Scenario
from lagrundt.plans import registry
from lagrundt.plans.models import Measure, PlanStatus
from lagrundt.plans.profiles import PLAN_DIR, load_plan_file
from lagrundt.plans.services import plan_load
from lagrundt.tenancy.models import Membership, Role, Sector
from lagrundt.work.models import Employer, JobFair, Opening

pytestmark = pytest.mark.django_db


def ids(*municipalities) -> set[int]:
    return {m.pk for m in municipalities}


def pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def assert_the_three_answers_agree(resource, user, action, candidates):
    """The list, the per-object check and the menu answer are three forms of one rule."""
    listed = pks(resource.instances_user_has_permission_for(user, action))
    for obj in candidates:
        assert resource.user_has_permission_for_instance(user, action, obj) == (obj.pk in listed), obj
    assert resource.user_has_permission(user, action) == bool(resource.municipality_ids(user, action))


# ---------------------------------------------------------------------------- the programme
def test_the_integration_service_reads_and_writes_the_programme_where_it_serves(world):
    user, p = world.users["integration"], world.persons
    assert PROGRAMME.user_has_permission(user, VIEW)
    assert PROGRAMME.user_has_permission(user, CHANGE)
    assert PROGRAMME.municipality_ids(user, CHANGE) == ids(world.hemsedal, world.gol)
    assert PROGRAMME.user_has_permission_for_instance(user, CHANGE, p["moved"])
    assert not PROGRAMME.user_has_permission_for_instance(user, VIEW, p["aal_adult"])
    writable = pks(PROGRAMME.instances_user_has_permission_for(user, CHANGE))
    assert writable == {p[k].pk for k in ("adult", "spouse", "teen", "school_child", "small_child")} | {
        p["moved"].pk,
        p["gol_adult"].pk,
    }


def test_nav_reads_the_programme_of_adults_but_does_not_run_it(world):
    user, p = world.users["nav"], world.persons
    assert PROGRAMME.user_has_permission(user, VIEW)
    assert not PROGRAMME.user_has_permission(user, CHANGE)
    assert PROGRAMME.municipality_ids(user, CHANGE) == set()
    assert PROGRAMME.user_has_permission_for_instance(user, VIEW, p["adult"])
    assert not PROGRAMME.user_has_permission_for_instance(user, CHANGE, p["adult"])
    assert not PROGRAMME.user_has_permission_for_instance(user, VIEW, p["teen"])
    assert pks(PROGRAMME.instances_user_has_permission_for(user, VIEW)) == {
        p["adult"].pk,
        p["spouse"].pk,
        p["gol_adult"].pk,
    }
    assert not PROGRAMME.instances_user_has_permission_for(user, CHANGE).exists()


@pytest.mark.parametrize("role", ["school", "leadership", "dpo", "nobody"])
def test_who_does_not_read_the_programme_gets_nothing_of_it(world, role):
    user = world.users[role]
    assert not PROGRAMME.user_has_permission(user, VIEW)
    assert not PROGRAMME.instances_user_has_permission_for(user, VIEW).exists()
    assert not PROGRAMME.user_has_permission_for_instance(user, VIEW, world.persons["adult"])


@pytest.mark.parametrize("role", ["integration", "nav", "school", "aal-integration"])
@pytest.mark.parametrize("action", [VIEW, CHANGE])
def test_the_programmes_answers_agree_with_each_other_and_the_policy(world, role, action):
    user = world.users[role]
    assert_the_three_answers_agree(PROGRAMME, user, action, world.persons.values())
    if action == VIEW:
        assert pks(PROGRAMME.instances_user_has_permission_for(user, VIEW)) == pks(
            policy.visible_to(user, section=Section.PROGRAMME)
        )


# ---------------------------------------------------------------------------- work
@pytest.fixture
def work(world):
    hotel = Employer.objects.create(
        name="Fjellhotellet AS", kind="private", industry="hospitality", municipality=world.hemsedal
    )
    shop = Employer.objects.create(
        name="Butikken i Ål AS", kind="private", industry="retail", municipality=world.aal
    )

    def opening(employer, municipality):
        return Opening.objects.create(
            employer=employer,
            created_by=world.users["integration"],
            title="Renholder",
            kind="seasonal",
            occupation="9112",
            hours_per_week=30,
            starts_on=timezone.localdate() + dt.timedelta(days=30),
            municipality=municipality,
        )

    return {
        "hotel": hotel,
        "shop": shop,
        "hotel_job": opening(hotel, world.hemsedal),
        # Ål's shop hires for a shop in Hemsedal: seen in Hemsedal, managed in Ål.
        "shop_job_in_hemsedal": opening(shop, world.hemsedal),
        "shop_job": opening(shop, world.aal),
        "fair": JobFair.objects.create(
            title="Jobbmesse", held_on=timezone.localdate(), municipality=world.gol
        ),
        "aal_fair": JobFair.objects.create(
            title="Jobbmesse", held_on=timezone.localdate(), municipality=world.aal
        ),
    }


def test_nav_sees_and_manages_the_employers_where_it_serves(world, work):
    user = world.users["nav"]
    assert EMPLOYERS.user_has_permission(user, VIEW)
    assert EMPLOYERS.user_has_permission(user, CHANGE)
    assert EMPLOYERS.municipality_ids(user, CHANGE) == ids(world.hemsedal, world.gol)
    assert pks(EMPLOYERS.instances_user_has_permission_for(user, VIEW)) == {work["hotel"].pk}
    assert EMPLOYERS.user_has_permission_for_instance(user, CHANGE, work["hotel"])
    assert not EMPLOYERS.user_has_permission_for_instance(user, VIEW, work["shop"])
    assert pks(JOB_FAIRS.instances_user_has_permission_for(user, VIEW)) == {work["fair"].pk}
    assert not JOB_FAIRS.user_has_permission_for_instance(user, CHANGE, work["aal_fair"])


def test_an_opening_is_seen_where_the_work_is_and_managed_where_the_employer_is(world, work):
    hemsedal, aal = world.users["integration"], world.users["aal-integration"]
    job = work["shop_job_in_hemsedal"]
    assert pks(OPENINGS.instances_user_has_permission_for(hemsedal, VIEW)) == {work["hotel_job"].pk, job.pk}
    assert OPENINGS.user_has_permission_for_instance(hemsedal, VIEW, job)
    assert not OPENINGS.user_has_permission_for_instance(hemsedal, CHANGE, job)
    assert job.pk not in pks(OPENINGS.instances_user_has_permission_for(hemsedal, CHANGE))
    assert OPENINGS.user_has_permission_for_instance(aal, CHANGE, job)
    assert pks(OPENINGS.instances_user_has_permission_for(aal, CHANGE)) == {job.pk, work["shop_job"].pk}


def test_leadership_sees_the_statistics_of_work_and_no_employer(world, work):
    user = world.users["leadership"]
    assert not EMPLOYERS.user_has_permission(user, VIEW)
    assert not EMPLOYERS.user_has_permission(user, CHANGE)
    assert EMPLOYERS.user_has_permission(user, "statistics")
    assert EMPLOYERS.municipality_ids(user, "statistics") == ids(world.hemsedal)
    assert not EMPLOYERS.instances_user_has_permission_for(user, VIEW).exists()
    assert not EMPLOYERS.user_has_permission_for_instance(user, VIEW, work["hotel"])


@pytest.mark.parametrize("role", ["school", "health", "dpo", "nobody"])
def test_who_does_not_work_with_work_gets_nothing_of_it(world, work, role):
    user = world.users[role]
    for action in (VIEW, CHANGE, "statistics"):
        assert not EMPLOYERS.user_has_permission(user, action)
    assert not OPENINGS.instances_user_has_permission_for(user, VIEW).exists()


@pytest.mark.parametrize("role", ["integration", "nav", "leadership", "aal-integration", "school"])
@pytest.mark.parametrize("action", [VIEW, CHANGE])
def test_works_answers_agree(world, work, role, action):
    user = world.users[role]
    assert_the_three_answers_agree(EMPLOYERS, user, action, [work["hotel"], work["shop"]])
    assert_the_three_answers_agree(
        OPENINGS, user, action, [work["hotel_job"], work["shop_job_in_hemsedal"], work["shop_job"]]
    )
    assert_the_three_answers_agree(JOB_FAIRS, user, action, [work["fair"], work["aal_fair"]])


def test_an_action_a_resource_does_not_have_is_an_error(world):
    with pytest.raises(ValueError, match="delete"):
        EMPLOYERS.user_has_permission(world.users["integration"], "delete")
    with pytest.raises(ValueError, match="edit"):
        RATES.user_has_permission(world.users["sysadmin"], "edit")


# ---------------------------------------------------------------------------- economy
def test_the_integration_service_sees_its_municipalities_economy_whole(world):
    user = world.users["integration"]
    assert ECONOMY.municipality_ids(user, VIEW) == ids(world.hemsedal, world.gol)
    assert pks(ECONOMY.instances_user_has_permission_for(user, VIEW)) == ids(world.hemsedal, world.gol)
    assert ECONOMY.user_has_permission_for_instance(user, "view_small_numbers", world.gol)
    assert ECONOMY.user_has_permission_for_instance(user, CHANGE, world.hemsedal)
    assert not ECONOMY.user_has_permission_for_instance(user, VIEW, world.aal)
    # What belongs to a municipality (a scenario) is judged by its municipality.
    own = Scenario.objects.create(municipality=world.gol, name="Vedtak")
    other = Scenario.objects.create(municipality=world.aal, name="Vedtak")
    assert ECONOMY.user_has_permission_for_instance(user, CHANGE, own)
    assert not ECONOMY.user_has_permission_for_instance(user, CHANGE, other)


def test_leadership_sees_the_economy_with_small_numbers_hidden(world):
    user = world.users["leadership"]
    assert ECONOMY.user_has_permission(user, VIEW)
    assert ECONOMY.municipality_ids(user, CHANGE) == ids(world.hemsedal)
    assert not ECONOMY.user_has_permission(user, "view_small_numbers")
    assert not ECONOMY.user_has_permission_for_instance(user, "view_small_numbers", world.hemsedal)
    assert not PERSON_FINANCES.user_has_permission(user, VIEW)


def test_nav_reads_persons_finances_but_not_the_economy(world):
    user, p = world.users["nav"], world.persons
    assert not ECONOMY.user_has_permission(user, VIEW)
    assert not ECONOMY.instances_user_has_permission_for(user, VIEW).exists()
    assert PERSON_FINANCES.user_has_permission(user, VIEW)
    assert PERSON_FINANCES.user_has_permission_for_instance(user, CHANGE, p["adult"])
    assert not PERSON_FINANCES.user_has_permission_for_instance(user, VIEW, p["teen"])
    assert RATES.user_has_permission(user, VIEW)
    assert not RATES.user_has_permission(user, CHANGE)


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        ("integration", True, False),
        ("leadership", True, False),
        ("sysadmin", True, True),
        ("school", False, False),
    ],
)
def test_who_reads_and_changes_the_rates(world, role, view, change):
    GrantRate.objects.create(
        code=GrantCode.INTEGRATION_Y1_ADULT,
        year=2026,
        amount=Decimal(1),
        confidence=Confidence.VERIFIED,
        source=RateSource.objects.create(title="Satser", reference="rundskriv"),
    )
    user = world.users[role]
    assert RATES.user_has_permission(user, VIEW) is view
    assert RATES.user_has_permission(user, CHANGE) is change
    assert RATES.instances_user_has_permission_for(user, VIEW).count() == (1 if view else 0)
    assert RATES.municipality_ids(user, VIEW) == set()  # national


# ---------------------------------------------------------------------------- plans
@pytest.fixture
def plans(world):
    def load(name, municipality):
        spec = load_plan_file(PLAN_DIR / f"{name}.yaml", indicator_keys=set(registry.all_indicators()))
        return plan_load(spec, municipality=municipality)[0]

    hemsedal = load("hemsedal", world.hemsedal)
    return {
        "hemsedal": hemsedal,
        "aal": load("aal", world.aal),
        "health": Measure.objects.get(plan=hemsedal, text__startswith="Samtaler med helsesykepleier"),
        "school": Measure.objects.get(plan=hemsedal, text__startswith="Gi behovsprøvd støtte"),
    }


def test_the_data_protection_officer_reads_the_plan_and_changes_nothing(world, plans):
    user = world.users["dpo"]
    assert PLANS.user_has_permission(user, VIEW)
    assert pks(PLANS.instances_user_has_permission_for(user, VIEW)) == {plans["hemsedal"].pk}
    assert not PLANS.user_has_permission(user, "coordinate")
    assert not PLANS.user_has_permission_for_instance(user, CHANGE, plans["hemsedal"])
    assert not MEASURES.user_has_permission(user, CHANGE)
    assert PLANS.report_sectors(user, plans["hemsedal"]) == []


def test_the_integration_service_coordinates_but_only_its_leaders_change_the_plan(world, plans):
    user, plan = world.users["integration"], plans["hemsedal"]
    assert PLANS.user_has_permission(user, "coordinate")
    assert PLANS.user_has_permission_for_instance(user, "enter_figures", plan)
    assert PLANS.user_has_permission_for_instance(user, "report", plan)
    assert not PLANS.user_has_permission_for_instance(user, "report", plans["aal"])
    assert not PLANS.user_has_permission(user, CHANGE)
    Membership.objects.filter(user=user).update(role=Role.LEADER)
    leader = type(user).objects.get(pk=user.pk)
    assert PLANS.user_has_permission_for_instance(leader, CHANGE, plan)


def test_a_superseded_plan_is_read_only_even_for_leadership(world, plans):
    user, plan = world.users["leadership"], plans["hemsedal"]
    assert PLANS.user_has_permission_for_instance(user, CHANGE, plan)
    assert pks(PLANS.instances_user_has_permission_for(user, CHANGE)) == {plan.pk}
    plan.status = PlanStatus.SUPERSEDED
    plan.save(update_fields=["status"])
    plan.refresh_from_db()
    assert PLANS.user_has_permission_for_instance(user, VIEW, plan)
    assert not PLANS.user_has_permission_for_instance(user, CHANGE, plan)
    assert not PLANS.instances_user_has_permission_for(user, CHANGE).exists()
    measure = Measure.objects.select_related("plan").get(pk=plans["health"].pk)
    assert not MEASURES.user_has_permission_for_instance(user, CHANGE, measure)


def test_a_sector_updates_the_measures_it_is_responsible_for(world, plans):
    school = world.users["school"]
    assert MEASURES.user_has_permission_for_instance(school, CHANGE, plans["school"])
    assert not MEASURES.user_has_permission_for_instance(school, CHANGE, plans["health"])
    updatable = pks(MEASURES.instances_user_has_permission_for(school, CHANGE))
    assert plans["school"].pk in updatable
    assert plans["health"].pk not in updatable
    assert MEASURES.user_has_permission(school, CHANGE)
    assert PLANS.report_sectors(school, plans["hemsedal"]) == ["school"]


def test_the_system_administrator_sees_no_plan(world, plans):
    user = world.users["sysadmin"]
    assert not PLANS.user_has_permission(user, VIEW)
    assert not PLANS.instances_user_has_permission_for(user, VIEW).exists()
    assert not MEASURES.instances_user_has_permission_for(user, VIEW).exists()
    assert not MEASURES.user_has_permission(user, CHANGE)


@pytest.mark.parametrize("role", ["integration", "leadership", "school", "aal-integration", "sysadmin"])
@pytest.mark.parametrize("action", [VIEW, CHANGE, "report"])
def test_the_plans_answers_agree(world, plans, role, action):
    assert_the_three_answers_agree(PLANS, world.users[role], action, [plans["hemsedal"], plans["aal"]])


# ---------------------------------------------------------------------------- memberships
def test_memberships_and_the_unit_filter(world):
    user = world.users["nav"]
    (membership,) = resources.memberships(user)
    assert membership.unit_name == "Hemsedal nav"
    scope = resources.membership_in(user, membership.unit_id)
    assert scope is not None and scope.sector == Sector.NAV
    assert scope.municipality_ids == frozenset(ids(world.hemsedal, world.gol))
    other = resources.memberships(world.users["school"])[0].unit_id
    assert resources.membership_in(user, other) is None
    assert resources.memberships(world.users["nobody"]) == []


def test_what_a_sector_is_granted_reads_the_rules_in_section_order(world):
    nav = resources.sector_grants(Sector.NAV)
    assert nav.population == Population.ADULTS
    assert nav.reads == (
        Section.IDENTITY,
        Section.NATIONAL_ID,
        Section.SETTLEMENT,
        Section.WORK,
        Section.HOUSING,
        Section.FINANCES,
        Section.PROGRAMME,
    )
    assert resources.sector_grants(Sector.CULTURE_LEISURE).reads == (
        Section.IDENTITY,
        Section.COMMUNITY,
        Section.LEISURE,
        Section.LEISURE_SUPPORT,
    )
    leadership = resources.sector_grants(Sector.LEADERSHIP)
    assert leadership.reads == () and leadership.sees_aggregates and not leadership.reads_audit_log
    assert resources.sector_grants(Sector.DATA_PROTECTION).reads_audit_log
    assert resources.sector_grants("no such sector").reads == ()
