"""A sector's record is read by who reads its section and written only by the record's own sectors."""

import pytest
from django.http import Http404

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.rules import RECORD_RULES, rule_for

pytestmark = pytest.mark.django_db


def test_every_record_writer_may_write_the_records_section():
    for kind, rule in RECORD_RULES.items():
        assert rule.writers, kind
        for sector in rule.writers:
            assert rule.section in rule_for(sector).write, (kind, sector)


def test_the_school_writes_its_record_and_the_integration_service_only_reads_it(world):
    child = world.persons["school_child"]
    person, grants, writer = policy.access_record(
        Actor(world.users["school"]), child.pk, "school", write=True
    )
    assert person == child and writer is not None and writer.sector == "school"
    actor = Actor(world.users["integration"])
    _person, grants, writer = policy.access_record(actor, child.pk, "school")
    assert writer is None and grants.can_write(RECORD_RULES["school"].section)
    with pytest.raises(Http404):
        policy.access_record(actor, child.pk, "school", write=True)
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED, person_id=child.pk).latest("pk")
    assert denied.detail == "write school record"


def test_who_may_not_read_the_section_may_not_open_the_record(world):
    with pytest.raises(Http404):
        policy.access_record(Actor(world.users["integration"]), world.persons["adult"].pk, "health")
