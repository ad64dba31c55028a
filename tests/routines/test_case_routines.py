"""Duties before arrival: case routines count from the expected arrival, often backwards from it.

Moving the expected arrival moves the open tasks; a case that is declined or withdrawn leaves no open
task; each sector sees the case's tasks of its own sector, and the integration service sees them all.
"""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.access import policy
from lagrundt.routines import engine
from lagrundt.routines.engine import CaseFacts, plan_case
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.profiles import builtin_routine_files, effective_routines, load_routine_file
from lagrundt.routines.rules import is_working_day
from lagrundt.settlement.models import CaseMember, Reply, SettlementCase, Stage
from lagrundt.settlement.routine_cases import case_facts

D = dt.date
BEFORE = {"from": "expected_arrival", "working_day": "before", "when": {}}


def case(**overrides) -> CaseFacts:
    values = dict(
        id=1,
        municipality_id=1,
        open=True,
        expected_arrival=D(2027, 5, 18),  # a Tuesday, the day after 17 May
        category="resettlement_refugee",
        member_birth_dates=(D(1990, 1, 1), D(2018, 3, 1)),
    )
    return CaseFacts(**{**values, **overrides})


def test_a_duty_before_arrival_lands_on_the_working_day_before():
    # 14 days before Tuesday 18 May 2027 is Tuesday 4 May; 3 days before is Saturday 15 May → Friday 14 May.
    (first,) = plan_case({**BEFORE, "offset": {"days": -14}}, case())
    (second,) = plan_case({**BEFORE, "offset": {"days": -3}}, case())
    assert first.due_on == D(2027, 5, 4)
    assert second.due_on == D(2027, 5, 14)
    assert second.facts["from"] == "expected_arrival"
    # 1 day before is Monday 17 May, a public holiday: the Friday before.
    (third,) = plan_case({**BEFORE, "offset": {"days": -1}}, case())
    assert third.due_on == D(2027, 5, 14)


def test_conditions_read_the_members_ages_at_the_expected_arrival():
    school = {**BEFORE, "offset": {"days": -14}, "when": {"has_children_aged": {"from": 6, "to": 15}}}
    assert plan_case(school, case(member_birth_dates=(D(1990, 1, 1), D(2021, 6, 1)))) == []
    (planned,) = plan_case(school, case(member_birth_dates=(D(1990, 1, 1), D(2020, 6, 1))))
    assert planned.facts["has_children_aged"] == [6, 37]
    reunified = {**BEFORE, "offset": {"days": -7}, "when": {"category": ["family_reunification"]}}
    assert plan_case(reunified, case()) == []
    assert len(plan_case(reunified, case(category="family_reunification"))) == 1


def test_a_case_not_open_or_without_an_arrival_plans_nothing():
    spec = {**BEFORE, "offset": {"days": -7}}
    assert plan_case(spec, case(open=False)) == []
    assert plan_case(spec, case(expected_arrival=None)) == []


@given(
    arrival=st.dates(D(2026, 1, 1), D(2030, 12, 31)),
    days=st.integers(-60, 0),
    working_day=st.sampled_from(["before", True, False]),
)
def test_every_duty_before_arrival_is_due_by_the_arrival(arrival, days, working_day):
    spec = {**BEFORE, "offset": {"days": days} if days else {}, "working_day": working_day}
    (planned,) = plan_case(spec, case(expected_arrival=arrival))
    if working_day == "before":
        assert planned.due_on <= arrival
        assert is_working_day(planned.due_on) or planned.due_on == arrival
    if working_day is False:
        assert planned.due_on == arrival + dt.timedelta(days=days)


# ---------------------------------------------------------------------------- with the database
@pytest.fixture
def pre_arrival(world, make_routine):
    """Three sectors' duties before arrival in Hemsedal, and an accepted case with a school child."""
    make_routine(
        world.hemsedal, "t.dwelling", "integration_service", {**BEFORE, "offset": {"days": -28}}, "case"
    )
    make_routine(
        world.hemsedal,
        "t.school",
        "school",
        {**BEFORE, "offset": {"days": -14}, "when": {"has_children_aged": {"from": 6, "to": 15}}},
        "case",
    )
    make_routine(world.hemsedal, "t.health", "health", {**BEFORE, "offset": {"days": -14}}, "case")
    today = timezone.localdate()
    found = SettlementCase.objects.create(
        municipality=world.hemsedal,
        name="Nasser",
        category="resettlement_refugee",
        origin="abroad",
        received_on=today,
        reply=Reply.ACCEPTED,
        replied_on=today,
        stage=Stage.ACCEPTED,
        expected_arrival=today + dt.timedelta(days=60),
    )
    CaseMember.objects.create(
        case=found, given_name="Lina", family_name="Nasser", birth_year=1988, role="reference"
    )
    CaseMember.objects.create(
        case=found, given_name="Omar", family_name="Nasser", birth_year=today.year - 9, role="child"
    )
    return found


def open_dues(found) -> dict[str, dt.date]:
    return dict(
        Task.objects.filter(subject=f"c:{found.pk}", status=TaskStatus.OPEN).values_list(
            "routine__key", "due_on"
        )
    )


def refresh(found):
    return engine.refresh_cases(case_facts([found.pk]))


def test_accepted_case_gets_each_sectors_task_and_moving_the_arrival_moves_them(pre_arrival):
    stats = refresh(pre_arrival)
    assert stats.created == 3
    dues = open_dues(pre_arrival)
    assert set(dues) == {"t.dwelling", "t.school", "t.health"}
    assert all(due < pre_arrival.expected_arrival for due in dues.values())

    pre_arrival.expected_arrival += dt.timedelta(days=21)
    pre_arrival.save()
    moved = refresh(pre_arrival)
    assert (moved.created, moved.updated) == (0, 3)
    later = open_dues(pre_arrival)
    assert all(later[key] > dues[key] for key in dues)
    assert refresh(pre_arrival).updated == 0  # idempotent


def test_a_declined_case_leaves_no_open_task_and_the_reason_is_kept(pre_arrival):
    refresh(pre_arrival)
    pre_arrival.reply, pre_arrival.stage = Reply.DECLINED, Stage.CLOSED
    pre_arrival.save()
    assert refresh(pre_arrival).closed == 3
    assert open_dues(pre_arrival) == {}
    reasons = set(Task.objects.filter(subject=f"c:{pre_arrival.pk}").values_list("reason", flat=True))
    assert reasons == {engine.Reason.CASE_CLOSED}


def test_the_nightly_run_includes_cases(pre_arrival):
    engine.refresh_all()
    assert len(open_dues(pre_arrival)) == 3


def test_each_sector_sees_its_own_case_tasks_and_the_integration_service_all(world, pre_arrival):
    refresh(pre_arrival)
    tasks = Task.objects.filter(subject=f"c:{pre_arrival.pk}")

    def seen(key):
        return set(policy.tasks_visible_to(world.users[key], tasks).values_list("routine__key", flat=True))

    assert seen("integration") == {"t.dwelling", "t.school", "t.health"}
    assert seen("school") == {"t.school"}
    assert seen("health") == {"t.health"}
    assert seen("culture") == set()
    assert seen("leadership") == set()
    assert seen("aal-integration") == set()  # Ål's service does not serve Hemsedal
    school_task = tasks.get(routine__key="t.school")
    assert policy.can_act_on_task(world.users["school"], school_task) is not None
    assert policy.can_act_on_task(world.users["health"], school_task) is None


def test_the_profiles_give_both_municipalities_duties_before_arrival():
    files = [load_routine_file(p) for p in builtin_routine_files()]
    for number in ("3326", "3328"):
        case_routines = [r for r in effective_routines(files, number) if r.applies_to == "case"]
        sectors = {r.sector for r in case_routines}
        assert {"integration_service", "nav", "school", "kindergarten", "health"} <= sectors
        assert all(r.spec["from"] == "expected_arrival" for r in case_routines)
        # Where the plan gives no number of days, the routine says the number is assumed.
        assert all(r.spec.get("assumed") for r in case_routines if r.spec.get("offset"))
