"""Leisure's demo data (through the services, re-runnable) and leisure in innsyn and retention."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.leisure import demo, privacy
from lagrundt.leisure.models import Activity, InterestMapping, Participation, SupportApplication
from tests.world import make_person

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_profiles_and_maps_consenting_residents_only(world):
    today = timezone.localdate()
    for serial in range(3):
        make_person(
            world.aal,
            f"Olha{serial}",
            "Shevchenko",
            today - dt.timedelta(days=3650 + serial),
            consent=True,
            serial=60 + serial,
        )
    out = io.StringIO()
    demo.load(today=today, seed=2026, out=out)
    assert Activity.objects.filter(municipality=world.aal, key="hallung").exists()
    mapped = set(InterestMapping.objects.values_list("person_id", flat=True))
    assert mapped and all(
        InterestMapping.objects.get(person_id=pk).person.consents_to_leisure_contact for pk in mapped
    )
    assert world.persons["teen"].pk not in mapped
    made = AuditEntry.objects.filter(section="leisure", action="create", changes__has_key="interest_mapping")
    assert made.count() == len(mapped)
    counts = [m.objects.count() for m in (InterestMapping, Participation, SupportApplication, Activity)]
    demo.load(today=today, seed=2026, out=io.StringIO())
    assert [
        m.objects.count() for m in (InterestMapping, Participation, SupportApplication, Activity)
    ] == counts


@pytest.fixture
def held(world, catalogue, child):
    today = timezone.localdate()
    mapping = InterestMapping.objects.create(person=child, mapped_on=today, wishes="Vil spille fotball")
    mapping.interests.set([catalogue["football"]])
    Participation.objects.create(person=child, activity=catalogue["club"], started_on=today)
    SupportApplication.objects.create(
        person=child,
        scheme=catalogue["scheme"],
        applied_on=today,
        amount_applied=Decimal(800),
        purpose="Fotballsko",
        decided_on=today,
        granted=True,
        amount_granted=Decimal(800),
    )
    return child


def rows(parts):
    return {(r.title, row.label, str(row.value)) for p in parts for r in p.records for row in r.rows}


def test_subject_access_gives_labels_per_section(world, held):
    with translation.override("en"):
        leisure = rows(privacy.subject_access(held, [Section.LEISURE]))
        support = privacy.subject_access(held, [Section.LEISURE_SUPPORT])
    assert ("Interest mapping", "Interests", "Football") in leisure
    assert ("Interest mapping", "Wishes in their own words", "Vil spille fotball") in leisure
    assert ("Activity taken part in", "Activity", "Fotballtrening") in leisure
    assert not any(title.startswith("Application") for title, _l, _v in leisure)
    (part,) = support
    granted = next(row for row in part.records[0].rows if row.label == "Amount granted")
    assert granted.kroner and granted.value == Decimal(800)


def test_retention_empties_the_free_text_only(world, held):
    (dry,) = privacy.anonymise(Section.LEISURE, [held.pk], dry_run=True)
    assert dry.rows == 1 and InterestMapping.objects.get().wishes
    privacy.anonymise(Section.LEISURE, [held.pk], dry_run=False)
    privacy.anonymise(Section.LEISURE_SUPPORT, [held.pk], dry_run=False)
    mapping = InterestMapping.objects.get()
    assert mapping.wishes == "" and mapping.interests.count() == 1
    application = SupportApplication.objects.get()
    assert application.purpose == "" and application.amount_granted == Decimal(800)


def test_an_unused_activity_may_be_made_in_another_municipality(world):
    # The catalogue is per municipality: the same name in Ål is another activity.
    assert make_activity(world.aal, "Fotballtrening").municipality == world.aal
