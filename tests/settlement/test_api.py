"""The settlement API: the year's request and the cases before arrival, under the pages' policy."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.settlement.models import Reply, SettlementCase, SettlementRequest, Stage

from .conftest import family

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/settlement/requests/"
CASES = "/api/v1/settlement/cases/"
JSON = "application/json"


def test_the_year_is_entered_and_corrected_by_who_steers_settlement(client, login, world):
    login(world, "integration")
    year = timezone.localdate().year + 1
    body = {"municipality": world.hemsedal.pk, "year": year, "requested": 25}
    made = client.post(REQUESTS, body, content_type=JSON)
    assert made.status_code == 201, made.content
    again = client.post(REQUESTS, {**body, "requested": 30}, content_type=JSON)
    assert again.status_code == 200
    assert SettlementRequest.objects.get(municipality=world.hemsedal, year=year).requested == 30
    pk = made.json()["id"]
    bad = client.patch(f"{REQUESTS}{pk}/", {"requested_unaccompanied": 40}, content_type=JSON)
    assert bad.status_code == 400
    assert "requested_unaccompanied" in bad.json()
    assert (
        AuditEntry.objects.filter(
            channel=AuditChannel.API, section="settlement", user=world.users["integration"]
        )
        .filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE])
        .count()
        == 2
    )
    client.logout()
    login(world, "school")
    assert client.get(REQUESTS).json()["results"] == []
    assert client.get(f"{REQUESTS}{pk}/").status_code == 404


def test_a_case_is_made_answered_and_audited(client, login, world):
    login(world, "integration")
    today = timezone.localdate()
    body = {
        "municipality": world.hemsedal.pk,
        "name": "Nasser",
        "category": "resettlement_refugee",
        "origin": "abroad",
        "country_background": "SY",
        "received_on": today.isoformat(),
        "members": [
            {**m, "birth_date": m["birth_date"].isoformat()} if m.get("birth_date") else m for m in family()
        ],
    }
    made = client.post(CASES, body, content_type=JSON)
    assert made.status_code == 201, made.content
    shown = made.json()
    assert shown["stage_label"] == "Proposed"
    assert [m["given_name"] for m in shown["members"]] == ["Lina", "Karim", "Omar"]
    case = SettlementCase.objects.get(pk=shown["id"])
    created = AuditEntry.objects.filter(
        action=AuditAction.CREATE, channel=AuditChannel.API, section="settlement"
    )
    assert created.filter(user=world.users["integration"]).count() == 1
    # Declining without a reason is refused under the field, and changes nothing.
    no_reason = client.post(
        f"{CASES}{case.pk}/reply/", {"accept": False, "on": today.isoformat()}, content_type=JSON
    )
    assert no_reason.status_code == 400
    assert "decline_reason" in no_reason.json()
    accepted = client.post(
        f"{CASES}{case.pk}/reply/", {"accept": True, "on": today.isoformat()}, content_type=JSON
    )
    assert accepted.status_code == 200
    assert accepted.json()["reply"] == Reply.ACCEPTED and accepted.json()["stage"] == Stage.ACCEPTED
    twice = client.post(
        f"{CASES}{case.pk}/reply/", {"accept": True, "on": today.isoformat()}, content_type=JSON
    )
    assert twice.status_code == 400
    assert twice.json() == {"non_field_errors": ["The case is already accepted."]}
    # Reading the case is an audited read of the municipality's settlement section (no one has arrived).
    reads = AuditEntry.objects.filter(
        action=AuditAction.READ, channel=AuditChannel.API, detail=f"settlement case {case.pk}"
    )
    assert client.get(f"{CASES}{case.pk}/").status_code == 200
    assert reads.count() == 1
    listed = client.get(CASES).json()["results"]
    assert [c["id"] for c in listed] == [case.pk]
    assert reads.count() == 2
    client.logout()
    for key in ("health", "aal-integration"):
        login(world, key)
        assert client.get(CASES).json()["results"] == [], key
        assert client.get(f"{CASES}{case.pk}/").status_code == 404, key
        client.logout()


def test_a_bad_member_rejects_the_whole_case(client, login, world):
    login(world, "integration")
    future = timezone.localdate() + dt.timedelta(days=400)
    members = [
        {
            "given_name": "Lina",
            "family_name": "Nasser",
            "birth_year": 1988,
            "sex": "female",
            "role": "reference",
        },
        {
            "given_name": "Omar",
            "family_name": "Nasser",
            "birth_date": future.isoformat(),
            "sex": "male",
            "role": "child",
        },
    ]
    body = {
        "municipality": world.hemsedal.pk,
        "name": "Nasser",
        "category": "resettlement_refugee",
        "origin": "abroad",
        "country_background": "SY",
        "received_on": timezone.localdate().isoformat(),
        "members": members,
    }
    response = client.post(CASES, body, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == ["members.1.birth_year"]
    assert not SettlementCase.objects.exists()


def test_changed_since_and_the_cursor(client, login, world, make_case):
    for name in ("A", "B", "C"):
        make_case(name=name)
    login(world, "integration")
    first = client.get(CASES, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert [c["name"] for c in first["results"] + second["results"]] == ["A", "B", "C"]
    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert client.get(CASES, {"changed_since": later}).json()["results"] == []
