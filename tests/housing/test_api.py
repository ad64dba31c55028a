"""The housing API: the stock and tenancies, read and written under the same policy as the pages."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.housing import services
from lagrundt.housing.models import Ownership, Tenancy, TenancyEnd

from .conftest import dwelling_data

pytestmark = pytest.mark.django_db

DWELLINGS = "/api/v1/housing/dwellings/"
TENANCIES = "/api/v1/housing/tenancies/"


def _as(client, login, world, key):
    login(world, key)
    return client


def test_the_stock_is_read_by_housing_readers_only(client, login, world, dwelling):
    aal = services.dwelling_save(actor=None, data=dwelling_data(world.aal, address="Ålvegen 2"))
    _as(client, login, world, "nav")
    listed = client.get(DWELLINGS).json()
    assert [d["address"] for d in listed["results"]] == ["Fjellvegen 1"]
    with translation.override("nb"):
        assert listed["results"][0]["ownership_label"] == str(Ownership.MUNICIPAL.label)
    assert client.get(f"{DWELLINGS}{dwelling.pk}/").status_code == 200
    assert client.get(f"{DWELLINGS}{aal.pk}/").status_code == 404
    # Nav reads the stock but does not change it.
    assert (
        client.patch(f"{DWELLINGS}{dwelling.pk}/", {"rent": "1"}, content_type="application/json").status_code
        == 404
    )
    client.logout()
    _as(client, login, world, "school")
    assert client.get(DWELLINGS).json()["results"] == []
    assert client.get(f"{DWELLINGS}{dwelling.pk}/").status_code == 404


def test_a_dwelling_is_made_and_changed_through_the_service(client, login, world):
    _as(client, login, world, "housing")
    body = {
        "municipality": world.hemsedal.pk,
        "ownership": "municipal",
        "address": "Nyvegen 3",
        "rooms": 3,
        "bedrooms": 2,
        "rent": "8000",
    }
    made = client.post(DWELLINGS, body, content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    changed = client.patch(f"{DWELLINGS}{pk}/", {"rent": "8500"}, content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["rent"] == "8500"
    # More bedrooms than rooms: refused by the housing rules, with the field named.
    bad = client.patch(f"{DWELLINGS}{pk}/", {"bedrooms": 5}, content_type="application/json")
    assert bad.status_code == 400
    assert "bedrooms" in bad.json()
    # Ål is not the user's municipality: the id does not exist for them.
    elsewhere = client.post(
        DWELLINGS, {**body, "municipality": world.aal.pk}, content_type="application/json"
    )
    assert elsewhere.status_code == 400
    assert "municipality" in elsewhere.json()


def test_a_tenancy_is_read_where_the_housing_section_is_and_each_member_recorded(
    client, login, world, tenancy, family
):
    _as(client, login, world, "housing")
    before = AuditEntry.objects.filter(action=AuditAction.READ, channel=AuditChannel.API).count()
    listed = client.get(TENANCIES).json()["results"]
    assert [t["id"] for t in listed] == [tenancy.pk]
    assert listed[0]["household"] == family.pk
    reads = AuditEntry.objects.filter(action=AuditAction.READ, channel=AuditChannel.API, section="housing")
    assert reads.count() - before == family.members.count()
    assert client.get(f"{TENANCIES}{tenancy.pk}/").status_code == 200
    client.logout()
    for key in ("school", "aal-integration", "leadership"):
        _as(client, login, world, key)
        assert client.get(TENANCIES).json()["results"] == [], key
        assert client.get(f"{TENANCIES}{tenancy.pk}/").status_code == 404, key
        client.logout()


def test_letting_and_ending_are_audited_as_the_users_change(client, login, world, dwelling, family):
    _as(client, login, world, "housing")
    settled = services.arrival_of(family)
    body = {"dwelling": dwelling.pk, "household": family.pk, "starts_on": settled.isoformat()}
    made = client.post(TENANCIES, body, content_type="application/json")
    assert made.status_code == 201, made.content
    tenancy = Tenancy.objects.get(pk=made.json()["id"])
    created = AuditEntry.objects.filter(
        action=AuditAction.CREATE, channel=AuditChannel.API, user=world.users["housing"], section="housing"
    )
    assert created.count() == family.members.count()
    # The same dwelling again: it is let, so the service refuses with the field named.
    again = client.post(TENANCIES, body, content_type="application/json")
    assert again.status_code == 400
    assert "starts_on" in again.json()
    # An end before the start is refused and changes nothing.
    early = settled - dt.timedelta(days=1)
    bad = client.post(
        f"{TENANCIES}{tenancy.pk}/end/",
        {"ends_on": early.isoformat(), "end_reason": "own_rented"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "ends_on" in bad.json()
    tenancy.refresh_from_db()
    assert tenancy.ends_on is None
    today = timezone.localdate()
    ended = client.post(
        f"{TENANCIES}{tenancy.pk}/end/",
        {"ends_on": today.isoformat(), "end_reason": "own_rented"},
        content_type="application/json",
    )
    assert ended.status_code == 200
    with translation.override("nb"):
        assert ended.json()["end_reason_label"] == str(TenancyEnd.OWN_RENTED.label)
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.UPDATE, channel=AuditChannel.API, section="housing"
        ).count()
        == family.members.count()
    )
    # Nav reads the housing of the adults but does not write it.
    client.logout()
    _as(client, login, world, "nav")
    denied = client.post(
        f"{TENANCIES}{tenancy.pk}/end/",
        {"ends_on": today.isoformat(), "end_reason": "other"},
        content_type="application/json",
    )
    assert denied.status_code == 404


def test_changed_since_and_the_cursor(client, login, world):
    for n in range(3):
        services.dwelling_save(actor=None, data=dwelling_data(world.hemsedal, address=f"Rekkevegen {n}"))
    _as(client, login, world, "housing")
    first = client.get(DWELLINGS, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert client.get(DWELLINGS, {"changed_since": later}).json()["results"] == []
    assert client.get(DWELLINGS, {"changed_since": "yesterday"}).status_code == 400
