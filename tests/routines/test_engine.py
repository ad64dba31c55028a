"""The engine: facts in, tasks out; only what changed is written; nothing is ever deleted."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagrundt.access.audit import Actor
from lagrundt.people import services as people
from lagrundt.people.models import MoveOut
from lagrundt.routines import engine
from lagrundt.routines.engine import PersonFacts, plan_person
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.services import task_complete

D = dt.date
pytestmark = pytest.mark.django_db


def facts(**overrides):
    base = dict(
        id=1,
        municipality_id=1,
        household_id=None,
        birth_date=D(1990, 6, 1),
        country="ER",
        moved_out_on=None,
        settled_on=D(2026, 1, 5),
        category="resettlement_refugee",
        came_directly=True,
    )
    return PersonFacts(**{**base, **overrides})


def dues(spec, **overrides):
    return [o.due_on for o in plan_person({"working_day": True, "when": {}, **spec}, facts(**overrides))]


class TestPlanning:
    def test_single_deadline_from_settlement(self):
        assert dues({"from": "settlement", "offset": {"days": 14}}) == [D(2026, 1, 19)]

    def test_yearly_until_five_years(self):
        spec = {
            "from": "settlement",
            "offset": {"years": 1},
            "repeat": {"every": {"years": 1}, "until": {"years": 5}},
        }
        assert dues(spec) == [D(2027, 1, 5), D(2028, 1, 5), D(2029, 1, 5), D(2030, 1, 7), D(2031, 1, 6)]

    def test_several_deadlines(self):
        assert dues({"from": "settlement", "at": [{"years": 3}, {"years": 5}]}) == [
            D(2029, 1, 5),
            D(2031, 1, 6),
        ]

    def test_conditions(self):
        spec = {"from": "settlement", "offset": {"days": 14}, "when": {"came_directly": True}}
        assert dues(spec, came_directly=False) == []
        spec["when"] = {"category": ["family_reunification"]}
        assert dues(spec) == []
        assert dues(spec, category="family_reunification") == [D(2026, 1, 19)]
        spec["when"] = {"age": {"from": 6, "to": 15}}
        assert dues(spec) == []
        assert dues(spec, birth_date=D(2018, 1, 5)) == [D(2026, 1, 19)]  # 8 on the settlement date
        spec["when"] = {"has_children_aged": {"from": 0, "to": 16}}
        assert dues(spec) == []
        assert dues(spec, household_birth_dates=(D(1990, 1, 1), D(2015, 3, 1))) == [D(2026, 1, 19)]
        spec["when"] = {"intro_participant": True}
        assert dues(spec) == []  # until the programme is recorded

    def test_birthday_within_the_follow_up_only(self):
        spec = {"from": "birth", "offset": {"years": 6}}
        assert dues(spec, birth_date=D(2022, 3, 10)) == [D(2028, 3, 10)]
        assert dues(spec, birth_date=D(2019, 3, 10)) == []  # sixth birthday before settlement
        assert dues(spec, birth_date=D(2010, 3, 10)) == []

    def test_nothing_after_five_years(self):
        spec = {"from": "settlement", "offset": {"years": 6}}
        assert dues(spec) == []

    def test_counting_from_a_done_task(self):
        spec = {"from": "task", "after": "first_talk", "offset": {"months": 3}}
        assert dues(spec) == []
        assert dues(spec, done={"first_talk": D(2026, 1, 20)}) == [D(2026, 4, 20)]

    def test_facts_say_why(self):
        spec = {"from": "settlement", "offset": {"days": 14}, "when": {"age": {"from": 6, "to": 15}}}
        (o,) = plan_person({"working_day": True, **spec}, facts(birth_date=D(2018, 1, 5)))
        assert o.facts == {"from": "settlement", "date": "2026-01-05", "offset": {"days": 14}, "age": 8}


def health_and_school(world, make_routine):
    make_routine(world.hemsedal, "t.health", "health", {"from": "settlement", "offset": {"days": 14}})
    make_routine(
        world.hemsedal,
        "t.school",
        "school",
        {"from": "settlement", "offset": {"weeks": 2}, "when": {"age": {"from": 6, "to": 15}}},
    )
    make_routine(
        world.hemsedal,
        "t.yearly",
        "housing",
        {
            "from": "settlement",
            "offset": {"years": 1},
            "repeat": {"every": {"years": 1}, "until": {"years": 5}},
        },
    )


def open_tasks(person):
    return sorted(
        Task.objects.filter(person=person, status=TaskStatus.OPEN).values_list(
            "routine__key", "occurrence", "due_on"
        )
    )


def test_refresh_creates_tasks_once(world, make_routine):
    health_and_school(world, make_routine)
    teen, adult = world.persons["teen"], world.persons["adult"]
    first = engine.refresh_persons([teen.pk, adult.pk])
    assert first.created == (1 + 1 + 5) + (1 + 5)
    again = engine.refresh_persons([teen.pk, adult.pk])
    assert (again.created, again.updated, again.closed, again.reopened) == (0, 0, 0, 0)
    assert {k for k, _o, _d in open_tasks(adult)} == {"t.health", "t.yearly"}
    assert {k for k, _o, _d in open_tasks(teen)} == {"t.health", "t.school", "t.yearly"}


def test_corrected_settlement_date_moves_open_tasks_and_keeps_done_ones(world, make_routine):
    health_and_school(world, make_routine)
    child = world.persons["teen"]
    engine.refresh_persons([child.pk])
    health = Task.objects.get(person=child, routine__key="t.health")
    task_complete(actor=Actor(world.users["health"]), task=health, done_on=health.counts_from)
    before = open_tasks(child)
    old = child.settlement.settled_on
    people.settlement_save(
        actor=Actor(world.users["integration"]),
        person=child,
        data={"settled_on": old - dt.timedelta(days=30)},
    )
    after = open_tasks(child)
    assert after != before and len(after) == len(before)
    health.refresh_from_db()
    assert health.status == TaskStatus.DONE and health.counts_from == old  # done work is history


def test_move_out_closes_open_tasks_with_the_reason_and_they_come_back(world, make_routine):
    health_and_school(world, make_routine)
    child = world.persons["teen"]
    engine.refresh_persons([child.pk])
    before = open_tasks(child)
    actor = Actor(world.users["integration"])
    people.move_out_save(
        actor=actor,
        person=child,
        data={"moved_on": dt.date.today(), "destination_country": "NO", "reason": "work"},
    )
    closed = Task.objects.filter(person=child, status=TaskStatus.NO_LONGER_APPLIES)
    assert closed.count() == len(before)
    assert set(closed.values_list("reason", flat=True)) == {engine.Reason.MOVED_OUT}
    # The move was a mistake: without it the same tasks are open again.
    MoveOut.objects.filter(person=child).delete()
    type(child).objects.filter(pk=child.pk).update(moved_out_on=None)
    engine.refresh_persons([child.pk])
    assert open_tasks(child) == before
    assert Task.objects.filter(person=child).count() == len(before)  # reopened, not duplicated


def test_birth_date_correction_reaches_the_tasks(world, make_routine):
    health_and_school(world, make_routine)
    teen = world.persons["teen"]
    engine.refresh_persons([teen.pk])
    assert "t.school" in {k for k, _o, _d in open_tasks(teen)}
    settled = teen.settlement.settled_on
    people.person_update_identity(
        actor=Actor(world.users["integration"]),
        person=teen,
        data={"birth_date": settled.replace(year=settled.year - 17), "national_id": None},
    )
    assert "t.school" not in {k for k, _o, _d in open_tasks(teen)}
    task = Task.objects.get(person=teen, routine__key="t.school")
    assert task.status == TaskStatus.NO_LONGER_APPLIES and task.reason == engine.Reason.CONDITIONS


def test_household_routine_for_families_with_children(world, make_routine):
    make_routine(
        world.hemsedal,
        "t.home_visit",
        "health",
        {"from": "settlement", "offset": {"months": 1}, "when": {"has_children_aged": {"from": 0, "to": 5}}},
        applies_to="household",
    )
    adult = world.persons["adult"]
    engine.refresh_persons([adult.pk])
    (task,) = Task.objects.filter(household_id=adult.household_id)
    assert task.subject == f"h:{adult.household_id}" and task.person_id is None
    engine.refresh_persons([world.persons["spouse"].pk])
    assert Task.objects.filter(household_id=adult.household_id).count() == 1


def test_unit_routine_twice_a_year(world, make_routine):
    from lagrundt.tenancy.models import ServiceUnit

    unit = ServiceUnit.objects.get(name="Hemsedal integration")
    unit.sector = "integration_service"
    unit.save()
    make_routine(
        world.hemsedal,
        "t.welcome_meeting",
        "integration_service",
        {"from": "calendar", "dates": ["03-15", "09-15"], "interval_years": 1},
        applies_to="unit",
    )
    stats = engine.refresh_units(today=D(2026, 11, 23))
    assert stats.created == 4
    tasks = Task.objects.filter(unit=unit).order_by("due_on")
    assert [t.due_on for t in tasks] == [D(2026, 3, 16), D(2026, 9, 15), D(2027, 3, 15), D(2027, 9, 15)]
    again = engine.refresh_units(today=D(2027, 6, 1))  # a year on: 2028's dates are added, none closed
    assert (again.created, again.closed) == (2, 0)


SETTLEMENT_SHIFTS = st.lists(st.integers(-400, 400), min_size=1, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shifts=SETTLEMENT_SHIFTS)
def test_changing_and_reverting_facts_returns_the_same_open_tasks(world, make_routine, shifts):
    if not Task.objects.exists():
        health_and_school(world, make_routine)
    child = world.persons["teen"]
    engine.refresh_persons([child.pk])
    original = child.settlement.settled_on
    before = open_tasks(child)
    actor = Actor(world.users["integration"])
    for shift in shifts:
        people.settlement_save(
            actor=actor, person=child, data={"settled_on": original + dt.timedelta(days=shift)}
        )
        for key, _occurrence, due in open_tasks(child):
            task_start = Task.objects.filter(person=child, routine__key=key).values_list(
                "counts_from", flat=True
            )
            assert all(due >= start for start in task_start)
    people.settlement_save(actor=actor, person=child, data={"settled_on": original})
    assert open_tasks(child) == before
    assert engine.refresh_persons([child.pk]).created == 0


def test_other_apps_may_add_only_their_own_facts(monkeypatch):
    """An app's routine_facts.py fills facts the register lacks, never the register's own."""
    import types

    def plugged(facts):
        return {pid: {"settled_on": D(2020, 1, 1)} for pid in facts}

    module = types.SimpleNamespace(__name__="other.routine_facts", person_facts=plugged)
    monkeypatch.setattr(engine, "app_modules", lambda name: (module,))
    with pytest.raises(ValueError, match=r"may not set the facts \['settled_on'\]"):
        engine._with_plugged_facts({1: facts()})

    module.person_facts = lambda f: {1: {"intro_participant": True, "programme_start": D(2026, 2, 2)}}
    (added,) = engine._with_plugged_facts({1: facts()}).values()
    assert (added.intro_participant, added.programme_start) == (True, D(2026, 2, 2))
