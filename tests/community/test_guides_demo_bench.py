"""The demo's volunteers and pairs, and the benchmark's report lines."""

import io

import pytest
from django.utils import timezone

from lagrundt.access.models import AuditEntry
from lagrundt.community.guides import bench, plugins
from lagrundt.community.models import GuideMeeting, GuidePair, Volunteer
from lagrundt.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_makes_volunteers_and_pairs_with_consenting_persons_once(world):
    out = io.StringIO()
    plugins.load(today=timezone.localdate(), seed=2026, out=out)
    volunteers = Volunteer.objects.filter(municipality=world.hemsedal)
    assert 20 <= volunteers.count() <= 40
    assert volunteers.filter(works_with_children=True, police_certificate_seen_on__isnull=False).exists()
    pairs = list(GuidePair.objects.select_related("person", "household"))
    assert pairs, out.getvalue()
    for pair in pairs:
        members = [pair.person] if pair.person_id else list(pair.household.members.all())
        assert any(m.consents_to_leisure_contact for m in members)
        assert pair.reasons
    assert GuideMeeting.objects.exists()
    assert AuditEntry.objects.filter(municipality=world.hemsedal, section="", action="create").count() >= 20
    counts = (Volunteer.objects.count(), GuidePair.objects.count())
    plugins.load(today=timezone.localdate(), seed=2026, out=io.StringIO())
    assert (Volunteer.objects.count(), GuidePair.objects.count()) == counts


def test_the_bench_times_suggestions_among_5000_volunteers(world, monkeypatch):
    monkeypatch.setattr(bench, "VOLUNTEERS", 5_000)
    lines = bench.run(runs=3, out=io.StringIO())
    assert Volunteer.objects.filter(municipality=world.hemsedal).count() == 5_000
    assert lines[0].startswith("Guide suggestions: 5000 active volunteers in Hemsedal")
    assert "10 suggested" in lines[0]
    row = next(line for line in lines if line.startswith("| suggestions for a household"))
    median = float(row.split("|")[2])
    assert row.endswith("| target under 200 ms |") and median > 0
    assert Person.objects.filter(family_name="Benchmark").count() == 3
