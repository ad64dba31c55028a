"""Pages and API lists run a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login
from tests.world import make_person, years_ago

pytestmark = pytest.mark.django_db


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_persons(world, n, start=100):
    for i in range(n):
        make_person(
            world.hemsedal, "Extra", f"Person{chr(65 + i % 26)}", years_ago(20 + i % 30), serial=start + i
        )


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("people:person_list"),
        lambda w: reverse("people:person_list") + "?q=person",
        lambda w: "/api/v1/persons/",
        lambda w: "/api/v1/settlements/",
        lambda w: "/api/v1/households/",
        lambda w: "/api/v1/move-outs/",
        lambda w: reverse("people:person_list") + "?side=2",
        lambda w: reverse("people:household_detail", args=[w.persons["adult"].household_id]),
    ],
)
def test_query_count_does_not_grow_with_rows(world, client, url):
    client_login(client, world.users["integration"])
    target = url(world)
    add_persons(world, 1, start=500)
    small = query_count(client, target)
    add_persons(world, 30)
    assert query_count(client, target) == small


def test_person_page_query_count_is_fixed(world, client):
    client_login(client, world.users["integration"])
    url = reverse("people:person_detail", args=[world.persons["adult"].pk])
    first = query_count(client, url)
    # 14, plus the second factor's device (django-otp) and the audit chain's head under a savepoint;
    # on PostgreSQL also the advisory lock that keeps the chain's appends in order. And 3 for whether the
    # programme concerns the person: the rule book's recorded versions and G (the target group's lowest
    # age), and whether anything of the programme is recorded for the person.
    assert first <= 19 + (connection.vendor == "postgresql")
    assert query_count(client, url) == first


def test_home_page_query_count_does_not_grow_with_my_work(world, client):
    """My tasks, my units' unassigned ones, the persons I follow and the changes since my last login: the
    same number of queries for one task as for many, for many persons, with notes."""
    import datetime as dt

    from django.utils import timezone

    from lagrundt.people.models import SectionNote
    from tests.routines.test_my_work import make_task

    nurse = world.users["health"]
    nurse.last_login = timezone.now() - dt.timedelta(days=1)
    nurse.save(update_fields=["last_login"])
    client_login(client, nurse)
    make_task(world.persons["adult"], 3, assignee=nurse)
    make_task(world.persons["spouse"], 4)
    SectionNote.objects.create(person=world.persons["adult"], section="health", body="x", author=nurse)
    small = query_count(client, reverse("home"))
    for key in ("teen", "school_child", "small_child", "spouse"):
        for days in (-5, 2, 40):
            make_task(world.persons[key], days, assignee=nurse)
            make_task(world.persons[key], days + 1)
        SectionNote.objects.create(person=world.persons[key], section="health", body="y", author=nurse)
    assert query_count(client, reverse("home")) == small
