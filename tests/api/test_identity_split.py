"""The API shows the national ID and the household only to who may read them (culture and the volunteer
centre reach a person by name and contact, and cannot link persons into households)."""

import pytest
from django.urls import reverse

from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section


@pytest.mark.parametrize("role", ["culture", "volunteer"])
def test_leisure_gets_name_and_contact_without_national_id_or_household(world, login, role):
    client = login(world, role)
    person = world.persons["adult"]
    one = client.get(reverse("person-detail", args=[person.pk])).json()
    listed = client.get(reverse("person-list")).json()["results"]
    shown = next(p for p in listed if p["id"] == person.pk)
    for data in (one, shown):
        assert data["given_name"] == person.given_name
        assert "national_id" not in data and "household" not in data
    sections = set(AuditEntry.objects.filter(person_id=person.pk).values_list("section", flat=True))
    assert sections == {Section.IDENTITY}


def test_integration_gets_national_id_and_household_and_both_reads_are_audited(world, login):
    client = login(world, "integration")
    person = world.persons["adult"]
    data = client.get(reverse("person-detail", args=[person.pk])).json()
    assert data["national_id"] == person.national_id
    assert data["household"] == person.household_id
    sections = set(AuditEntry.objects.filter(person_id=person.pk).values_list("section", flat=True))
    assert {Section.IDENTITY, Section.NATIONAL_ID, Section.FAMILY} <= sections
