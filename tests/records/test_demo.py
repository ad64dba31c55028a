"""The records' demo: a few records in Hemsedal, saved through the services (audited, tasks closed),
none where the municipality has no user of the sector, and the same after a second run."""

import io

import pytest
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.records import demo
from lagrundt.records.models import HealthContact, HealthRecord, KindergartenPlacement, SchoolPlacement
from lagrundt.routines.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (SchoolPlacement, KindergartenPlacement, HealthRecord, HealthContact)]


def test_demo_records_are_saved_through_the_services_and_rerunnable(world, pupil):
    from lagrundt.routines import engine

    engine.refresh_persons([p.pk for p in world.persons.values()])
    out = io.StringIO()
    demo.load(today=timezone.localdate(), seed=2026, out=out)
    school = SchoolPlacement.objects.get(person=world.persons["school_child"])
    assert school.school == "Hemsedal skule"
    assert {p.person_id for p in SchoolPlacement.objects.all()} == {
        world.persons["school_child"].pk,
        world.persons["teen"].pk,
        pupil.pk,
    }
    assert KindergartenPlacement.objects.get().person == world.persons["small_child"]
    assert HealthRecord.objects.filter(person__municipality=world.hemsedal).count() == demo.PER_RECORD
    assert not HealthRecord.objects.filter(person__municipality=world.aal).exists()  # no health user in Ål
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, person=school.person, sector="school"
    ).exists()
    start = Task.objects.get(person=pupil, routine__key="national.school.start")
    assert start.status == TaskStatus.DONE
    assert "3 nye skoleplasser" in out.getvalue()
    before = counts()
    demo.load(today=timezone.localdate(), seed=2026, out=io.StringIO())
    assert counts() == before
