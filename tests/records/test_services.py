"""The records' services: each change is checked as a whole, saved with one audit entry, and closes the
tasks its dates answer (the earliest open occurrence of a repeating routine)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.core.dates import add_years
from lagrundt.records import services
from lagrundt.records.models import (
    HealthContact,
    HealthRecord,
    KindergartenPlacement,
    KindergartenTalk,
    SchoolPlacement,
    SpecialLanguageDecision,
)
from lagrundt.routines.models import Task, TaskStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def refused(call) -> dict[str, list[str]]:
    """The messages of a refused change by field, in English."""
    with pytest.raises(ValidationError) as info, translation.override("en"):
        call()
    with translation.override("en"):
        return info.value.message_dict


def entries() -> int:
    return AuditEntry.objects.exclude(action=AuditAction.READ).count()


def open_keys(person) -> set[str]:
    return set(
        Task.objects.filter(person=person, status=TaskStatus.OPEN).values_list("routine__key", flat=True)
    )


def school(world, person, **data):
    base = {"school": "Hemsedal skole", "grade": 4, "class_kind": "welcome", "starts_on": days(-3)}
    return services.school_placement_save(
        actor=Actor(world.users["school"]), person=person, data={**base, **data}
    )


# ---------------------------------------------------------------------------- school
def test_a_school_place_closes_the_start_duties_with_one_entry_for_the_place(world, pupil):
    before = entries()
    saved = school(world, pupil, start_meeting_on=days(-5))
    place = SchoolPlacement.objects.get(person=pupil)
    assert (place.grade, place.class_kind, place.mother_tongue) == (4, "welcome", "none")
    assert {t.routine.key for t in saved.closed} == {"national.school.start", "hemsedal.school.start_meeting"}
    assert "national.school.start" not in open_keys(pupil)
    start = Task.objects.get(person=pupil, routine__key="national.school.start")
    assert (start.status, start.closed_on) == (TaskStatus.DONE, days(-3))
    # One entry for the place, one per task closed.
    assert entries() - before == 3
    entry = AuditEntry.objects.get(person=pupil, action=AuditAction.CREATE)
    assert entry.section == "education" and entry.sector == "school"
    assert entry.changes["school_place"] == {"old": None, "new": place.pk}
    assert entry.changes["grade"] == {"old": None, "new": 4}
    assert entry.changes["school"] == {"changed": True}  # a name: not kept in the log


def test_changing_the_place_closes_only_for_dates_set_now(world, pupil):
    place = school(world, pupil).obj
    before = entries()
    saved = services.school_placement_save(
        actor=Actor(world.users["school"]),
        person=pupil,
        placement=place,
        data={"grade": 5, "level_test_on": days(-1)},
    )
    assert [t.routine.key for t in saved.closed] == ["hemsedal.school.level_test"]
    assert entries() - before == 2
    # Saving the same again changes nothing and writes nothing.
    again = services.school_placement_save(
        actor=Actor(world.users["school"]), person=pupil, placement=place, data={"grade": 5}
    )
    assert again.closed == [] and entries() - before == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"grade": 0}, "grade", "Give a grade from 1 to 13."),
        ({"grade": 14}, "grade", "Give a grade from 1 to 13."),
        (
            {"starts_on": days(1)},
            "starts_on",
            "The date cannot be after today: fill it in when it has happened.",
        ),
        (
            {"level_test_on": days(2)},
            "level_test_on",
            "The date cannot be after today: fill it in when it has happened.",
        ),
        (
            {"start_meeting_on": add_years(TODAY(), -10)},
            "start_meeting_on",
            "The date cannot be before the person was born.",
        ),
        (
            {"ends_on": days(-10)},
            "ends_on",
            f"The end date cannot be before the start date ({days(-3):%d.%m.%Y}).",
        ),
    ],
)
def test_a_bad_school_place_is_refused_and_nothing_is_saved(world, pupil, data, field, message):
    before = entries()
    errors = refused(lambda: school(world, pupil, **data))
    assert errors[field] == [message]
    assert not SchoolPlacement.objects.exists()
    assert entries() == before
    assert "national.school.start" in open_keys(pupil)


def test_a_second_active_school_place_is_refused(world, pupil):
    school(world, pupil, starts_on=days(-10))
    errors = refused(lambda: school(world, pupil, school="Gol skule"))
    assert errors["ends_on"] == [
        f"The pupil already has an active school place at Hemsedal skole from {days(-10):%d.%m.%Y}: "
        "give that place an end date first."
    ]
    assert SchoolPlacement.objects.filter(person=pupil).count() == 1
    # Once the first has ended, the next may start.
    first = SchoolPlacement.objects.get(person=pupil)
    services.school_placement_save(
        actor=Actor(world.users["school"]), person=pupil, placement=first, data={"ends_on": days(-2)}
    )
    school(world, pupil, school="Gol skule", starts_on=days(-1))
    assert SchoolPlacement.objects.filter(person=pupil, ends_on__isnull=True).get().school == "Gol skule"


def test_language_decision_hours(world, pupil):
    actor = Actor(world.users["school"])

    def add(**data):
        return services.language_decision_add(
            actor=actor, person=pupil, data={"decided_on": days(-1), "kind": "norwegian", **data}
        )

    assert refused(lambda: add(hours_per_week=0))["hours_per_week"] == [
        "A decision that grants teaching gives its hours a week."
    ]
    assert refused(lambda: add(hours_per_week=41))["hours_per_week"] == [
        "Give the hours a week as a whole number from 0 to 40."
    ]
    assert refused(lambda: add(kind="not_granted", hours_per_week=3))["hours_per_week"] == [
        "A decision that does not grant teaching has no hours."
    ]
    assert refused(lambda: add(decided_on=days(3), hours_per_week=3))["decided_on"] == [
        "The date cannot be after today: fill it in when it has happened."
    ]
    assert not SpecialLanguageDecision.objects.exists()
    before = entries()
    add(hours_per_week=4)
    assert SpecialLanguageDecision.objects.get().hours_per_week == 4
    assert entries() - before == 1


# ---------------------------------------------------------------------------- kindergarten
def kindergarten(world, person, **data):
    base = {"kindergarten": "Tuv barnehage", "applied_on": days(-60)}
    return services.kindergarten_placement_save(
        actor=Actor(world.users["kindergarten"]), person=person, data={**base, **data}
    )


def test_a_kindergarten_start_closes_the_place_duty(world, toddler):
    before = entries()
    kindergarten(world, toddler)  # applied, not started: closes nothing
    assert "hemsedal.kindergarten.place" in open_keys(toddler)
    place = KindergartenPlacement.objects.get(person=toddler)
    saved = services.kindergarten_placement_save(
        actor=Actor(world.users["kindergarten"]),
        person=toddler,
        placement=place,
        data={"starts_on": days(-20), "hours_per_week": 41},
    )
    assert [t.routine.key for t in saved.closed] == ["hemsedal.kindergarten.place"]
    assert entries() - before == 3  # made, changed, the task


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"starts_on": days(-70)},
            "starts_on",
            f"The start date cannot be before the application date ({days(-60):%d.%m.%Y}).",
        ),
        ({"hours_per_week": 46}, "hours_per_week", "Give the hours a week as a whole number from 0 to 45."),
        (
            {"applied_on": days(1)},
            "applied_on",
            "The date cannot be after today: fill it in when it has happened.",
        ),
        ({"ends_on": days(-1)}, "ends_on", "Give the start date before the end date."),
        (
            {"welcome_talk_on": add_years(TODAY(), -4)},
            "welcome_talk_on",
            "The date cannot be before the person was born.",
        ),
    ],
)
def test_a_bad_kindergarten_place_is_refused(world, toddler, data, field, message):
    before = entries()
    assert refused(lambda: kindergarten(world, toddler, **data))[field] == [message]
    assert not KindergartenPlacement.objects.exists() and entries() == before


def test_a_second_active_kindergarten_place_is_refused(world, toddler):
    kindergarten(world, toddler)
    assert refused(lambda: kindergarten(world, toddler, kindergarten="Ulsåk barnehage"))["ends_on"] == [
        "The child already has an active kindergarten place at Tuv barnehage: "
        "give that place an end date first."
    ]


def test_each_interpreter_talk_closes_the_earliest_open_occurrence(world, toddler):
    actor = Actor(world.users["kindergarten"])
    talks = Task.objects.filter(person=toddler, routine__key="hemsedal.kindergarten.interpreter_talks")
    first, second = talks.order_by("due_on")[:2]
    saved = services.interpreter_talk_add(actor=actor, person=toddler, data={"held_on": days(-7)})
    assert [t.pk for t in saved.closed] == [first.pk]
    saved = services.interpreter_talk_add(actor=actor, person=toddler, data={"held_on": days(-6)})
    assert [t.pk for t in saved.closed] == [second.pk]
    assert KindergartenTalk.objects.filter(person=toddler).count() == 2
    assert talks.filter(status=TaskStatus.OPEN).count() == talks.count() - 2


# ---------------------------------------------------------------------------- health
def health(world, person, **data):
    return services.health_record_save(actor=Actor(world.users["health"]), person=person, data=data)


def test_the_health_record_closes_the_arrival_checks(world, newcomer):
    before = entries()
    saved = health(
        world,
        newcomer,
        gp_practice="Hemsedal legekontor",
        gp_assigned_on=days(-2),
        tb_screening_on=days(-3),
        vaccination_reviewed_on=days(-1),
    )
    assert {t.routine.key for t in saved.closed} == {
        "hemsedal.health.gp",
        "national.health.tb_screening",
        "national.health.vaccination_adults",
    }
    assert entries() - before == 4
    record = HealthRecord.objects.get(person=newcomer)
    assert record.tb_screening_on == days(-3)
    # A second save of the one record changes it, it does not make another.
    health(world, newcomer, tb_screening_on=days(-4))
    assert HealthRecord.objects.filter(person=newcomer).count() == 1


def test_bad_health_records_are_refused(world, newcomer):
    settled = newcomer.settlement.settled_on
    errors = refused(
        lambda: health(
            world, newcomer, gp_practice="Hemsedal legekontor", gp_assigned_on=settled - dt.timedelta(days=1)
        )
    )
    assert errors["gp_assigned_on"] == [
        f"The GP cannot be assigned before the settlement date ({settled:%d.%m.%Y})."
    ]
    errors = refused(lambda: health(world, newcomer, gp_assigned_on=days(-1)))
    assert errors["gp_practice"] == ["Give both the GP practice and the date it was assigned, or neither."]
    errors = refused(lambda: health(world, newcomer, tb_screening_on=days(1)))
    assert errors["tb_screening_on"] == ["The date cannot be after today: fill it in when it has happened."]
    assert not HealthRecord.objects.exists()
    assert "hemsedal.health.gp" in open_keys(newcomer)


def test_a_health_talk_closes_its_kind(world, newcomer):
    actor = Actor(world.users["health"])
    before = entries()
    saved = services.health_contact_add(
        actor=actor, person=newcomer, data={"kind": "mapping", "held_on": days(-1)}
    )
    assert [t.routine.key for t in saved.closed] == ["hemsedal.health.mapping"]
    assert entries() - before == 2
    with translation.override("en"):
        errors = refused(
            lambda: services.health_contact_add(
                actor=actor, person=newcomer, data={"kind": "examination", "held_on": days(5)}
            )
        )
    assert errors["held_on"] == ["The date cannot be after today: fill it in when it has happened."]
    assert HealthContact.objects.count() == 1
    assert "national.health.three_month_exam" in open_keys(newcomer)


def test_the_health_record_has_no_free_text():
    """Only the GP practice's name is text; no notes, results or diagnoses."""
    from django.db import models

    texts = {
        f.name
        for m in (HealthRecord, HealthContact)
        for f in m._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    }
    assert texts == {"gp_practice"}


def test_missing_fields_are_named(world, pupil, newcomer):
    errors = refused(
        lambda: services.school_placement_save(
            actor=Actor(world.users["school"]),
            person=pupil,
            data={"school": "Hemsedal skole", "class_kind": "welcome"},
        )
    )
    assert errors["grade"] == ["This field is required."]
    assert errors["starts_on"] == ["This field is required."]
    errors = refused(
        lambda: services.health_contact_add(actor=Actor(world.users["health"]), person=newcomer, data={})
    )
    assert set(errors) == {"kind", "held_on"}
    assert not SchoolPlacement.objects.exists() and not HealthContact.objects.exists()


def test_the_database_refuses_a_second_active_school_place(world, pupil):
    """The service checks first (with a message); the database's constraint holds even without it."""
    from django.db import IntegrityError, transaction

    school(world, pupil)
    second = SchoolPlacement.objects.create(
        person=pupil, school="Gol skule", grade=4, class_kind="welcome", starts_on=days(-1), ends_on=days(0)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolPlacement.objects.filter(pk=second.pk).update(ends_on=None)
    errors = refused(
        lambda: services.school_placement_save(
            actor=Actor(world.users["school"]), person=pupil, placement=second, data={"ends_on": None}
        )
    )
    assert "active school place at Hemsedal skole" in errors["ends_on"][0]
