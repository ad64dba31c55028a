"""Consent to contact from culture, leisure and the volunteer centre has its day, and withdrawing it
hides the person from those sectors at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.people import services

pytestmark = pytest.mark.django_db


def test_consent_is_dated_when_given_and_cleared_when_withdrawn(world):
    person = world.persons["spouse"]
    actor = Actor(world.users["integration"], detail="test")
    culture = world.users["culture"]
    assert not policy.visible_to(culture).filter(pk=person.pk).exists()

    person = services.person_update_identity(
        actor=actor, person=person, data={"consents_to_leisure_contact": True}
    )
    assert person.leisure_consent_on == timezone.localdate()
    assert policy.visible_to(culture, section=Section.LEISURE).filter(pk=person.pk).exists()
    assert policy.grants_for(world.users["volunteer"], person).can_write(Section.COMMUNITY)

    person = services.person_update_identity(
        actor=actor, person=person, data={"consents_to_leisure_contact": False}
    )
    assert person.leisure_consent_on is None
    assert not policy.visible_to(culture).filter(pk=person.pk).exists()
    assert not policy.grants_for(world.users["volunteer"], person).read
    entry = AuditEntry.objects.filter(person_id=person.pk, section=Section.IDENTITY).latest("pk")
    assert entry.changes["leisure_consent_on"]["old"] == timezone.localdate().isoformat()
    assert entry.changes["leisure_consent_on"]["new"] is None


def test_the_person_page_shows_the_day_of_consent(world, login):
    person = world.persons["adult"]
    person.leisure_consent_on = timezone.localdate()
    person.save(update_fields=["leisure_consent_on"])
    client = login(world, "volunteer")
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert f"Consented on {timezone.localdate():%d.%m.%Y}" in page


def test_withdrawn_consent_closes_the_person_page_to_the_volunteer_centre(world, login):
    person = world.persons["adult"]
    client = login(world, "volunteer")
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    services.person_update_identity(
        actor=Actor(world.users["integration"], detail="test"),
        person=person,
        data={"consents_to_leisure_contact": False},
    )
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404
