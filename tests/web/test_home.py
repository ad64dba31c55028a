"""The home page: my work first for who follows persons, the plan overview for leaders, the log for the
data protection officer; one-click "assign to me" and "done" on its rows, with and without htmx."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.people.models import SectionNote
from lagrundt.routines.models import Task, TaskStatus
from tests.routines.test_my_work import make_task

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def login(login):
    """The world's users, reading the pages in English."""

    def _login(world, key):
        client = login(world, key)
        client.cookies["django_language"] = "en"
        return client

    return _login


def test_my_work_comes_first_with_names_family_given(world, login):
    nurse = world.users["health"]
    mine = make_task(world.persons["adult"], -2, assignee=nurse)
    free = make_task(world.persons["spouse"], 3)
    response = login(world, "health").get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("My tasks") < page.index("Unassigned in my units") < page.index("Your roles")
    assert "Haile, Abeba" in page and "Haile, Dawit" in page
    assert reverse("people:person_detail", args=[world.persons["adult"].pk]) in page
    assert [t.pk for t in response.context["mine"][0].tasks] == [mine.pk]  # overdue
    assert [t.pk for t in response.context["unassigned"][1].tasks] == [free.pk]  # due within 14 days
    assert reverse("routines:task_assign", args=[free.pk]) in page
    assert "Persons I follow" in page and "Since you last logged in" in page


def test_other_sectors_tasks_never_appear(world, login):
    make_task(world.persons["school_child"], 1, key="t.school_start", sector="school", section="education")
    page = login(world, "health").get(reverse("home")).content.decode()
    assert "t.school_start" not in page and "Haile, Yonas" not in page
    page = login(world, "school").get(reverse("home")).content.decode()
    assert "t.school_start" in page and "Haile, Yonas" in page


def test_the_tasks_and_persons_shown_are_audited(world, login):
    nurse = world.users["health"]
    make_task(world.persons["adult"], 3, assignee=nurse)
    make_task(world.persons["spouse"], 4)
    login(world, "health").get(reverse("home"))
    reads = AuditEntry.objects.filter(action=AuditAction.READ, channel=AuditChannel.PAGE, user=nurse)
    assert set(reads.filter(section="health").values_list("person_id", flat=True)) == {
        world.persons["adult"].pk,
        world.persons["spouse"].pk,
    }
    # The followed person's name is a read of their identity.
    assert reads.filter(section="identity", person=world.persons["adult"]).exists()


def test_changes_since_the_previous_login_leave_out_notes_the_user_may_not_read(world, login, client):
    nurse = world.users["health"]
    nurse.last_login = timezone.now() - dt.timedelta(days=1)
    nurse.save(update_fields=["last_login"])
    adult = world.persons["adult"]
    make_task(adult, 3, assignee=nurse)
    SectionNote.objects.create(person=adult, section="health", body="Helse", author=nurse)
    SectionNote.objects.create(person=adult, section="work", body="Arbeid", author=world.users["nav"])
    page = login(world, "health").get(reverse("home")).content.decode()
    assert "New note in Health" in page
    assert "New note in Work" not in page and "Nav Testesen" not in page
    assert "New task" in page  # made since yesterday's login


def test_the_first_login_says_so(world, login):
    page = login(world, "health").get(reverse("home")).content.decode()
    assert "This is your first login" in page


@pytest.mark.parametrize(
    ("key", "landing"), [("leadership", "plans:dashboard"), ("dpo", "access:audit_search")]
)
def test_leaders_and_the_data_protection_officer_land_on_their_pages(world, login, key, landing):
    response = login(world, key).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(landing)
    assert login(world, key).get(response["Location"]).status_code == 200


def test_a_user_without_roles_and_a_sysadmin_keep_the_home_page(world, login):
    for key in ("nobody", "sysadmin"):
        response = login(world, key).get(reverse("home"))
        assert response.status_code == 200 and "my_work" not in response.context


def test_done_in_one_click_with_htmx_answers_the_row(world, login):
    nurse = world.users["health"]
    task = make_task(world.persons["adult"], 1, assignee=nurse)
    client = login(world, "health")
    url = reverse("routines:task_done_today", args=[task.pk])
    response = client.post(url, {"liste": "work-mine"}, **HTMX)
    assert response.status_code == 200
    assert "Marked as done today" in response.content.decode()
    assert response.content.decode().lstrip().startswith(f'<tr id="task-row-{task.pk}"')
    task.refresh_from_db()
    assert (task.status, task.closed_on, task.closed_by, task.note) == (
        TaskStatus.DONE,
        timezone.localdate(),
        nurse,
        "",
    )
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, person=world.persons["adult"]).count() == 1


def test_done_without_javascript_goes_back_home(world, login):
    task = make_task(world.persons["adult"], 1)
    response = login(world, "health").post(reverse("routines:task_done_today", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_done_is_refused_before_the_task_counts_and_the_row_says_why(world, login):
    today = timezone.localdate()
    task = make_task(world.persons["adult"], 20, counts_from=today + dt.timedelta(days=5))
    response = login(world, "health").post(
        reverse("routines:task_done_today", args=[task.pk]), {"liste": "work-unassigned"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and "cannot be done before the date it counts from" in page
    assert 'form="work-unassigned"' in page
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_assign_to_me_in_one_click(world, login):
    nurse = world.users["health"]
    task = make_task(world.persons["adult"], 1)
    client = login(world, "health")
    url = reverse("routines:task_assign", args=[task.pk])
    response = client.post(url, {"liste": "work-unassigned"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and ">You<" in page
    assert reverse("routines:task_assign", args=[task.pk]) not in page  # already mine: no button
    task.refresh_from_db()
    assert task.assignee == nurse
    other = make_task(world.persons["spouse"], 2)
    response = client.post(reverse("routines:task_assign", args=[other.pk]), {"liste": "work-unassigned"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    other.refresh_from_db()
    assert other.assignee == nurse


def test_one_click_actions_are_refused_to_who_may_not_act(world, login):
    task = make_task(world.persons["adult"], 1)
    client = login(world, "school")
    for name in ("routines:task_assign", "routines:task_done_today"):
        assert client.post(reverse(name, args=[task.pk]), **HTMX).status_code == 404
    assert client.get(reverse("routines:task_assign", args=[task.pk])).status_code == 405
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.assignee is None
    assert Task.objects.filter(status=TaskStatus.DONE).count() == 0
