"""Deadlines kept: counts per routine for a period, as a chart beside its table; leaders see counts only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.routines.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world, make_routine):
    """Twelve health talks due last month: 7 done on time, 3 late, 2 still open."""
    routine = make_routine(
        world.hemsedal, "t.health_talk", "health", {"from": "settlement", "offset": {"days": 14}}
    )
    due = timezone.localdate() - dt.timedelta(days=30)
    person = world.persons["adult"]
    for i in range(12):
        status, closed = (TaskStatus.DONE, due) if i < 7 else (TaskStatus.DONE, due + dt.timedelta(days=3))
        if i >= 10:
            status, closed = TaskStatus.OPEN, None
        Task.objects.create(
            routine=routine,
            municipality=world.hemsedal,
            sector="health",
            section="health",
            subject=f"p:{person.pk}",
            person=person,
            occurrence=str(i),
            counts_from=due,
            computed_due_on=due,
            due_on=due,
            status=status,
            closed_on=closed,
        )


def test_nurse_sees_counts_share_and_a_chart_with_its_table(world, login, history):
    response = login(world, "health").get(reverse("routines:compliance"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert {k: c.value for k, c in row.counts.items()} == {
        "on_time": 7,
        "late": 3,
        "overdue": 2,
        "not_due": 0,
        "not_applicable": 0,
    }
    assert row.share_on_time == pytest.approx(7 / 12)
    page = response.content.decode()
    assert '<svg class="lg-chart"' in page and 'role="img"' in page
    assert "<title>Utført i tide: 7</title>" in page
    assert "58 %" in page


def test_leaders_see_small_counts_hidden(world, login, history):
    response = login(world, "leadership").get(reverse("routines:compliance"))
    (row,) = response.context["rows"]
    assert row.counts["on_time"].value == 7
    assert row.counts["late"].suppressed and row.counts["overdue"].suppressed
    assert row.share_on_time is None  # it would tell the hidden numbers
    assert "Abeba" not in response.content.decode()


def test_a_period_without_tasks(world, login, history):
    response = login(world, "health").get(
        reverse("routines:compliance"), {"fra": "2020-01-01", "til": "2020-12-31"}
    )
    assert response.context["rows"] == []
