"""Tenancy, inspection and deviation changes are audited once per member of the household, in the
housing section, with no content; landlord changes once in the municipality."""

import pytest

from lagrundt.access.models import AuditEntry
from lagrundt.housing import services
from lagrundt.housing.models import ItemResult, TenancyEnd
from lagrundt.housing.profiles import profile_for
from tests.housing.conftest import days

pytestmark = pytest.mark.django_db


def _new(since):
    return AuditEntry.objects.filter(pk__gt=since).exclude(action="read")


def _last():
    last = AuditEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_a_tenancy_is_one_entry_per_member(world, actor, dwelling, family):
    members = set(family.members.values_list("pk", flat=True))
    since = _last()
    tenancy = services.tenancy_start(
        actor=actor, dwelling=dwelling, household=family, starts_on=services.arrival_of(family)
    )
    entries = list(_new(since))
    assert {e.person_id for e in entries} == members and len(entries) == len(members)
    assert all(e.section == "housing" and e.action == "create" for e in entries)
    assert entries[0].changes["tenancy"] == {"old": None, "new": tenancy.pk}
    assert entries[0].changes["rent"]["new"] == 9000  # a number is kept, as a number
    since = _last()
    services.tenancy_end(actor=actor, tenancy=tenancy, ends_on=days(0), reason=TenancyEnd.OWN_BOUGHT_STARTLAN)
    ended = list(_new(since))
    assert len(ended) == len(members)
    assert ended[0].changes["end_reason"] == {"old": "", "new": "own_bought_startlan"}


def test_inspection_notes_and_deviation_text_are_not_in_the_log(world, actor, tenancy, family):
    results = {i.key: ItemResult.OK for i in profile_for(world.hemsedal).checklist(3)}
    since = _last()
    inspection = services.inspection_add(
        actor=actor,
        tenancy=tenancy,
        data={"year": 3, "inspected_on": days(0), "results": results, "notes": "Secret note"},
        deviations=[
            {
                "item": "condition",
                "description": "Secret task",
                "owner": world.users["housing"],
                "due_on": days(7),
            }
        ],
    )
    entries = list(_new(since))
    members = family.members.count()
    assert len(entries) == 2 * members  # the inspection and its deviation, for each member
    text = " ".join(str(e.changes) for e in entries)
    assert "Secret" not in text
    assert any(e.changes.get("notes") == {"changed": True} for e in entries)
    assert any(e.changes.get("inspection") == {"old": None, "new": inspection.pk} for e in entries)


def test_a_held_tenancy_before_arrival_is_the_municipalitys_entry(world, actor, dwelling, case):
    since = _last()
    services.tenancy_hold(actor=actor, dwelling=dwelling, case=case, starts_on=days(10))
    mine = [e for e in _new(since) if e.section == "housing"]
    assert len(mine) == 1 and mine[0].person_id is None and mine[0].municipality_id == world.hemsedal.pk
