"""In a real browser: a case worker opens the attendance of the week containing today, sees the days after
today disabled, records a day of a child's illness, and the participant's page counts it; an hours value
that is not a number is shown at its day, with what was typed kept. axe-core checks every page."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from lagrundt.access.audit import Actor
from lagrundt.intro import services
from lagrundt.intro.models import AttendanceDay
from lagrundt.people import services as people_services
from tests.conftest import OSLO
from tests.intro.records import ASSESSMENT
from tests.world import make_person

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the session fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

D = dt.date
# A Wednesday: Monday to Wednesday have come, Thursday and Friday have not.
TODAY = D(2026, 11, 4)


@pytest.fixture
def parent(world, time_machine):
    """A participant since 2 March 2026 with Norwegian classes in the plan and a daughter of six."""
    time_machine.move_to(dt.datetime.combine(TODAY, dt.time(12), tzinfo=OSLO))
    actor = Actor(world.users["integration"])
    person = make_person(
        world.hemsedal, "Amina", "Yusuf", D(1990, 4, 10), settled_on=D(2026, 1, 5), serial=40
    )
    child = make_person(world.hemsedal, "Sara", "Yusuf", D(2020, 5, 5), settled_on=D(2026, 1, 5), serial=42)
    people_services.relation_add(actor=actor, person=person, relative=child, kind="child")
    services.assessment_save(actor=actor, person=person, data=ASSESSMENT, today=D(2026, 2, 10))
    services.decision_make(
        actor=actor,
        person=person,
        kind="programme",
        data=dict(
            decided_on=D(2026, 2, 10),
            starts_on=D(2026, 3, 2),
            months=24,
            final_goal="work",
            language="nb",
            grounds="Du har rett og plikt til introduksjonsprogram.",
        ),
        today=D(2026, 2, 10),
    )
    services.activity_add(
        actor=actor,
        person=person,
        data=dict(
            kind="norwegian",
            starts_on=D(2026, 3, 2),
            hours_per_week=Decimal(15),
            description="Norskopplæring, Hemsedal",
            phase="",
            self_study=False,
        ),
    )
    return person


def test_case_worker_registers_the_days_that_have_come_and_the_counter_counts(world, parent, page):
    log_in(page, "hemsedal-integration")
    page.goto(f"/program/personer/{parent.pk}/")
    expect(page.locator("#attendance")).to_contain_text(
        "Days for a child's illness the last twelve months: 0"
    )
    page.locator("#attendance a", has_text="Register this week").click()
    page.wait_for_url(re.compile(rf"/program/personer/{parent.pk}/oppmote/2026-11-02/$"))

    # The days that have come are pre-filled from the plan; the days after today are there, disabled.
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        expect(page.locator(f"#id_status_{day}")).to_be_enabled()
        expect(page.locator(f"#id_status_{day}")).to_have_value("present")
    for day in ("2026-11-05", "2026-11-06"):
        expect(page.locator(f"#id_status_{day}")).to_be_disabled()
        expect(page.locator(f"#id_hours_{day}")).to_be_disabled()
        expect(page.locator(f"#row-{day}")).to_contain_text("After today: not yet")
    assert_accessible(page)

    # A child's illness today, and an hours value that is not a number on Tuesday: the error is at Tuesday.
    page.locator("#id_status_2026-11-04").select_option("child_illness")
    page.locator("#id_hours_2026-11-03").fill("to")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#row-2026-11-03 .ds-validation-message")).to_have_text(
        "Tuesday 03.11.2026: Enter a number."
    )
    expect(page.locator(".ds-error-summary")).to_contain_text("Tuesday 03.11.2026: Enter a number.")
    expect(page.locator("#id_hours_2026-11-03")).to_have_value("to")
    expect(page.locator("#id_status_2026-11-04")).to_have_value("child_illness")
    expect(page.locator("#row-2026-11-02 .ds-validation-message")).to_have_count(0)
    assert_accessible(page)
    assert not AttendanceDay.objects.filter(person=parent).exists()

    page.locator("#id_hours_2026-11-03").fill("")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/program/personer/{parent.pk}/#attendance$"))
    expect(page.locator("main .ds-alert[role=status]")).to_contain_text("registered up to today")
    expect(page.locator("#attendance")).to_contain_text(
        "Days for a child's illness the last twelve months: 1 of 20"
    )
    assert_accessible(page)
    statuses = dict(AttendanceDay.objects.filter(person=parent).values_list("day", "status"))
    assert statuses == {D(2026, 11, 2): "present", D(2026, 11, 3): "present", D(2026, 11, 4): "child_illness"}

    # The next week has not begun: it is read-only, with the reason.
    page.goto(f"/program/personer/{parent.pk}/oppmote/2026-11-09/")
    expect(page.locator("#not-begun")).to_contain_text("This week has not begun")
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    expect(page.locator("#id_status_2026-11-09")).to_be_disabled()
    assert_accessible(page)
