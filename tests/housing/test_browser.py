"""In a real browser: a housing officer finds the stock, opens a household's housing and records the
year-1 inspection with one deviation, then closes it from "My deviations"; every page on the way is
checked with axe-core (WCAG 2.1 A and AA)."""

import datetime as dt
import re

import pytest

from lagrundt.access.audit import Actor
from lagrundt.housing import services
from lagrundt.housing.models import Deviation, Inspection
from tests.browser.conftest import (  # noqa: F401  (fixtures, used by name)
    TIMEOUT_MS,
    assert_accessible,
    chromium_browser,
    log_in,
    new_page,
)
from tests.housing.conftest import dwelling_data

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


@pytest.fixture
def housed(transactional_db, live_server):
    """The synthetic world, committed for the live server, with the Haile family in a municipal flat."""
    from tests.world import build_world

    world = build_world()
    actor = Actor(world.users["housing"], detail="test")
    dwelling = services.dwelling_save(
        actor=actor, data=dwelling_data(world.hemsedal, address="Trøimsvegen 12")
    )
    family = world.persons["adult"].household
    world.tenancy = services.tenancy_start(
        actor=actor, dwelling=dwelling, household=family, starts_on=services.arrival_of(family)
    )
    return world


def test_a_housing_officer_records_the_year_1_inspection_with_a_deviation(housed, new_page):  # noqa: F811
    page = new_page()
    log_in(page, "hemsedal-housing")
    page.goto("/bolig/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("1 of 1 dwellings are let")

    family = housed.persons["adult"].household
    page.goto(f"/bolig/husstander/{family.pk}/")
    assert_accessible(page)
    page.locator("main a", has_text="Record an inspection").click()
    page.wait_for_url(re.compile(r"/tilsyn/ny/"))
    # The household came two years ago: choose year 1's checklist.
    page.locator("#choose-year").select_option("1")
    page.locator("main button", has_text="Show the checklist").click()
    page.wait_for_url(re.compile(r"aar=1"))
    assert_accessible(page)

    inspected = housed.tenancy.starts_on + dt.timedelta(days=60)
    page.locator("#id_inspected_on").fill(inspected.isoformat())
    page.locator("#id_year").select_option("1")
    for radio in page.locator("input[type=radio][value=ok]").all():
        radio.check()
    page.locator("input[name=item_wood_stove][value=follow_up]").check()
    page.locator("input[name=guidance][value=wood_stove]").check()
    page.locator("#id_dev0_item").select_option("wood_stove")
    page.locator("#id_dev0_description").fill("Show how to light the stove safely")
    page.locator("#id_dev0_owner").select_option(str(housed.users["housing"].pk))
    page.locator("#id_dev0_due_on").fill((inspected + dt.timedelta(days=14)).isoformat())
    page.locator("main form.lg-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bolig/tilsyn/\d+/$"))
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Show how to light the stove safely")
    assert Inspection.objects.get().results["wood_stove"] == "follow_up"

    page.locator("nav a", has_text="My deviations").click()
    page.wait_for_url(re.compile(r"/bolig/avvik/$"))
    assert_accessible(page)
    page.locator("main button", has_text="Done today").click()
    expect(page.locator("main")).to_contain_text("You have no open deviations.")
    assert Deviation.objects.get().done_on is not None


def test_the_stock_forms_and_suggestions_are_accessible(housed, new_page):  # noqa: F811
    page = new_page()
    log_in(page, "hemsedal-integration")
    page.goto("/bolig/")
    page.locator("main a", has_text="New dwelling").click()
    page.wait_for_url(re.compile(r"/bolig/boliger/ny/$"))
    assert_accessible(page)
    page.locator("#id_municipality").select_option(str(housed.hemsedal.pk))
    page.locator("#id_ownership").select_option("municipal")
    page.locator("#id_address").fill("Ulsåkvegen 3")
    page.locator("#id_rooms").fill("0")
    page.locator("#id_bedrooms").fill("0")
    page.locator("#id_rent").fill("8000")
    page.locator("main form.lg-form button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("A dwelling has at least one room.")
    expect(page.locator("#id_address")).to_have_value("Ulsåkvegen 3")
    assert_accessible(page)
    page.locator("#id_rooms").fill("3")
    page.locator("#id_bedrooms").fill("2")
    page.locator("main form.lg-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bolig/boliger/\d+/$"))
    assert_accessible(page)

    family = housed.persons["aal_adult"].household  # not Hemsedal's: the page is 404
    assert page.goto(f"/bolig/husstander/{family.pk}/forslag/").status == 404
    page.goto(f"/bolig/husstander/{housed.persons['adult'].household_id}/forslag/")
    assert_accessible(page)
    page.goto("/bolig/utleiere/ny/")
    assert_accessible(page)
