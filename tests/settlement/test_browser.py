"""In a real browser: the coordinator accepts a proposal on the board (htmx, no reload), sees the
sectors' tasks before arrival on the case, and registers the arrival in one action; every page on
the way is checked with axe-core (WCAG 2.1 A and AA)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.people.models import Person
from lagrundt.settlement.models import SettlementCase, Stage
from tests.browser import conftest as browser
from tests.settlement.conftest import days

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=browser.TIMEOUT_MS)

pytestmark = pytest.mark.browser

chromium_browser = browser.chromium_browser
new_page = browser.new_page
world = browser.world


def test_the_coordinator_accepts_on_the_board_and_registers_the_arrival(
    world, new_page, make_case, pre_arrival_routines
):
    case = make_case(name="Haddad", expected_arrival=days(45))
    page = new_page()
    browser.log_in(page, "hemsedal-integration")

    page.goto("/bosetting/")
    browser.assert_accessible(page)
    page.evaluate("() => { window.notReloaded = true; }")
    card = page.locator(f"#case-{case.pk}")
    card.get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(f'section[aria-labelledby="col-accepted"] #case-{case.pk}')).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")  # swapped by htmx, not reloaded
    expect(page.locator(f"#case-{case.pk}")).to_contain_text("No dwelling held")
    browser.assert_accessible(page)
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED

    page.locator(f"#case-{case.pk} h3 a").click()
    page.wait_for_url(re.compile(rf"/bosetting/saker/{case.pk}/$"))
    tasks = page.locator('section[aria-labelledby="h-tasks"] tbody tr')
    expect(tasks).to_have_count(3)
    browser.assert_accessible(page)

    page.locator("main a", has_text="Register the arrival").first.click()
    page.wait_for_url(re.compile(r"/ankomst/$"))
    browser.assert_accessible(page)
    child_birth = dt.date(timezone.localdate().year - 9, 4, 12)
    page.locator("#id_member-2-birth_date").fill(child_birth.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/husstand/\d+/$"))
    browser.assert_accessible(page)
    case = SettlementCase.objects.get(pk=case.pk)
    assert case.stage == Stage.ARRIVED
    assert Person.objects.filter(household=case.household).count() == 3
