"""Every record event a built-in routine file names is one an app records, and the closing path works."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.core.plugins import app_modules
from lagrundt.routines import engine, services
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.profiles import builtin_routine_files, load_routine_file
from lagrundt.settlement.services import EVENTS as INTEGRATION_EVENTS
from lagrundt.work.services import EVENTS as NAV_EVENTS


def test_every_closed_by_in_the_built_in_files_is_an_event_an_app_records():
    # Each app that keeps a record gives its events in ``<app>.events`` (school, kindergarten and health in
    # records; leisure; community), Nav's and the integration service's records in their services.
    declared = {e for module in app_modules("events") for e in module.EVENTS} | set(NAV_EVENTS)
    declared |= set(INTEGRATION_EVENTS)
    assert {"health.gp", "community.welcome_letter"} <= declared
    named = {
        (f.path.name, spec.key, event)
        for f in map(load_routine_file, builtin_routine_files())
        for spec in f.routines
        for event in spec.spec.get("closed_by", ())
    }
    assert named, "the built-in files close duties from records"
    assert not {n for n in named if n[2] not in declared}


@pytest.mark.django_db
def test_a_record_closes_the_earliest_open_occurrence_that_had_started(world, make_routine):
    make_routine(
        world.hemsedal,
        "t.talks",
        "kindergarten",
        {
            "from": "settlement",
            "at": [{"days": 10}, {"days": 40}],
            "closed_by": ["kindergarten.interpreter_talk"],
        },
    )
    child = world.persons["small_child"]
    settled = timezone.localdate() - dt.timedelta(days=60)
    child.settlement.settled_on = settled
    child.settlement.save()
    engine.refresh_persons([child.pk])
    first, second = Task.objects.filter(person=child, routine__key="t.talks").order_by("due_on")
    before = AuditEntry.objects.count()
    actor = Actor(world.users["kindergarten"])
    closed = services.close_by_record(
        actor=actor,
        person=child,
        event="kindergarten.interpreter_talk",
        done_on=settled + dt.timedelta(days=12),
    )
    assert [t.pk for t in closed] == [first.pk]
    first.refresh_from_db()
    assert (first.status, first.closed_on) == (TaskStatus.DONE, settled + dt.timedelta(days=12))
    assert AuditEntry.objects.count() == before + 1
    # Another event closes nothing; the second talk waits for its own record.
    assert (
        services.close_by_record(actor=actor, person=child, event="health.gp", done_on=timezone.localdate())
        == []
    )
    closed = services.close_by_record(
        actor=actor, person=child, event="kindergarten.interpreter_talk", done_on=timezone.localdate()
    )
    assert [t.pk for t in closed] == [second.pk]


@pytest.mark.django_db
def test_a_record_without_a_day_or_with_its_day_unchanged_closes_nothing(world, make_routine):
    make_routine(world.hemsedal, "t.gp", "health", {"from": "settlement", "closed_by": ["health.gp"]})
    adult = world.persons["adult"]
    engine.refresh_persons([adult.pk])
    actor = Actor(world.users["health"])
    today = timezone.localdate()
    assert services.close_by_record(actor=actor, person=adult, event="health.gp", done_on=None) == []
    assert (
        services.close_by_record(actor=actor, person=adult, event="health.gp", done_on=today, before=today)
        == []
    )
    assert Task.objects.get(person=adult, routine__key="t.gp").status == TaskStatus.OPEN
    assert len(services.close_by_record(actor=actor, person=adult, event="health.gp", done_on=today)) == 1
