"""A case worker makes a programme decision and registers a week's attendance, in a real browser, with
axe-core on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.intro import services
from lagrundt.intro.models import AttendanceDay, Decision
from lagrundt.routines.rules import is_working_day
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


@pytest.fixture
def newcomer(world):
    """Settled nine weeks ago and assessed, with career guidance: ready for the decision."""
    today = timezone.localdate()
    person = make_person(
        world.hemsedal,
        "Amina",
        "Yusuf",
        dt.date(1990, 4, 10),
        settled_on=today - dt.timedelta(weeks=9),
        serial=40,
    )
    services.assessment_save(
        actor=Actor(world.users["integration"]),
        person=person,
        data={
            **ASSESSMENT,
            "assessed_on": today - dt.timedelta(weeks=7),
            "career_guidance_on": today - dt.timedelta(weeks=6),
        },
        today=today,
    )
    return person


def test_case_worker_makes_a_decision_and_registers_a_week(world, newcomer, page):
    today = timezone.localdate()
    decided = today - dt.timedelta(weeks=5)
    start = decided - dt.timedelta(days=decided.weekday()) + dt.timedelta(days=7)  # the Monday after
    log_in(page, "hemsedal-integration")

    page.goto("/program/?vis=uten-vedtak")
    assert_accessible(page)
    page.locator("main table a", has_text="Yusuf, Amina").click()
    page.wait_for_url(re.compile(rf"/program/personer/{newcomer.pk}/$"))
    expect(page.locator("#right")).to_contain_text("Right and duty")
    assert_accessible(page)

    page.locator("#decisions a", has_text="Introduction programme granted").click()
    page.wait_for_url(re.compile(r"/vedtak/programme/$"))
    assert_accessible(page)
    page.locator("#id_decided_on").fill(decided.isoformat())
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_months").fill("30")  # too long for the goal work without upper secondary
    page.locator("#id_final_goal").select_option("work")
    page.locator("#id_language").select_option("nb")
    page.locator("#id_grounds").fill("Du har rett og plikt til introduksjonsprogram.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("from 3 to 24 months")
    expect(page.locator("#id_grounds")).to_have_value("Du har rett og plikt til introduksjonsprogram.")
    assert_accessible(page)
    page.locator("#id_months").fill("24")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/program/personer/{newcomer.pk}/#decision-\d+$"))
    expect(page.locator("main .ds-alert[role=status]")).to_be_visible()
    expect(page.locator("#decisions")).to_contain_text("Introduction programme granted")
    assert_accessible(page)
    decision = Decision.objects.get(person=newcomer)
    assert (decision.starts_on, decision.months, decision.decided_by.username) == (
        start,
        24,
        "hemsedal-integration",
    )
    letter = page.request.get(f"/program/vedtak/{decision.pk}/brev.pdf")
    assert letter.status == 200 and letter.body().startswith(b"%PDF")

    # The first week of the programme: a self-certification is refused (only after eight weeks) …
    page.goto(f"/program/personer/{newcomer.pk}/oppmote/{start.isoformat()}/")
    assert_accessible(page)
    working = [start + dt.timedelta(days=i) for i in range(5) if is_working_day(start + dt.timedelta(days=i))]
    first = working[0].isoformat()
    # Days are pre-filled only from the plan, and this participant has no activity in it yet.
    for day in working[1:]:
        page.locator(f"#id_status_{day.isoformat()}").select_option("present")
    page.locator(f"#id_status_{first}").select_option("self_certified")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_contain_text(
        "self-certification is possible only after 8 weeks"
    )
    assert_accessible(page)
    assert not AttendanceDay.objects.exists()
    # … so it is a doctor's certificate, and the rest of the week present with two unexcused hours.
    page.locator(f"#id_status_{first}").select_option("doctor_certified")
    if len(working) > 1:
        page.locator(f"#id_hours_{working[1].isoformat()}").fill("2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/program/personer/{newcomer.pk}/#attendance$"))
    expect(page.locator("#attendance")).to_contain_text("complete")
    assert_accessible(page)
    statuses = dict(AttendanceDay.objects.filter(person=newcomer).values_list("day", "status"))
    assert statuses[working[0]] == "doctor_certified"
    assert len(statuses) == 5
