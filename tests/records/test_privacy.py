"""The records in innsyn, with labels, and the names they hold removed by retention."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.sections import Section
from lagrundt.records import privacy
from lagrundt.records.models import HealthContact, HealthRecord, SchoolPlacement, SpecialLanguageDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    today = timezone.localdate()
    child, adult = world.persons["school_child"], world.persons["adult"]
    SchoolPlacement.objects.create(
        person=child,
        school="Hemsedal skole",
        grade=3,
        class_kind="welcome",
        mother_tongue="bilingual",
        starts_on=today,
    )
    SpecialLanguageDecision.objects.create(person=child, decided_on=today, kind="norwegian", hours_per_week=4)
    HealthRecord.objects.create(person=adult, gp_practice="Hemsedal legekontor", gp_assigned_on=today)
    HealthContact.objects.create(person=adult, kind="first_talk", held_on=today - dt.timedelta(days=1))
    return child, adult


def rows(parts):
    return {(r.title, row.label, str(row.value)) for p in parts for r in p.records for row in r.rows}


def test_subject_access_gives_labels_per_section(world, held):
    child, adult = held
    with translation.override("en"):
        school = rows(privacy.subject_access(child, [Section.EDUCATION]))
        health = rows(privacy.subject_access(adult, [Section.HEALTH]))
        assert privacy.subject_access(adult, [Section.EDUCATION]) == []
        assert privacy.subject_access(child, [Section.HEALTH]) == []
    assert ("School place", "Class", "Welcome class") in school
    assert ("School place", "Mother-tongue or bilingual teaching", "Bilingual subject teaching") in school
    assert ("Decision on special language teaching", "Decision", "Special Norwegian teaching") in school
    assert ("GP and arrival checks", "GP practice", "Hemsedal legekontor") in health
    assert any(label == "First health talk" for _t, label, _v in health)


def test_anonymise_empties_the_names_and_keeps_the_dates(world, held):
    child, adult = held
    dry = privacy.anonymise(Section.EDUCATION, [child.pk], dry_run=True)
    assert [a.rows for a in dry] == [1, 0]
    assert SchoolPlacement.objects.get().school == "Hemsedal skole"
    privacy.anonymise(Section.EDUCATION, [child.pk], dry_run=False)
    privacy.anonymise(Section.HEALTH, [adult.pk], dry_run=False)
    place, record = SchoolPlacement.objects.get(), HealthRecord.objects.get()
    assert place.school == "" and place.starts_on == timezone.localdate()
    assert record.gp_practice == "" and record.gp_assigned_on == timezone.localdate()
    assert privacy.anonymise(Section.WORK, [child.pk], dry_run=True) == []
