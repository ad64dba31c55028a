"""The coordinator's whole picture: every sector's duties as status, never a section's content.

The integration service sees the health station's and the school's duties of a household on the
household view and a person's timeline (title, sector, due date, state, owner) without reading the
health section: no note, reason or result of a health task reaches it, a routine marked "status hidden
from other sectors" is not shown at all, and each status read is in the audit log.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.people import services as people
from lagrundt.routines import coordination, engine, services
from lagrundt.routines.models import Task

pytestmark = pytest.mark.django_db

HEALTH_NOTE = "Tolket samtale, oppfølging av blodtrykk"  # content of the health section
HEALTH_REASON = "Hos fastlege i nabokommunen"


@pytest.fixture
def duties(world, make_routine):
    make_routine(world.hemsedal, "t.health_talk", "health", {"from": "settlement", "offset": {"days": 14}})
    make_routine(
        world.hemsedal,
        "t.health_hidden",
        "health",
        {"from": "settlement", "offset": {"days": 30}, "status_hidden": True},
    )
    make_routine(
        world.hemsedal,
        "t.school_start",
        "school",
        {"from": "settlement", "offset": {"weeks": 2}, "when": {"age": {"from": 6, "to": 15}}},
    )
    make_routine(
        world.hemsedal, "t.home_visit", "health", {"from": "settlement", "offset": {"days": 20}}, "household"
    )
    engine.refresh_persons([p.pk for p in world.persons.values()])
    nurse = Actor(world.users["health"])
    adult = world.persons["adult"]
    talk = Task.objects.get(person=adult, routine__key="t.health_talk")
    services.task_complete(
        actor=nurse,
        task=talk,
        done_on=min(talk.due_on, timezone.localdate()),
        note=HEALTH_NOTE,
        interpreter_used=True,
        interpreter_language="ti",
    )
    spouse_talk = Task.objects.get(person=world.persons["spouse"], routine__key="t.health_talk")
    services.task_not_applicable(actor=nurse, task=spouse_talk, reason=HEALTH_REASON)
    people.section_note_add(actor=nurse, person=adult, section="health", body="Journalnotat: " + HEALTH_NOTE)
    return Task.objects.all()


def _household_page(client, world):
    url = reverse("routines:household_duties", args=[world.persons["adult"].household_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_sees_every_sectors_duties_as_status(world, login, duties):
    page = _household_page(login(world, "integration"), world)
    assert "t.health_talk" in page and "t.school_start" in page and "t.home_visit" in page
    assert "Helse" in page and "Skole" in page  # the sectors, by label
    assert "Haile, Abeba" in page and "Familien Haile" in page
    assert "Utført i tide" in page or "Utført for seint" in page  # the health talk's state
    assert "Ikke aktuell" in page  # the spouse's, without its reason


def test_no_health_content_reaches_the_coordinator(world, login, duties):
    client = login(world, "integration")
    adult = world.persons["adult"]
    pages = [
        _household_page(client, world),
        client.get(reverse("routines:person_timeline", args=[adult.pk])).content.decode(),
        client.get(reverse("people:person_detail", args=[adult.pk])).content.decode(),
    ]
    for page in pages:
        assert HEALTH_NOTE not in page
        assert HEALTH_REASON not in page
        assert "Tigrinja" not in page and "tigrinja" not in page  # the interpreter's language
        assert "t.health_hidden" not in page  # hidden from other sectors: not even its title
    # The duty's own page, with its note, stays the health station's.
    talk = duties.get(person=adult, routine__key="t.health_talk")
    assert client.get(reverse("routines:task_detail", args=[talk.pk])).status_code == 404
    assert reverse("routines:task_detail", args=[talk.pk]) not in pages[0]


def test_the_health_station_sees_its_hidden_duty_and_the_school_sees_only_its_own(world, login, duties):
    adult, child = world.persons["adult"], world.persons["teen"]
    page = login(world, "health").get(reverse("routines:person_timeline", args=[adult.pk])).content.decode()
    assert "t.health_hidden" in page and "t.health_talk" in page
    page = login(world, "school").get(reverse("routines:person_timeline", args=[child.pk])).content.decode()
    assert "t.school_start" in page and "t.health_talk" not in page and "t.home_visit" not in page


def test_only_the_coordinator_opens_the_household_view(world, login, duties):
    url = reverse("routines:household_duties", args=[world.persons["adult"].household_id])
    for role in ("health", "school", "housing", "nav", "leadership"):
        assert login(world, role).get(url).status_code == 404, role
    aal = reverse("routines:household_duties", args=[world.persons["aal_adult"].household_id])
    assert login(world, "integration").get(aal).status_code == 404  # Ål is not its municipality


def test_every_status_read_is_audited_like_a_section_read(world, login, duties):
    _household_page(login(world, "integration"), world)
    reads = AuditEntry.objects.filter(action=AuditAction.READ, detail="task status")
    adult, spouse = world.persons["adult"], world.persons["spouse"]
    assert reads.filter(person=adult, section="health").count() == 1
    assert reads.filter(person=spouse, section="health").count() == 1  # the household's home visit too
    assert set(reads.values_list("sector", flat=True)) == {"integration_service"}
    # The school's duties are the coordinator's own section (education): read in full, not as status.
    assert not reads.filter(section="education").exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, person=world.persons["teen"], section="education"
    ).exists()


def test_states_tell_on_time_from_late_and_overdue():
    today = dt.date(2026, 11, 4)
    task = Task(due_on=dt.date(2026, 11, 1), status="done", closed_on=dt.date(2026, 11, 2))
    assert coordination.state_of(task, today) == coordination.State.LATE
    task.closed_on = dt.date(2026, 11, 1)
    assert coordination.state_of(task, today) == coordination.State.ON_TIME
    open_task = Task(due_on=dt.date(2026, 11, 3), status="open")
    assert coordination.state_of(open_task, today) == coordination.State.OVERDUE
    open_task.due_on = dt.date(2026, 11, 18)
    assert coordination.state_of(open_task, today) == coordination.State.SOON
    open_task.due_on = dt.date(2026, 11, 19)
    assert coordination.state_of(open_task, today) == coordination.State.OPEN


def test_who_does_not_coordinate_counts_other_sectors_duties_without_the_hidden_ones(world, duties):
    from lagrundt.access import policy
    from lagrundt.routines.selectors import started_work

    teacher = world.users["school"]
    household = world.persons["adult"].household
    members = list(policy.visible_to(teacher).filter(household=household).order_by("pk"))
    assert {p.pk for p in members} == {world.persons["teen"].pk, world.persons["school_child"].pk}
    work = started_work(teacher, household, members, timezone.localdate())
    assert not work.others  # the school does not coordinate
    counts = dict(work.counts)
    # Each child's open health talk and the household's home visit; never the hidden duty.
    assert counts["Helse"] == 3
