"""A nurse and a teacher each see and complete their own tasks, in a real browser, with axe on every page."""

import re

import pytest
from django.utils import timezone

from lagrundt.routines import engine
from lagrundt.routines.models import Routine, Task, TaskStatus

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the session fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


def routine(world, key, sector, title, spec):
    return Routine.objects.create(
        municipality=world.hemsedal,
        key=key,
        profile="test",
        title_nb=title,
        title_nn=title,
        title_en=title,
        sector=sector,
        section={"health": "health", "school": "education"}[sector],
        applies_to="person",
        spec={"working_day": True, "when": {}, **spec},
        source="Test plan, chapter 1",
        basis="plan",
    )


@pytest.fixture
def duties(world):
    routine(world, "t.health_talk", "health", "Health talk", {"from": "settlement", "offset": {"days": 14}})
    routine(
        world,
        "t.school_meeting",
        "school",
        "School start meeting",
        {"from": "settlement", "offset": {"weeks": 2}, "when": {"age": {"from": 6, "to": 15}}},
    )
    engine.refresh_persons([p.pk for p in world.persons.values()])


def complete_first(page, title: str, person: str) -> None:
    page.goto("/oppgaver/")
    assert_accessible(page)
    overdue = page.locator("section[aria-labelledby=group-overdue]")
    link = overdue.locator("tr", has_text=person).locator("a", has_text=title)
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(re.compile(r"/oppgaver/\d+/$"))
    assert_accessible(page)
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Source: Test plan, chapter 1")
    page.locator("#id_done-done_on").fill(timezone.localdate().isoformat())
    page.locator("#id_done-interpreter_used").select_option("yes")
    page.locator("#id_done-interpreter_language").select_option("ti")
    page.locator("#id_done-note").fill("With interpreter, by phone")
    page.locator("main form[action$='/utfort/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/oppgaver/\d+/$"))
    expect(page.locator("main .ds-alert[role=status]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("With interpreter, by phone")
    assert_accessible(page)


def test_nurse_and_teacher_each_complete_their_own_tasks(world, duties, new_page):
    nurse = new_page()
    log_in(nurse, "hemsedal-health")
    nurse.goto("/oppgaver/")
    expect(nurse.locator("main")).not_to_contain_text("School start meeting")
    complete_first(nurse, "Health talk", "Haile, Selam")
    task = Task.objects.get(person=world.persons["teen"], routine__key="t.health_talk")
    assert (task.status, task.interpreter_language, task.closed_by.username) == (
        TaskStatus.DONE,
        "ti",
        "hemsedal-health",
    )

    teacher = new_page()
    log_in(teacher, "hemsedal-school")
    teacher.goto("/oppgaver/")
    expect(teacher.locator("main")).not_to_contain_text("Health talk")
    complete_first(teacher, "School start meeting", "Haile, Selam")
    assert (
        Task.objects.get(person=world.persons["teen"], routine__key="t.school_meeting").status
        == TaskStatus.DONE
    )

    # The teacher's view of Selam's timeline: the school's duty, done; no health talk.
    teacher.goto(f"/personer/{world.persons['teen'].pk}/")
    timeline = teacher.locator("#timeline")
    expect(timeline.locator("tbody tr")).to_have_count(1)
    expect(timeline).to_contain_text("School start meeting")
    expect(timeline).to_contain_text("Done")
    assert_accessible(teacher)
    # And the health talk cannot be opened by the teacher at all.
    response = teacher.goto(f"/oppgaver/{task.pk}/")
    assert response.status == 404
