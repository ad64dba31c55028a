"""Every read and write of personal data is in the audit log, and the log cannot be changed."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry, AuditLogIsAppendOnly
from lagrundt.access.sections import Section
from lagrundt.accounts.two_factor import client_login

pytestmark = pytest.mark.django_db


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("pk"))


def test_person_page_records_a_read_per_readable_section(world, login):
    client = login(world, "school")
    child = world.persons["school_child"]
    assert client.get(reverse("people:person_detail", args=[child.pk])).status_code == 200
    reads = entries(person_id=child.pk, action=AuditAction.READ, channel=AuditChannel.PAGE)
    assert {e.section for e in reads} == {
        Section.IDENTITY,
        Section.NATIONAL_ID,
        Section.FAMILY,
        Section.EDUCATION,
        Section.LEISURE_SUPPORT,
    }
    entry = reads[0]
    assert entry.username == "hemsedal-school"
    assert entry.sector == "school" and entry.role == "employee"
    assert entry.unit_name == "Hemsedal school"
    assert entry.municipality_id == world.hemsedal.pk


def test_list_page_records_each_person_shown(world, login):
    client = login(world, "integration")
    assert client.get(reverse("people:person_list")).status_code == 200
    shown = {e.person_id for e in entries(channel=AuditChannel.SEARCH, section=Section.IDENTITY)}
    assert shown == {
        world.persons[k].pk
        for k in ("adult", "spouse", "teen", "school_child", "small_child", "moved", "gol_adult")
    }


def test_search_hit_list_records_only_the_hits(world, login):
    client = login(world, "integration")
    client.get(reverse("people:person_list"), {"q": "tesfay"})
    assert {e.person_id for e in entries(channel=AuditChannel.SEARCH)} == {world.persons["moved"].pk}


def test_denied_access_is_recorded_and_looks_missing(world, login):
    client = login(world, "school")
    adult = world.persons["adult"]
    assert client.get(reverse("people:person_detail", args=[adult.pk])).status_code == 404
    assert client.get(reverse("people:person_detail", args=[999_999])).status_code == 404
    denied = entries(action=AuditAction.DENIED)
    assert [e.person_id for e in denied] == [adult.pk, None]


def test_a_write_records_which_identity_fields_changed_and_no_value(world, login):
    """Identity is what anonymisation removes: the log names the fields changed and keeps none of it."""
    client = login(world, "integration")
    child = world.persons["school_child"]
    url = reverse("people:person_edit_identity", args=[child.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["birth_date"] = child.birth_date.replace(day=1).isoformat()
    data["national_id"] = ""
    data["languages"] = []
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    (update,) = entries(action=AuditAction.UPDATE, person_id=child.pk)
    assert update.section == Section.IDENTITY
    assert update.changes == {"birth_date": {"changed": True}, "national_id": {"changed": True}}
    stored = str(update.changes)
    assert child.national_id not in stored and child.birth_date.isoformat() not in stored


def test_api_reads_are_recorded(world, client):
    client_login(client, world.users["nav"])
    response = client.get("/api/v1/persons/")
    assert response.status_code == 200
    assert {e.person_id for e in entries(channel=AuditChannel.API)} == {
        world.persons[k].pk for k in ("adult", "spouse", "gol_adult")
    }
    client.get(f"/api/v1/persons/{world.persons['adult'].pk}/")
    assert (
        entries(channel=AuditChannel.API, action=AuditAction.READ)[-1].person_id == world.persons["adult"].pk
    )


def test_audit_export_is_recorded(world, login):
    client = login(world, "dpo")
    adult = world.persons["adult"]
    response = client.get(reverse("access:audit_person_export", args=[adult.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert entries(action=AuditAction.EXPORT, person_id=adult.pk)


def test_failed_login_is_recorded(world, client):
    client.post(reverse("login"), {"username": "hemsedal-school", "password": "wrong"})
    (failed,) = entries(action=AuditAction.LOGIN_FAILED)
    assert failed.username == "hemsedal-school"
    assert failed.user_id is None


def test_entries_cannot_be_changed_or_deleted_through_the_orm(world, login):
    login(world, "integration").get(reverse("people:person_detail", args=[world.persons["adult"].pk]))
    entry = AuditEntry.objects.first()
    entry.detail = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail != "tampered"


def test_database_refuses_to_change_entries(world, login):
    login(world, "integration").get(reverse("people:person_detail", args=[world.persons["adult"].pk]))
    entry = AuditEntry.objects.first()
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET detail = 'tampered' WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail != "tampered"


def test_api_offers_no_way_to_change_the_log(world, client):
    client_login(client, world.users["dpo"])
    from django.urls import get_resolver

    routes = [str(p.pattern) for p in get_resolver("lagrundt.api.v1").url_patterns]
    assert not any("audit" in r for r in routes)


def test_write_is_recorded_in_the_membership_that_grants_it(world, client):
    """A user in two units is recorded in the one that may write the section, not the first one."""
    from lagrundt.access.audit import Actor
    from lagrundt.people import services
    from lagrundt.tenancy.models import Membership, Sector, ServiceUnit

    user = world.users["aal-integration"]
    health = ServiceUnit.objects.create(name="Helsestasjonen i Ål", host_municipality=world.aal)
    health.municipalities.set([world.aal])
    Membership.objects.create(user=user, unit=health, sector=Sector.HEALTH)
    person = world.persons["aal_child"]
    services.section_note_add(actor=Actor(user), person=person, section=Section.HEALTH, body="Vaksinert")
    services.section_note_add(actor=Actor(user), person=person, section=Section.HOUSING, body="Ny adresse")
    by_section = {e.section: e for e in entries(person_id=person.pk, action=AuditAction.CREATE)}
    assert by_section[Section.HEALTH].sector == Sector.HEALTH
    assert by_section[Section.HEALTH].unit_name == "Helsestasjonen i Ål"
    assert by_section[Section.HOUSING].sector == Sector.INTEGRATION_SERVICE
