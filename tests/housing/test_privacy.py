"""Housing in innsyn and retention: a person's household's tenancies and inspections; free text removed."""

import pytest

from lagrundt.access.sections import Section
from lagrundt.housing import privacy, services
from lagrundt.housing.models import Deviation, Inspection, ItemResult
from lagrundt.housing.profiles import profile_for
from tests.housing.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(world, actor, tenancy):
    results = {i.key: ItemResult.OK for i in profile_for(world.hemsedal).checklist(3)}
    return services.inspection_add(
        actor=actor,
        tenancy=tenancy,
        data={"year": 3, "inspected_on": days(0), "results": results, "notes": "Noted", "guidance": ["snow"]},
        deviations=[
            {"item": "condition", "description": "Fix", "owner": world.users["housing"], "due_on": days(7)}
        ],
    )


def test_subject_access_lists_tenancies_and_inspections(world, inspected):
    parts = privacy.subject_access(world.persons["teen"], [Section.HOUSING])
    assert [p.section for p in parts] == [Section.HOUSING]
    titles = [r.title for r in parts[0].records]
    assert titles[0] == "Tenancy" and "Deviation" in titles
    values = [str(row.value) for record in parts[0].records for row in record.rows]
    assert "Noted" in values and "Snow cleared and gritted in winter" not in values
    assert "Clearing snow" in " ".join(values)  # the guidance topic by its title, never its key
    assert privacy.subject_access(world.persons["teen"], [Section.HEALTH]) == []


def test_anonymise_waits_for_the_whole_household(world, inspected, family):
    ids = list(family.members.values_list("pk", flat=True))
    partly = privacy.anonymise(Section.HOUSING, ids[:1], dry_run=False)
    assert all(a.rows == 0 for a in partly)
    dry = privacy.anonymise(Section.HOUSING, ids, dry_run=True)
    assert [a.rows for a in dry] == [1, 1]
    assert Inspection.objects.get().notes == "Noted"
    privacy.anonymise(Section.HOUSING, ids, dry_run=False)
    assert Inspection.objects.get().notes == "" and Deviation.objects.get().description == ""
