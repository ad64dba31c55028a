"""Working with tasks: the worklist, closing a task, the timeline, with access and audit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.routines import engine
from lagrundt.routines.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world, make_routine):
    make_routine(world.hemsedal, "t.health_talk", "health", {"from": "settlement", "offset": {"days": 14}})
    make_routine(
        world.hemsedal,
        "t.school_start",
        "school",
        {"from": "settlement", "offset": {"weeks": 2}, "when": {"age": {"from": 6, "to": 15}}},
    )
    engine.refresh_persons([p.pk for p in world.persons.values()])
    return Task.objects.all()


def test_each_sector_sees_its_own_tasks(world, login, tasks):
    page = login(world, "health").get(reverse("routines:task_list")).content.decode()
    assert "t.health_talk" in page and "t.school_start" not in page
    assert "Kovalenko" not in page  # Ål is not served by the health station in Hemsedal
    page = login(world, "school").get(reverse("routines:task_list")).content.decode()
    assert "t.school_start" in page and "t.health_talk" not in page
    assert "Haile, Selam" in page


def test_worklist_reads_are_audited_per_person_and_section(world, login, tasks):
    login(world, "health").get(reverse("routines:task_list"))
    reads = AuditEntry.objects.filter(channel=AuditChannel.SEARCH, action=AuditAction.READ)
    assert set(reads.values_list("section", flat=True)) == {"health"}
    assert reads.filter(person=world.persons["adult"]).count() == 1


def test_nurse_marks_a_health_talk_done_and_bad_input_keeps_what_was_typed(world, login, tasks):
    client = login(world, "health")
    task = tasks.get(person=world.persons["adult"], routine__key="t.health_talk")
    url = reverse("routines:task_done", args=[task.pk])
    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "done-done_on": future.isoformat(),
            "done-interpreter_used": "yes",
            "done-interpreter_language": "",
            "done-note": "Samtale med tolk",
        },
    )
    assert response.status_code == 200
    form = response.context["forms"]["done"]
    assert form.errors["done_on"] and form.errors["interpreter_language"]
    assert "Samtale med tolk" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    response = client.post(
        url,
        {
            "done-done_on": timezone.localdate().isoformat(),
            "done-interpreter_used": "yes",
            "done-interpreter_language": "ti",
            "done-note": "Samtale med tolk",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.interpreter_language, task.closed_by) == (
        TaskStatus.DONE,
        "ti",
        world.users["health"],
    )
    write = AuditEntry.objects.get(action=AuditAction.UPDATE, person=world.persons["adult"])
    assert write.section == "health" and write.changes["status"] == {"old": "open", "new": "done"}


def test_postpone_and_not_applicable_need_a_reason(world, login, tasks):
    client = login(world, "school")
    task = tasks.get(person=world.persons["teen"], routine__key="t.school_start")
    url = reverse("routines:task_postpone", args=[task.pk])
    response = client.post(url, {"postpone-due_on": task.due_on.isoformat()})
    assert response.status_code == 200
    assert set(response.context["forms"]["postpone"].errors) == {"due_on", "reason"}
    later = task.due_on + dt.timedelta(days=20)
    response = client.post(
        url,
        {"postpone-due_on": later.isoformat(), "postpone-reason": "Tolk ikke ledig"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_on == later and task.is_postponed
    # Recomputing keeps the postponement.
    engine.refresh_persons([task.person_id])
    task.refresh_from_db()
    assert task.due_on == later
    response = client.post(
        reverse("routines:task_not_applicable", args=[task.pk]), {"na-reason": "Går på skole i nabokommunen"}
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_APPLICABLE


def test_a_teacher_cannot_open_or_close_the_health_talk(world, login, tasks):
    client = login(world, "school")
    task = tasks.get(person=world.persons["teen"], routine__key="t.health_talk")
    url = reverse("routines:task_detail", args=[task.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("routines:task_done", args=[task.pk]), {"done-done_on": timezone.localdate().isoformat()}
        ).status_code
        == 404
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_timeline_shows_every_sector_the_user_may_read(world, login, tasks):
    teen = world.persons["teen"]
    url = reverse("routines:person_timeline", args=[teen.pk])
    page = login(world, "school").get(url).content.decode()
    assert "t.school_start" in page and "t.health_talk" not in page
    page = login(world, "health").get(url).content.decode()
    assert "t.health_talk" in page and "t.school_start" not in page
    page = login(world, "integration").get(url, headers={"HX-Request": "true"}).content.decode()
    # The coordinator sees health's duty as status only: no link to the task, whose note is health's.
    assert "t.school_start" in page and "t.health_talk" in page
    health_talk = tasks.get(person=teen, routine__key="t.health_talk")
    assert reverse("routines:task_detail", args=[health_talk.pk]) not in page
    assert "<html" not in page  # the htmx partial


def test_a_task_says_why_it_exists_in_the_users_language(world, login, make_routine):
    from lagrundt.access.audit import Actor
    from lagrundt.people import services as people

    make_routine(
        world.hemsedal, "t.talk", "health", {"from": "settlement", "offset": {"months": 1, "days": 2}}
    )
    adult = world.persons["adult"]
    people.settlement_save(
        actor=Actor(world.users["integration"]), person=adult, data={"settled_on": dt.date(2026, 3, 17)}
    )
    task = Task.objects.get(person=adult, routine__key="t.talk")
    assert task.due_on == dt.date(2026, 4, 20)  # 19 April is a Sunday
    client = login(world, "health")
    page = client.get(reverse("routines:task_detail", args=[task.pk])).content.decode()
    assert "Regnes fra bosettingsdatoen, 17.03.2026, pluss 1 måned, 2 dager." in page
    assert "19.04.2026" in page and "20.04.2026" in page
    client.cookies.load({"django_language": "nn"})
    page = client.get(reverse("routines:task_detail", args=[task.pk])).content.decode()
    assert "1 månad, 2 dagar" in page


def test_assign_to_me_and_filter_by_assignee_and_unit(world, login, tasks):
    client = login(world, "health")
    task = tasks.get(person=world.persons["adult"], routine__key="t.health_talk")
    response = client.post(reverse("routines:task_assign", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == world.users["health"]
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, changes__assignee__new=world.users["health"].pk
    )

    def shown(**params):
        response = client.get(reverse("routines:task_list"), params)
        return {t.pk for g in response.context["groups"] for t in g.tasks}

    everything = shown()
    assert shown(tildelt="meg") == {task.pk}
    assert shown(tildelt="ingen") == everything - {task.pk}
    unit = world.users["health"].memberships.get().unit_id
    assert shown(enhet=unit) == everything
    assert shown(enhet=999_999) == set()  # not one of the user's units
    # Someone else's task cannot be taken by a teacher.
    teacher = login(world, "school")
    assert teacher.post(reverse("routines:task_assign", args=[task.pk])).status_code == 404
