"""The plans API: plans, measures and indicators as the plan pages show them, under the same policy."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.disclosure import MIN_CELL
from lagrundt.plans.models import MeasureChange, MeasureStatus

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/plans/"
MEASURES = "/api/v1/plans/measures/"
JSON = "application/json"


def test_plans_are_read_where_the_user_works(client, login, world, hemsedal_plan, aal_plan):
    login(world, "school")
    listed = client.get(PLANS).json()["results"]
    assert [p["id"] for p in listed] == [hemsedal_plan.pk]
    assert listed[0]["status_label"] != listed[0]["status"]  # a label, not the key
    assert listed[0]["goals"]
    assert client.get(f"{PLANS}{aal_plan.pk}/").status_code == 404
    measures = client.get(MEASURES, {"plan": aal_plan.pk}).json()["results"]
    assert measures == []
    client.logout()
    login(world, "sysadmin")
    assert client.get(PLANS).json()["results"] == []
    assert client.get(f"{PLANS}{hemsedal_plan.pk}/").status_code == 404


def test_indicators_hide_small_numbers(client, login, world, hemsedal_plan):
    login(world, "leadership")
    response = client.get(f"{PLANS}{hemsedal_plan.pk}/indicators/")
    assert response.status_code == 200
    indicators = response.json()
    assert indicators
    counts = [
        c
        for i in indicators
        if i["computed"] and i["kind"] == "count"
        for r in i["rows"]
        for c in [*r["cells"], r["total"]]
    ]
    assert counts
    # The world's persons are few: a count from 1 to MIN_CELL - 1 never leaves, hidden as null.
    assert not [c for c in counts if c is not None and 0 < c < MIN_CELL]
    assert any(i["has_hidden"] for i in indicators)


def test_a_measures_status_is_set_through_the_service(client, login, world, hemsedal_plan):
    measure = hemsedal_plan.measures.order_by("order").first()
    login(world, "integration")
    set_ = client.post(
        f"{MEASURES}{measure.pk}/status/", {"status": MeasureStatus.UNDER_WAY}, content_type=JSON
    )
    assert set_.status_code == 200, set_.content
    assert set_.json()["status"] == MeasureStatus.UNDER_WAY
    change = MeasureChange.objects.filter(measure=measure).latest("at")
    assert change.by == world.users["integration"]
    # Dropping needs a reason: refused under the field, the status unchanged.
    bad = client.post(f"{MEASURES}{measure.pk}/status/", {"status": MeasureStatus.DROPPED}, content_type=JSON)
    assert bad.status_code == 400
    assert "reason" in bad.json()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.UNDER_WAY
    client.logout()
    login(world, "dpo")  # reads the plan, updates no measure
    assert client.get(f"{MEASURES}{measure.pk}/").status_code == 200
    denied = client.post(f"{MEASURES}{measure.pk}/status/", {"status": MeasureStatus.DONE}, content_type=JSON)
    assert denied.status_code == 404


def test_a_figure_is_entered_by_the_coordinators(client, login, world, hemsedal_plan):
    login(world, "leadership")
    year = timezone.localdate().year - 1
    body = {"indicator": "work_or_education", "year": year, "value": "150", "source": "Test"}
    bad = client.post(f"{PLANS}{hemsedal_plan.pk}/figures/", body, content_type=JSON)
    assert bad.status_code == 400
    assert "value" in bad.json()
    made = client.post(f"{PLANS}{hemsedal_plan.pk}/figures/", {**body, "value": "60"}, content_type=JSON)
    assert made.status_code == 201, made.content
    assert made.json()["municipality"] == world.hemsedal.pk
    client.logout()
    login(world, "school")
    assert client.post(f"{PLANS}{hemsedal_plan.pk}/figures/", body, content_type=JSON).status_code == 404


def test_changed_since_and_the_cursor(client, login, world, hemsedal_plan):
    login(world, "leadership")
    total = hemsedal_plan.measures.count()
    assert total > 2
    first = client.get(MEASURES, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    seen = [m["id"] for m in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [m["id"] for m in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(hemsedal_plan.measures.values_list("pk", flat=True))
    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert client.get(MEASURES, {"changed_since": later}).json()["results"] == []
