"""The case worker's day in a real browser, with axe on every page: a nurse starts from her home page,
marks three duties done at once, records the family's GP; the coordinator then sees those duties done on
the household's view of every sector, and nothing of what the health station holds."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.core.dates import add_years
from lagrundt.routines import engine
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.services import apply_routine_files

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the session fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

PRACTICE = "Legesenteret i Fjellbygda"  # the GP practice: the health record's, not the coordinator's


@pytest.fixture
def family(world):
    """The Osman family, settled in Hemsedal five days ago: Hemsedal's and the national duties apply."""
    from lagrundt.people.models import Household
    from tests.world import make_person

    apply_routine_files()
    today = timezone.localdate()
    household = Household.objects.create(name="Familien Osman", municipality=world.hemsedal)
    settled = today - dt.timedelta(days=5)
    mother = make_person(
        world.hemsedal,
        "Amal",
        "Osman",
        add_years(today, -34) - dt.timedelta(days=40),
        household=household,
        settled_on=settled,
        serial=41,
    )
    son = make_person(
        world.hemsedal,
        "Idris",
        "Osman",
        add_years(today, -9) - dt.timedelta(days=40),
        household=household,
        settled_on=settled,
        serial=42,
    )
    engine.refresh_persons([mother.pk, son.pk])
    return household, mother, son


def test_nurse_closes_duties_in_bulk_and_records_a_gp_then_the_coordinator_sees_them_done(
    world, family, new_page
):
    household, mother, son = family
    nurse = new_page()
    log_in(nurse, "hemsedal-health")
    main = nurse.locator("main")
    expect(main.locator("h2", has_text="Unassigned in my units")).to_be_visible()
    health_open = list(
        Task.objects.filter(
            subject__in=[f"p:{mother.pk}", f"p:{son.pk}"],
            sector="health",
            status=TaskStatus.OPEN,
            counts_from__lte=timezone.localdate(),
        )
        .exclude(routine__key="hemsedal.health.gp")
        .select_related("routine")
        .order_by("due_on", "pk")
    )
    assert len(health_open) >= 3, [t.routine.key for t in health_open]
    chosen = health_open[:3]
    for task in chosen:
        nurse.locator(f"#task-row-{task.pk} input[type=checkbox]").check()
    form = nurse.locator(f"#task-row-{chosen[0].pk} input[type=checkbox]").get_attribute("form")
    nurse.locator(f"button[form='{form}'][value=utfort]").click()
    nurse.wait_for_url(re.compile(r"/oppgaver/flere/"))
    assert_accessible(nurse)
    expect(nurse.locator("main table tbody tr")).to_have_count(3)
    nurse.locator("main form button[type=submit]").click()
    nurse.wait_for_url(lambda url: "/oppgaver/flere/" not in url)
    expect(nurse.locator("main .ds-alert[role=status]")).to_be_visible()
    assert_accessible(nurse)
    for task in chosen:
        task.refresh_from_db()
        assert (task.status, task.closed_on, task.closed_by.username) == (
            TaskStatus.DONE,
            timezone.localdate(),
            "hemsedal-health",
        )

    # The GP, on the mother's health record: recording it closes the "GP in place" duty.
    nurse.goto(f"/personer/{mother.pk}/helse/endre/")
    assert_accessible(nurse)
    nurse.get_by_label("GP practice").fill(PRACTICE)
    nurse.get_by_label("GP assigned on").fill(timezone.localdate().isoformat())
    nurse.locator("main form button[type=submit]").click()
    nurse.wait_for_url(re.compile(rf"/personer/{mother.pk}/helse/$"))
    expect(nurse.locator("main .ds-alert[role=status]")).to_contain_text("Closed:")
    expect(nurse.locator("main")).to_contain_text(PRACTICE)
    assert_accessible(nurse)
    gp = Task.objects.get(subject=f"p:{mother.pk}", routine__key="hemsedal.health.gp")
    assert gp.status == TaskStatus.DONE and gp.closed_on == timezone.localdate()

    # The coordinator: the household's view from its page, every sector's duties as status.
    coordinator = new_page()
    log_in(coordinator, "hemsedal-integration")
    coordinator.goto(f"/personer/husstand/{household.pk}/")
    coordinator.get_by_role("link", name="Every sector's duties for the household").click()
    coordinator.wait_for_url(re.compile(rf"/oppgaver/husstand/{household.pk}/$"))
    assert_accessible(coordinator)
    page = coordinator.locator("main")
    for task in [*chosen, gp]:
        task.refresh_from_db()
        done = "Done on time" if task.closed_on <= task.due_on else "Done late"
        expect(page.locator("tr", has_text=task.routine.title_en).filter(has_text=done).first).to_be_visible()
        # Status only: the health station's duty does not link to its page.
        expect(page.locator(f"a[href='/oppgaver/{task.pk}/']")).to_have_count(0)
    expect(page).not_to_contain_text(PRACTICE)
    coordinator.goto(f"/personer/{mother.pk}/")
    expect(coordinator.locator("#timeline")).to_contain_text(gp.routine.title_en)
    expect(coordinator.locator("main")).not_to_contain_text(PRACTICE)
    assert coordinator.goto(f"/personer/{mother.pk}/helse/").status == 404
    assert_accessible(coordinator)
