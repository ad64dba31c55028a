"""Guide pairs in innsyn and retention, and the indicator "persons with a guide or buddy"."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.access.sections import Section
from lagrundt.community.guides import plugins, services
from lagrundt.community.models import GuidePair
from lagrundt.core.measurement import Query

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    today = timezone.localdate()
    # This year's, whatever day the suite runs on (the indicator counts per year).
    started = max(today - dt.timedelta(days=40), dt.date(today.year, 1, 1))
    actor = Actor(world.users["volunteer"])
    volunteer = services.volunteer_save(
        actor=actor,
        data={
            "municipality": world.hemsedal,
            "given_name": "Kari",
            "family_name": "Nordmann",
            "area": "Ulsåk",
            "works_with_children": True,
            "police_certificate_seen_on": today - dt.timedelta(days=3),
            "consent": True,
        },
    )
    made = services.pair_make(
        actor=actor,
        volunteer=volunteer,
        household=world.persons["adult"].household,
        data={"starts_on": started},
        reasons=["area:Ulsåk"],
        children=True,
    )
    services.meeting_add(actor=actor, pair=made, held_on=max(today - dt.timedelta(days=2), started))
    return made


def test_innsyn_shows_the_household_pair_to_each_member(world, pair):
    with translation.override("en"):
        [part] = plugins.subject_access(world.persons["teen"], [Section.COMMUNITY])
        assert part.section == Section.COMMUNITY
        [record] = part.records
        rows = {row.label: row.value for row in record.rows}
    assert rows["Volunteer"] == "Nordmann, Kari"
    assert rows["Why suggested"] == "Lives in Ulsåk"
    assert rows["Meeting"] == pair.meetings.get().held_on
    assert plugins.subject_access(world.persons["teen"], [Section.HEALTH]) == []
    assert plugins.subject_access(world.persons["gol_adult"], [Section.COMMUNITY]) == []


def test_retention_removes_the_reasons_and_keeps_the_dates(world, pair):
    ids = [world.persons["adult"].pk]
    [dry] = plugins.anonymise(Section.COMMUNITY, ids, dry_run=True)
    assert dry.rows == 1
    assert GuidePair.objects.get().reasons == ["area:Ulsåk"]
    plugins.anonymise(Section.COMMUNITY, ids, dry_run=False)
    kept = GuidePair.objects.get()
    assert (kept.reasons, kept.starts_on) == ([], pair.starts_on)
    assert plugins.anonymise(Section.HEALTH, ids, dry_run=False) == []


def test_the_indicator_counts_each_member_of_a_paired_household_once(world, pair):
    [indicator] = plugins.definitions()
    today = timezone.localdate()
    query = Query(municipality_ids=(world.hemsedal.pk,), years=(today.year - 1, today.year), today=today)
    values = indicator.compute(query)
    assert values == {today.year - 1: [0], today.year: [5]}
