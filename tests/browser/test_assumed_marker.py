"""Uncertainty shown once, in a real browser: a case worker sees one quiet «assumed» beside the amount
computed with an assumed G, opens it for the reason, follows it to the assumptions in force on the
rules page, and finds there who confirms them. axe-core on both pages."""

import datetime as dt

import pytest

from lagrundt.access.audit import Actor
from lagrundt.intro import services
from lagrundt.intro.models import BaseAmountRecord
from lagrundt.intro.rulebook import file_rulebook
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


@pytest.fixture
def participant(world):
    """In the programme since 2 March 2026, paid on a G from 1 May 2026 that an administrator recorded
    as assumed."""
    actor = Actor(world.users["integration"])
    person = make_person(
        world.hemsedal, "Amina", "Yusuf", D(1990, 4, 10), settled_on=D(2026, 1, 5), serial=41
    )
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
        book=None,
        today=D(2026, 2, 10),
    )
    g = file_rulebook().g(D(2026, 5, 1))
    BaseAmountRecord.objects.create(
        valid_from=D(2026, 5, 1), amount=g.amount, source="Carried forward from 2025", confidence="assumed"
    )
    return person


def test_a_case_worker_opens_the_reason_for_an_assumed_amount(world, participant, page):
    log_in(page, "hemsedal-integration")
    page.goto(f"/program/personer/{participant.pk}/")
    assert_accessible(page)
    benefit = page.locator("#benefit")
    markers = benefit.locator("details.lg-assumed")
    # One quiet marker per month paid on the assumed G, not a warning chip beside every amount.
    expect(markers.first).to_be_visible()
    assert benefit.locator(".ds-tag", has_text="assumed").count() == 0
    reason = markers.first.locator("span")
    expect(reason).to_be_hidden()
    markers.first.locator("summary").click()
    expect(reason).to_contain_text("Carried forward from 2025")
    markers.first.get_by_role("link", name="The assumptions in force").click()
    page.wait_for_url("**/program/regler/#assumptions")
    section = page.locator("#assumptions")
    expect(section).to_contain_text("G from 01.05.2026")
    expect(section).to_contain_text("Who confirms them")
    assert_accessible(page)
