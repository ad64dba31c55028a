"""In a real browser, the whole way from IMDi's proposal to the first inspection: the coordinator
registers a proposal, accepts it on the board (htmx, no reload), holds a dwelling from the suggestions,
sees the sectors' tasks before arrival appear on the case, and registers the arrival in one action;
then the housing officer records the year-1 inspection with one deviation. Every page on the way is
checked with axe-core (WCAG 2.1 A and AA)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.housing import services as housing
from lagrundt.housing.models import Deviation, Inspection, Tenancy
from lagrundt.people.models import Person
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.settlement.models import SettlementCase, Stage
from tests.browser import conftest as browser
from tests.housing.conftest import dwelling_data
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


@pytest.fixture
def flat(world):
    """A vacant municipal flat in Hemsedal that fits a parent and a child."""
    actor = Actor(world.users["housing"], detail="test")
    return housing.dwelling_save(actor=actor, data=dwelling_data(world.hemsedal, address="Trøimsvegen 12"))


def register_proposal(page, municipality, arrives: dt.date) -> SettlementCase:
    page.goto("/bosetting/saker/ny/")
    browser.assert_accessible(page)
    page.locator("#id_municipality").select_option(str(municipality.pk))
    page.locator("#id_name").fill("Haddad")
    page.locator("#id_category").select_option("resettlement_refugee")
    page.locator("#id_origin").select_option("abroad")
    page.locator("#id_country_background").select_option("SY")
    page.locator("#id_expected_arrival").fill(arrives.isoformat())
    page.locator("#id_stated_needs").fill("Ground floor")
    adult, child = "#id_member-0-", "#id_member-1-"
    page.locator(adult + "given_name").fill("Lina")
    page.locator(adult + "family_name").fill("Haddad")
    page.locator(adult + "birth_date").fill("1988-03-02")
    page.locator(adult + "sex").select_option("female")
    page.locator(adult + "role").select_option("reference")
    page.locator(child + "given_name").fill("Omar")
    page.locator(child + "family_name").fill("Haddad")
    page.locator(child + "birth_year").fill(str(timezone.localdate().year - 9))
    page.locator(child + "sex").select_option("male")
    page.locator(child + "role").select_option("child")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bosetting/saker/\d+/$"))
    browser.assert_accessible(page)
    return SettlementCase.objects.get(name="Haddad")


def test_from_proposal_to_arrival_and_the_first_inspection(world, new_page, flat, pre_arrival_routines):
    page = new_page()
    browser.log_in(page, "hemsedal-integration")
    case = register_proposal(page, world.hemsedal, arrives=days(45))
    assert case.stage == Stage.PROPOSED and case.members.count() == 2
    assert not Task.objects.filter(subject=f"c:{case.pk}").exists()  # nothing before the reply

    # Accept on the board, without a reload.
    page.goto("/bosetting/")
    browser.assert_accessible(page)
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator(f"#case-{case.pk}").get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.locator(f'section[aria-labelledby="col-accepted"] #case-{case.pk}')).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")  # swapped by htmx, not reloaded
    expect(page.locator(f"#case-{case.pk}")).to_contain_text("No dwelling held")
    browser.assert_accessible(page)

    # The sectors' duties before arrival appear on the case: dwelling, school (a child of 9), health.
    page.locator(f"#case-{case.pk} h3 a").click()
    page.wait_for_url(re.compile(rf"/bosetting/saker/{case.pk}/$"))
    tasks = page.locator('section[aria-labelledby="h-tasks"] tbody tr')
    expect(tasks).to_have_count(3)
    browser.assert_accessible(page)
    sectors = set(
        Task.objects.filter(subject=f"c:{case.pk}", status=TaskStatus.OPEN).values_list("sector", flat=True)
    )
    assert sectors == {"integration_service", "school", "health"}

    # Allocate: the suggestions explain the fit; hold the flat for the case.
    page.goto(f"/bolig/saker/{case.pk}/forslag/")
    browser.assert_accessible(page)
    suggestion = page.locator("ol.lg-suggestions > li", has_text="Trøimsvegen 12")
    expect(suggestion.locator("ul li").first).to_be_visible()
    suggestion.locator("a", has_text="Choose").click()
    page.wait_for_url(re.compile(r"/bolig/saker/\d+/reserver/\d+/$"))
    browser.assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/bolig/boliger/\d+/$"))
    case.refresh_from_db()
    assert case.stage == Stage.DWELLING_READY

    # Register the arrival in one action: only the child's birth date was not known.
    page.goto(f"/bosetting/saker/{case.pk}/")
    page.locator("main a", has_text="Register the arrival").first.click()
    page.wait_for_url(re.compile(r"/ankomst/$"))
    browser.assert_accessible(page)
    expect(page.locator("#id_member-0-given_name")).to_have_value("Lina")  # typed once, on the case
    child_birth = dt.date(timezone.localdate().year - 9, 4, 12)
    page.locator("#id_member-1-birth_date").fill(child_birth.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/oppgaver/husstand/\d+/igangsatt/$"))
    browser.assert_accessible(page)
    case = SettlementCase.objects.get(pk=case.pk)
    assert case.stage == Stage.ARRIVED
    names = set(Person.objects.filter(household=case.household).values_list("given_name", flat=True))
    assert names == {"Lina", "Omar"}
    tenancy = Tenancy.objects.get(dwelling=flat)
    assert tenancy.household_id == case.household_id  # the held flat is the household's home

    # The housing officer records the year-1 inspection with one deviation.
    officer = new_page()
    browser.log_in(officer, "hemsedal-housing")
    officer.goto(f"/bolig/husstander/{case.household_id}/")
    browser.assert_accessible(officer)
    officer.locator("main a", has_text="Record an inspection").click()
    officer.wait_for_url(re.compile(r"/tilsyn/ny/"))
    browser.assert_accessible(officer)
    officer.locator("#id_inspected_on").fill(timezone.localdate().isoformat())
    officer.locator("#id_year").select_option("1")
    for radio in officer.locator("input[type=radio][value=ok]").all():
        radio.check()
    officer.locator("input[name=item_wood_stove][value=follow_up]").check()
    officer.locator("input[name=guidance][value=wood_stove]").check()
    officer.locator("#id_dev0_item").select_option("wood_stove")
    officer.locator("#id_dev0_description").fill("Show how to light the stove safely")
    officer.locator("#id_dev0_owner").select_option(str(world.users["housing"].pk))
    officer.locator("#id_dev0_due_on").fill(days(14).isoformat())
    officer.locator("main form.lg-form button[type=submit]").click()
    officer.wait_for_url(re.compile(r"/bolig/tilsyn/\d+/$"))
    browser.assert_accessible(officer)
    inspection = Inspection.objects.get(tenancy=tenancy)
    assert inspection.year == 1 and inspection.results["wood_stove"] == "follow_up"
    (deviation,) = Deviation.objects.filter(inspection=inspection)
    assert deviation.owner == world.users["housing"] and deviation.done_on is None
