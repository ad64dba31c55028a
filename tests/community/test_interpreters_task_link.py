"""A task's page offers to record the interpreter of its meeting, to who may act on the task only."""

import pytest
from django.urls import reverse

from tests.access_matrix import health_task

pytestmark = pytest.mark.django_db


def test_the_task_page_links_to_the_interpreter_form_for_who_acts_on_it(world, login):
    args = health_task(world, "health", "own")
    url = reverse("routines:task_detail", args=[args["pk"]])
    target = reverse("community:interpreter_task_add", args=[args["pk"]])
    page = login(world, "health").get(url).content.decode()
    assert target in page and "Record an interpreter" in page
    assert login(world, "health").get(target).status_code == 200


def test_a_closed_task_offers_no_interpreter_form(world, login):
    from lagrundt.routines.models import Task, TaskStatus

    args = health_task(world, "health", "own")
    Task.objects.filter(pk=args["pk"]).update(status=TaskStatus.DONE)
    page = login(world, "health").get(reverse("routines:task_detail", args=[args["pk"]])).content.decode()
    assert reverse("community:interpreter_task_add", args=[args["pk"]]) not in page
