"""The programme feeds the routine engine: who is a participant and when the programme started, so the
baseline's programme duties (assessment, career guidance, decision, start, NIR) and Ål's ICDP course
follow the register and the decisions."""

import datetime as dt

import pytest

from lagrundt.access.audit import Actor
from lagrundt.intro import services
from lagrundt.people import services as people
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.services import apply_routine_files

from .records import ASSESSMENT

D = dt.date
pytestmark = pytest.mark.django_db
BEFORE_DECISION = {
    "national.intro.kartlegging",
    "national.intro.career_guidance",
    "national.intro.decision",
    "national.intro.start",
}


@pytest.fixture
def routines(world):
    apply_routine_files()


def settle(world, municipality, members, settled_on, category="resettlement_refugee"):
    household = people.household_register(
        actor=Actor(world.users["integration" if municipality == world.hemsedal else "aal-integration"]),
        name="Familien Test",
        municipality=municipality,
        settlement={"settled_on": settled_on, "category": category, "came_directly": True},
        shared_identity={"country_background": "SY"},
        members=[
            {"given_name": g, "family_name": "Test", "birth_date": b, "sex": "female", "household_role": r}
            for g, b, r in members
        ],
    )
    return {p.given_name: p for p in household.members.all()}


def open_tasks(person, prefix=""):
    return {
        (t.routine.key, t.due_on)
        for t in Task.objects.filter(person=person, status=TaskStatus.OPEN, routine__key__startswith=prefix)
    }


@pytest.mark.parametrize(
    ("settled_on", "due"),
    [
        (D(2026, 3, 19), D(2026, 6, 19)),
        (D(2026, 3, 31), D(2026, 6, 30)),  # three months on: the month's last day
        (D(2026, 2, 17), D(2026, 5, 18)),  # 17 May is a Sunday and the national day
        (D(2026, 9, 25), D(2026, 12, 28)),  # 25 December: Christmas, then a Saturday and Sunday
    ],
)
def test_the_decision_deadline_for_adults_in_the_target_group(world, routines, settled_on, due):
    members = settle(world, world.hemsedal, [("Rasha", D(1988, 5, 5), "reference")], settled_on)
    assert open_tasks(members["Rasha"], "national.intro.") == {(key, due) for key in BEFORE_DECISION}


@pytest.mark.parametrize(
    ("birth", "category", "participant"),
    [
        (D(1988, 5, 5), "resettlement_refugee", True),
        (D(1968, 1, 1), "resettlement_refugee", False),  # 58 at settlement: may be offered, no duty
        (D(2010, 1, 1), "resettlement_refugee", False),  # a child
        (D(1990, 1, 1), "temporary_collective_protection", True),  # right, no duty
    ],
)
def test_who_is_a_participant_before_any_decision(world, routines, birth, category, participant):
    members = settle(world, world.hemsedal, [("Nour", birth, "reference")], D(2026, 3, 19), category)
    nour = members["Nour"]
    assert bool(open_tasks(nour, "national.intro.")) is participant
    # Hemsedal maps adults outside the programme itself (its plan, chapter 5.0).
    assert bool(open_tasks(nour, "hemsedal.integration.kartlegging")) is (
        not participant and birth.year < 2008
    )


def test_a_decision_brings_the_duties_that_count_from_the_start_and_a_refusal_closes_them(world, routines):
    members = settle(
        world,
        world.aal,
        [("Olena", D(1990, 4, 4), "reference"), ("Taras", D(2016, 1, 20), "child")],
        D(2026, 3, 2),
        "temporary_collective_protection",
    )
    olena = members["Olena"]
    actor = Actor(world.users["aal-integration"])
    services.assessment_save(actor=actor, person=olena, data=ASSESSMENT, today=D(2026, 3, 20))
    services.decision_make(
        actor=actor,
        person=olena,
        kind="programme",
        data=dict(
            decided_on=D(2026, 3, 20),
            starts_on=D(2026, 4, 7),
            months=12,
            final_goal="work",
            language="nn",
            grounds="Rett",
        ),
        today=D(2026, 3, 20),
    )
    assert open_tasks(olena, "national.nir.start") == {
        ("national.nir.start_registered", D(2026, 6, 8))
    }  # 7 June: Sunday
    assert open_tasks(olena, "aal.intro.") == {
        ("aal.intro.parenting_course", D(2026, 10, 7))
    }  # ICDP, parents
    assert not open_tasks(members["Taras"], "aal.intro.")

    services.decision_make(
        actor=actor,
        person=olena,
        kind="refusal",
        data=dict(decided_on=D(2026, 3, 25), language="nn", grounds="Takka nei"),
        today=D(2026, 3, 25),
    )
    assert not open_tasks(olena, "national.intro.")
    closed = Task.objects.get(person=olena, routine__key="national.intro.decision")
    assert (closed.status, closed.reason) == (TaskStatus.NO_LONGER_APPLIES, "conditions")


def test_recording_a_permit_date_over_the_age_limit_takes_the_duties_away(world, routines):
    members = settle(world, world.hemsedal, [("Samir", D(1970, 6, 1), "reference")], D(2026, 3, 19))
    samir = members["Samir"]
    assert open_tasks(samir, "national.intro.")  # 55 on the settlement day
    services.case_save(
        actor=Actor(world.users["integration"]),
        person=samir,
        data={"permit_granted_on": D(2026, 1, 10)},
        today=D(2026, 3, 20),
    )
    assert open_tasks(samir, "national.intro.")  # still 55 on the permit date
    services.case_save(
        actor=Actor(world.users["integration"]),
        person=samir,
        data={"nordic_or_eea": True},
        today=D(2026, 3, 20),
    )
    assert not open_tasks(samir, "national.intro.")


def test_the_programme_pages_show_the_deadline_of_the_task(world, routines, file_book):
    """One deadline: the participant list, the participant page and the task list show the same day,
    counted from the claim where one is recorded, on the next working day (5 April 2026 is Easter Sunday,
    6 April Easter Monday)."""
    from lagrundt.intro import selectors
    from lagrundt.routines.deadlines import PROGRAMME_START

    today = D(2026, 3, 2)
    members = settle(world, world.hemsedal, [("Rasha", D(1988, 5, 5), "reference")], D(2026, 1, 5))
    rasha = members["Rasha"]

    def shown():
        (row,) = selectors.list_rows(file_book, [rasha], today)
        record = selectors.load_records([rasha], today=today, book=file_book)[rasha.pk]
        page = selectors.participant_page(file_book, record, today=today)
        (task,) = Task.objects.filter(person=rasha, routine__key=PROGRAMME_START, status=TaskStatus.OPEN)
        return row.decision_due, page.decision_due, task.due_on

    assert shown() == (D(2026, 4, 7),) * 3
    services.case_save(
        actor=Actor(world.users["integration"]),
        person=rasha,
        data={"claim_made_on": D(2026, 2, 17)},
        today=today,
    )
    assert shown() == (D(2026, 5, 18),) * 3  # 17 May: a Sunday and the national day


def test_a_decision_warns_of_a_late_start_on_the_day_the_task_is_due(world, routines):
    """The decision's check and the task list share the deadline: a start on 7 April 2026 is in time
    (5 April is Easter Sunday, 6 April Easter Monday), a start on 8 April must be explained."""
    members = settle(world, world.hemsedal, [("Rasha", D(1988, 5, 5), "reference")], D(2026, 1, 5))
    rasha = members["Rasha"]
    actor = Actor(world.users["integration"])
    services.assessment_save(actor=actor, person=rasha, data=ASSESSMENT, today=D(2026, 3, 2))
    decision = dict(decided_on=D(2026, 3, 2), months=24, final_goal="work", language="nb", grounds="Rett")

    def late_warnings(starts_on):
        try:
            services.decision_make(
                actor=actor,
                person=rasha,
                kind="programme",
                data={**decision, "starts_on": starts_on},
                today=D(2026, 3, 2),
            )
        except services.NeedsConfirmation as refusal:
            return [m for m in refusal.messages if "deadline for its start" in m]
        return []

    assert late_warnings(D(2026, 4, 8)) == [
        "The programme starts after the deadline for its start, 07.04.2026: three months from settlement, "
        "or from the claim (integreringsloven § 12). Explain in the grounds why."
    ]
    assert late_warnings(D(2026, 4, 7)) == []
