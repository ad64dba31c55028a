"""The record pages: readers see, the writing sector writes, everyone else gets 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.records import services
from lagrundt.records.models import HealthContact, HealthRecord, KindergartenPlacement, SchoolPlacement
from tests.access_matrix import ROLES

pytestmark = pytest.mark.django_db


def day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def test_the_school_writes_its_record_and_is_told_what_closed(world, pupil, login):
    client = english(login(world, "school"))
    url = reverse("records:school_edit", args=[pupil.pk])
    form = client.get(url).content.decode()
    assert "Filling this in closes: School start within one month" in form
    response = client.post(
        url,
        {
            "school": "Hemsedal skole",
            "grade": "4",
            "class_kind": "welcome",
            "mother_tongue": "bilingual",
            "starts_on": day(-2),
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("records:school", args=[pupil.pk])
    assert "Saved. Closed: School start within one month" in html
    assert "Bilingual subject teaching" in html and "Welcome class" in html
    assert (timezone.localdate() - dt.timedelta(days=2)).strftime("%d.%m.%Y") in html
    assert SchoolPlacement.objects.get(person=pupil).mother_tongue == "bilingual"


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world, pupil, login):
    client = english(login(world, "school"))
    response = client.post(
        reverse("records:school_edit", args=[pupil.pk]),
        {
            "school": "Tuv skule",
            "grade": "14",
            "class_kind": "ordinary",
            "mother_tongue": "none",
            "starts_on": day(-1),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a grade from 1 to 13." in html
    assert 'value="Tuv skule"' in html
    assert not SchoolPlacement.objects.exists()
    assert not AuditEntry.objects.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE]).exists()


def test_the_integration_service_reads_the_school_record_but_cannot_write_it(world, login):
    child = world.persons["school_child"]
    services.school_placement_save(
        actor=Actor(world.users["school"]),
        person=child,
        data={
            "school": "Hemsedal skole",
            "grade": 3,
            "class_kind": "ordinary",
            "starts_on": timezone.localdate(),
        },
    )
    client = english(login(world, "integration"))
    page = client.get(reverse("records:school", args=[child.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Hemsedal skole" in html and "Ordinary class" in html
    assert reverse("records:school_edit", args=[child.pk]) not in html
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, person=child, section="education", sector="integration_service"
    ).exists()
    assert client.get(reverse("records:school_edit", args=[child.pk])).status_code == 404
    posted = client.post(
        reverse("records:school_edit", args=[child.pk]),
        {"school": "X", "grade": "3", "class_kind": "ordinary", "starts_on": day(-1)},
    )
    assert posted.status_code == 404
    assert SchoolPlacement.objects.get(person=child).school == "Hemsedal skole"
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, person=child, detail="write school record"
    ).exists()


def test_the_kindergarten_writes_a_place_and_talks(world, toddler, login):
    client = english(login(world, "kindergarten"))
    response = client.post(
        reverse("records:kindergarten_edit", args=[toddler.pk]),
        {
            "kindergarten": "Tuv barnehage",
            "applied_on": day(-40),
            "starts_on": day(-10),
            "hours_per_week": "41",
        },
        follow=True,
    )
    assert "Closed: " in response.content.decode()
    assert KindergartenPlacement.objects.get(person=toddler).hours_per_week == 41
    response = client.post(
        reverse("records:kindergarten_talk_add", args=[toddler.pk]), {"held_on": day(-1)}, follow=True
    )
    html = response.content.decode()
    assert "Interpreter-assisted talk with the family in kindergarten" in html
    assert (timezone.localdate() - dt.timedelta(days=1)).strftime("%d.%m.%Y") in html


def test_the_health_record_is_seen_by_health_alone(world, newcomer, login, client):
    services.health_record_save(
        actor=Actor(world.users["health"]),
        person=newcomer,
        data={"gp_practice": "Hemsedal legekontor", "gp_assigned_on": timezone.localdate()},
    )
    url = reverse("records:health", args=[newcomer.pk])
    for role in ROLES:
        if role in ("health", "anonymous"):
            continue
        client.logout()
        login(world, role)
        assert client.get(url).status_code == 404, role
    client.logout()
    english(login(world, "health"))
    html = client.get(url).content.decode()
    assert "Hemsedal legekontor" in html
    assert "Not done" in html  # tuberculosis screening and vaccination not yet


def test_health_writes_talks_and_checks_through_the_pages(world, newcomer, login):
    client = english(login(world, "health"))
    response = client.post(
        reverse("records:health_edit", args=[newcomer.pk]),
        {"gp_practice": "Hemsedal legekontor", "gp_assigned_on": day(-20)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The GP cannot be assigned before the settlement date" in html
    assert not HealthRecord.objects.exists()
    response = client.post(
        reverse("records:health_contact_add", args=[newcomer.pk]), {"kind": "mapping", "held_on": day(-1)}
    )
    assert response.status_code == 302
    assert HealthContact.objects.get(person=newcomer).kind == "mapping"


def test_the_person_page_links_the_records_where_the_section_is_read(world, login, client):
    child = world.persons["school_child"]
    english(login(world, "school"))
    html = client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert reverse("records:school", args=[child.pk]) in html
    assert reverse("records:health", args=[child.pk]) not in html
    client.logout()
    english(login(world, "health"))
    html = client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert reverse("records:health", args=[child.pk]) in html
    assert reverse("records:school", args=[child.pk]) not in html
