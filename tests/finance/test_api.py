"""The finance API: a municipality's grant receipts (entered and corrected through ``receipt_save``), its
costs and its scenarios, for who sees the municipality's economy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.finance import services
from lagrundt.finance.models import ActualReceipt, PlannedSettlement

pytestmark = pytest.mark.django_db
RECEIPTS = "/api/v1/finance/receipts/"
COSTS = "/api/v1/finance/costs/"
SCENARIOS = "/api/v1/finance/scenarios/"


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # kept when the client logs out, unlike a cookie


@pytest.fixture
def receipts(world):
    actor = Actor(world.users["integration"])
    own = services.receipt_save(
        actor=actor, municipality=world.hemsedal, year=2025, grant="integration", amount=Decimal(1000)
    )
    other = services.receipt_save(
        actor=Actor(world.users["aal-integration"]),
        municipality=world.aal,
        year=2025,
        grant="integration",
        amount=Decimal(2000),
    )
    return own, other


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_receipts_are_read_by_who_sees_the_economy(world, receipts, login, client):
    own, other = receipts
    for role in ("integration", "leadership"):
        client.logout()
        login(world, role)
        assert ids(client.get(RECEIPTS)) == {own.pk}
        detail = client.get(f"{RECEIPTS}{own.pk}/").json()
        assert (detail["grant_label"], detail["amount"]) == ("Integration grant", "1000.00")
        assert client.get(f"{RECEIPTS}{other.pk}/").status_code == 404
    client.logout()
    login(world, "health")
    assert ids(client.get(RECEIPTS)) == set()
    assert client.get(f"{RECEIPTS}{own.pk}/").status_code == 404


def test_a_receipt_is_entered_then_corrected_as_the_users_change(world, login, client):
    login(world, "integration")
    body = {"municipality": world.hemsedal.pk, "year": 2025, "grant": "elderly", "amount": "150000.00"}
    created = client.post(RECEIPTS, body, content_type="application/json")
    assert created.status_code == 201, created.content
    corrected = client.post(
        RECEIPTS, {**body, "amount": "160000.00", "note": "Korrigert"}, content_type="application/json"
    )
    assert corrected.status_code == 200
    assert corrected.json()["id"] == created.json()["id"]
    receipt = ActualReceipt.objects.get(municipality=world.hemsedal, year=2025, grant="elderly")
    assert (receipt.amount, receipt.note, receipt.changed_by) == (
        Decimal("160000.00"),
        "Korrigert",
        world.users["integration"],
    )


def test_bad_input_is_a_field_error_and_nothing_is_saved(world, login, client):
    login(world, "integration")
    body = {"municipality": world.hemsedal.pk, "year": 2025, "grant": "elderly", "amount": "-1"}
    for change, field in (
        ({}, "amount"),
        ({"amount": "10", "year": 1999}, "year"),
        ({"amount": "10", "grant": "lottery"}, "grant"),
        ({"amount": "10", "municipality": world.aal.pk}, "municipality"),
    ):
        response = client.post(RECEIPTS, {**body, **change}, content_type="application/json")
        assert response.status_code == 400
        assert field in response.json()
    assert not ActualReceipt.objects.exists()


def test_a_receipt_is_deleted_only_by_who_enters_the_municipalitys_figures(world, receipts, login, client):
    own, _other = receipts
    login(world, "health")
    assert client.delete(f"{RECEIPTS}{own.pk}/").status_code == 404
    client.logout()
    login(world, "integration")
    assert client.delete(f"{RECEIPTS}{own.pk}/").status_code == 204
    assert not ActualReceipt.objects.filter(pk=own.pk).exists()


def test_receipts_page_by_cursor_and_sync_by_changed_since(world, receipts, login, client):
    services.receipt_save(
        actor=Actor(world.users["integration"]),
        municipality=world.gol,
        year=2024,
        grant="norwegian",
        amount=Decimal(5),
    )
    login(world, "integration")
    first = client.get(RECEIPTS, {"page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"]
    rest = client.get(first["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    later = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    assert client.get(RECEIPTS, {"changed_since": later}).json()["results"] == []
    earlier = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    assert len(client.get(RECEIPTS, {"changed_since": earlier}).json()["results"]) == 2
    assert client.get(RECEIPTS, {"cursor": "not-ours"}).status_code == 400


def test_costs_and_scenarios_are_read_with_their_labels_and_planned_settlements(world, login, client):
    actor = Actor(world.users["integration"])
    cost = services.cost_save(
        actor=actor, municipality=world.hemsedal, year=2025, kind="social_assistance", amount=Decimal(7)
    )
    scenario = services.scenario_save(actor=actor, municipality=world.hemsedal, name="Vedtak 2027")
    PlannedSettlement.objects.create(scenario=scenario, year=2027, persons=30, unaccompanied_minors=5)
    aal = services.scenario_save(actor=actor, municipality=world.aal, name="Ål 2027")
    login(world, "integration")
    costs = client.get(COSTS).json()["results"]
    assert [(c["id"], c["kind_label"]) for c in costs] == [(cost.pk, "Social assistance")]
    found = client.get(f"{SCENARIOS}{scenario.pk}/").json()
    assert [(p["year"], p["persons"]) for p in found["planned"]] == [(2027, 30)]
    assert ids(client.get(SCENARIOS)) == {scenario.pk}
    assert client.get(f"{SCENARIOS}{aal.pk}/").status_code == 404
    assert client.get(SCENARIOS, {"year": "2027"}).status_code == 200
