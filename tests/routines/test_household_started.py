"""What a household's registration set in motion: its tasks by sector and person, the next step, and
possible duplicates, warned and never blocking; another sector's duties only as a count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.people.models import Household, Person
from lagrundt.routines.models import Routine, Task, TaskStatus
from tests.people.test_bad_input import household_post
from tests.world import make_person

pytestmark = pytest.mark.django_db


def routine(world, key, sector, section, title, days):
    return Routine.objects.create(
        municipality=world.hemsedal,
        key=key,
        profile="test",
        title_nb=title,
        title_nn=title,
        title_en=title,
        sector=sector,
        section=section,
        applies_to="person",
        spec={"working_day": True, "when": {}, "from": "settlement", "offset": {"days": days}},
        source="Test plan, chapter 1",
        basis="plan",
    )


@pytest.fixture
def duties(world):
    routine(world, "t.first_talk", "integration_service", "settlement", "First talk with the family", 7)
    routine(world, "t.health_talk", "health", "health", "Health talk after arrival", 14)


def register(client, world, **overrides):
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("people:household_register"), household_post(world, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_registration_shows_the_tasks_set_in_motion(world, duties, login):
    client = login(world, "integration")
    response = register(client, world)
    household = Household.objects.get(name="Familien Test")
    assert response["Location"] == reverse("routines:household_started", args=[household.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "The household Familien Test was registered." in html
    assert "Integration service" in html
    assert "Test, Senait" in html and "Test, Filmon" in html
    assert html.count("First talk with the family") >= 2
    first = Task.objects.filter(routine__key="t.first_talk", status=TaskStatus.OPEN).order_by("due_on", "pk")
    assert first.count() == 2
    for task in first:
        assert reverse("routines:task_detail", args=[task.pk]) in html
    # The next step: the earliest-due task the coordinator may act on, with its due date.
    assert "Next step for the coordinator" in html
    assert first[0].due_on.strftime("%d.%m.%Y") in html
    # The health talks are health's: the coordinator sees them as status, with no link to their page.
    assert html.count("Health talk after arrival") == 2
    assert "Health: 2 tasks" not in html
    for task in Task.objects.filter(routine__key="t.health_talk"):
        assert reverse("routines:task_detail", args=[task.pk]) not in html
    reads = AuditEntry.objects.filter(detail="task status", section="health")
    assert reads.count() == 2  # one status read per member with a health talk


def test_health_sees_its_own_tasks_and_only_a_count_of_others(world, duties, login, client):
    register(login(world, "integration"), world)
    household = Household.objects.get(name="Familien Test")
    client.logout()
    health = login(world, "health")
    health.cookies.load({"django_language": "en"})
    html = health.get(reverse("routines:household_started", args=[household.pk])).content.decode()
    assert "Health talk after arrival" in html
    assert "First talk with the family" not in html
    assert "Integration service: 2 tasks" in html


def test_reading_the_page_is_audited(world, duties, login):
    client = login(world, "integration")
    register(client, world)
    household = Household.objects.get(name="Familien Test")
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    client.get(reverse("routines:household_started", args=[household.pk]))
    reads = AuditEntry.objects.filter(pk__gt=mark, action=AuditAction.READ)
    members = set(Person.objects.filter(household=household).values_list("pk", flat=True))
    assert {e.person_id for e in reads} == members


def test_a_possible_duplicate_is_warned_and_registration_goes_on(world, duties, login):
    existing = make_person(world.hemsedal, "senait", "TEST", dt.date(1990, 5, 1), serial=40)
    other_household = Household.objects.create(name="familien test", municipality=world.hemsedal)
    make_person(world.hemsedal, "Aster", "Test", dt.date(1985, 1, 2), household=other_household, serial=41)
    client = login(world, "integration")
    response = register(client, world)
    household = Household.objects.get(name="Familien Test")
    assert Person.objects.filter(household=household).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "Possible duplicate:" in html
    assert "TEST, senait" in html and "01.05.1990" in html
    assert reverse("people:person_detail", args=[existing.pk]) in html
    assert reverse("people:household_detail", args=[other_household.pk]) in html
    # Its own members are not duplicates of themselves.
    for member in Person.objects.filter(household=household):
        assert reverse("people:person_detail", args=[member.pk]) not in html


def test_no_duplicate_warning_for_another_birth_date(world, duties, login):
    make_person(world.hemsedal, "Senait", "Test", dt.date(1991, 5, 1), serial=42)
    client = login(world, "integration")
    html = client.get(register(client, world)["Location"]).content.decode()
    assert "Possible duplicate:" not in html


def test_a_household_in_another_municipality_is_not_found(world, login):
    client = login(world, "integration")
    aal = world.persons["aal_adult"].household_id
    assert client.get(reverse("routines:household_started", args=[aal])).status_code == 404
    assert client.get(reverse("routines:household_started", args=[999999])).status_code == 404


def test_a_new_settlement_date_shows_the_household_tasks(world, duties, login):
    adult = world.persons["adult"]
    client = login(world, "integration")
    url = reverse("people:person_edit_settlement", args=[adult.pk])
    settlement = adult.settlement
    data = {
        "settled_on": settlement.settled_on.isoformat(),
        "municipality": settlement.municipality_id,
        "category": settlement.category,
        "came_directly": "on" if settlement.came_directly else "",
        "imdi_reference": settlement.imdi_reference,
    }
    unchanged = client.post(url, data)
    assert unchanged["Location"] == reverse("people:person_detail", args=[adult.pk])
    data["settled_on"] = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    moved = client.post(url, data)
    assert moved["Location"] == reverse("routines:household_started", args=[adult.household_id])
    data["category"] = "family_reunification"
    changed = client.post(url, data)
    assert changed["Location"] == reverse("routines:household_started", args=[adult.household_id])


def test_query_count_does_not_grow_with_tasks(world, duties, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lagrundt.routines import engine

    client = login(world, "integration")
    url = register(client, world)["Location"]
    household = Household.objects.get(name="Familien Test")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        routine(world, f"t.more_{i}", "integration_service", "settlement", f"Follow-up {i}", 20 + i)
    engine.refresh_persons(list(Person.objects.filter(household=household).values_list("pk", flat=True)))
    assert Task.objects.filter(routine__key__startswith="t.more_").count() == 10
    assert count() == few


def test_a_task_past_its_due_date_is_tagged_overdue(world, duties, login):
    client = login(world, "integration")
    settled = timezone.localdate() - dt.timedelta(days=40)
    html = client.get(register(client, world, settled_on=settled.isoformat())["Location"]).content.decode()
    assert "First talk with the family" in html
    assert 'data-color="danger" data-size="sm">overdue</span>' in html
