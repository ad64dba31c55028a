"""Many tasks at once, from the home page or the task list: a confirmation that lists them, then all or
nothing, one audit entry per task. And the task list's filters and sorting."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.routines.models import Task, TaskStatus
from tests.routines.test_my_work import colleague, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(world, login):
    client = login(world, "health")
    client.cookies["django_language"] = "en"
    return client


def confirm(client, action, tasks, back="hjem"):
    return client.post(
        reverse("routines:task_bulk_confirm"),
        {"handling": action, "fra": back, "oppgave": [t.pk for t in tasks]},
    )


def test_the_confirmation_lists_the_tasks_and_changes_nothing(world, nurse):
    tasks = [make_task(world.persons["adult"], 2), make_task(world.persons["spouse"], 5)]
    url = reverse("routines:task_bulk")
    response = nurse.get(url, {"handling": "utfort", "fra": "hjem", "oppgave": [t.pk for t in tasks]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mark these 2 tasks as done today?" in page
    assert "Haile, Abeba" in page and "Haile, Dawit" in page
    assert Task.objects.filter(status=TaskStatus.OPEN).count() == 2
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()
    page = nurse.get(url, {"handling": "tildel", "oppgave": [tasks[0].pk]}).content.decode()
    assert "Assign this 1 task to you?" in page


def test_nothing_chosen_asks_to_choose(world, nurse):
    page = nurse.get(reverse("routines:task_bulk"), {"handling": "utfort"}).content.decode()
    assert "Choose at least one task" in page
    response = nurse.post(reverse("routines:task_bulk_confirm"), {"handling": "utfort"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_bulk_done_marks_every_task_with_an_audit_entry_each(world, nurse):
    tasks = [make_task(world.persons["adult"], 2), make_task(world.persons["spouse"], -5)]
    response = confirm(nurse, "utfort", tasks, back="liste")
    assert response.status_code == 302 and response["Location"] == reverse("routines:task_list")
    for task in tasks:
        task.refresh_from_db()
        assert (task.status, task.closed_on) == (TaskStatus.DONE, timezone.localdate())
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE)
    assert sorted(updates.values_list("person_id", flat=True)) == sorted(t.person_id for t in tasks)


def test_bulk_assign(world, nurse):
    tasks = [make_task(world.persons["adult"], 2), make_task(world.persons["teen"], 3)]
    assert confirm(nurse, "tildel", tasks).status_code == 302
    assert set(Task.objects.values_list("assignee", flat=True)) == {world.users["health"].pk}
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 2


def test_one_task_that_cannot_be_done_saves_nothing_and_is_named(world, nurse):
    today = timezone.localdate()
    fine = make_task(world.persons["adult"], 2)
    early = make_task(world.persons["spouse"], 30, counts_from=today + dt.timedelta(days=7))
    response = confirm(nurse, "utfort", [fine, early])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert "Haile, Dawit" in page and "cannot be done before the date it counts from" in page
    fine.refresh_from_db()
    assert fine.status == TaskStatus.OPEN
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_closed_task_among_the_chosen_saves_nothing(world, nurse):
    fine = make_task(world.persons["adult"], 2)
    closed = make_task(world.persons["spouse"], 3, status=TaskStatus.DONE, closed_on=timezone.localdate())
    page = confirm(nurse, "tildel", [fine, closed]).content.decode()
    assert "The task is already closed." in page
    fine.refresh_from_db()
    assert fine.assignee is None


def test_a_task_of_another_sector_is_not_found_and_saves_nothing(world, nurse):
    fine = make_task(world.persons["adult"], 2)
    school = make_task(
        world.persons["school_child"], 1, key="t.school_start", sector="school", section="education"
    )
    response = confirm(nurse, "utfort", [fine, school])
    page = response.content.decode()
    assert response.status_code == 200 and "no longer exists or is not yours to see" in page
    assert "t.school_start" not in page
    for task in (fine, school):
        task.refresh_from_db()
        assert task.status == TaskStatus.OPEN


def test_a_task_the_user_sees_but_may_not_act_on_saves_nothing(world, login):
    """The integration service sees Nav's task in the settlement section of a person it follows, but
    only Nav acts on Nav's tasks."""
    worker = login(world, "integration")
    worker.cookies["django_language"] = "en"
    own = make_task(
        world.persons["adult"], 2, key="t.plan", sector="integration_service", section="programme"
    )
    other = make_task(world.persons["adult"], 2, key="t.nav_plan", sector="nav", section="settlement")
    assert policy.tasks_visible_to(world.users["integration"], Task.objects.filter(pk=other.pk)).exists()
    page = confirm(worker, "utfort", [own, other]).content.decode()
    assert "You may not act on this task." in page
    own.refresh_from_db()
    assert own.status == TaskStatus.OPEN


def test_bulk_pages_are_only_for_who_works_on_tasks(world, login):
    task = make_task(world.persons["adult"], 2)
    client = login(world, "leadership")
    assert client.get(reverse("routines:task_bulk")).status_code == 404
    assert confirm(client, "utfort", [task]).status_code == 404


# ---------------------------------------------------------------------------- the task list
def test_the_task_list_filters_by_routine_and_assignee(world, nurse):
    other = colleague(world)
    talk = make_task(world.persons["adult"], 2, assignee=other)
    vaccine = make_task(world.persons["spouse"], 3, key="t.vaccine")
    mine = make_task(world.persons["teen"], 4, key="t.vaccine", assignee=world.users["health"])
    url = reverse("routines:task_list")

    def shown(**params):
        response = nurse.get(url, params)
        return {t.pk for g in response.context["groups"] for t in g.tasks}

    assert shown() == {talk.pk, vaccine.pk, mine.pk}
    assert shown(rutine="t.vaccine") == {vaccine.pk, mine.pk}
    assert shown(tildelt=str(other.pk)) == {talk.pk}
    assert shown(tildelt="meg") == {mine.pk}
    assert shown(tildelt="ingen", rutine="t.vaccine") == {vaccine.pk}
    # A user who is not a colleague, or a routine the user does not see, filters nothing.
    assert shown(tildelt=str(world.users["school"].pk)) == shown()
    assert shown(rutine="t.unknown") == shown()
    page = nurse.get(url).content.decode()
    assert "Kollega, Kari" in page and 'value="t.vaccine"' in page


def test_the_task_list_sorts_by_person_and_routine(world, nurse):
    a = make_task(world.persons["spouse"], 2, key="b.routine")  # Haile, Dawit
    b = make_task(world.persons["adult"], 3, key="c.routine")  # Haile, Abeba
    c = make_task(world.persons["teen"], 1, key="a.routine")  # Haile, Selam
    url = reverse("routines:task_list")

    def order(sort):
        return [t.pk for t in nurse.get(url, {"sorter": sort}).context["groups"][1].tasks]

    assert order("") == [c.pk, a.pk, b.pk]
    assert order("person") == [b.pk, a.pk, c.pk]
    assert order("routine") == [c.pk, a.pk, b.pk]
    page = nurse.get(url).content.decode()
    assert 'form="task-list-bulk"' in page and "Haile, Abeba" in page
