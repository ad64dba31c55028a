"""In a real browser: a case worker registers a job opening of 37,5 hours a week, finding the occupation
by typing in the occupation box; what is missing is shown all at once on the first try, what was typed
stays, and the second try goes through. Every page is checked with axe-core."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.work import services
from lagrundt.work.models import Opening
from lagrundt.work.synthetic import synthetic_org_number

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

CLEANERS = "9112 – Cleaners and Helpers in Offices, Hotels and Other Establishments"


@pytest.fixture
def hotel(world):
    return services.employer_create(
        actor=Actor(world.users["integration"]),
        data=dict(
            name="Vinterly Fjellhotell AS",
            kind="private",
            org_number=synthetic_org_number(5),
            industry="hospitality",
            municipality=world.hemsedal,
        ),
    )


def test_a_case_worker_registers_a_full_time_opening_of_37_5_hours(world, hotel, new_page):
    page = new_page()
    log_in(page, "hemsedal-integration")
    page.goto(f"/arbeid/stillinger/ny/?arbeidsgiver={hotel.pk}")
    expect(page.locator("main h1")).to_have_text("New opening at Vinterly Fjellhotell AS")
    assert_accessible(page)

    # The occupation is a text box with the whole STYRK-08 list to choose from, not a long dropdown.
    box = page.locator("#id_occupation")
    assert box.evaluate("e => e.tagName") == "INPUT"
    assert box.get_attribute("list") == "styrk-occupations"
    assert page.locator("#styrk-occupations option").count() > 350
    box.press_sequentially("9112")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    # Whether the browser filled in its suggestion or kept the code, the box holds the cleaners' code.
    assert box.input_value() in ("9112", CLEANERS)
    box.fill(CLEANERS)  # what choosing the suggestion puts in the box

    start = timezone.localdate() + dt.timedelta(days=20)
    page.locator("#id_kind").select_option("temporary")
    page.locator("#id_hours_per_week").fill("37,5")
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill((start - dt.timedelta(days=1)).isoformat())
    page.locator("#id_oral_level").select_option("A2")
    # The field that a Norwegian level makes required says so before anyone tries.
    expect(page.locator("label[for=id_language_set_by]")).to_contain_text(
        "required when a Norwegian level is set"
    )
    page.locator("main form button[type=submit]").click()

    # First try: no title, no one who set the level, the end before the start: all three at once.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(3)
    expect(summary).to_contain_text("Write who set the language requirement")
    expect(summary).to_contain_text("The end cannot be before the start")
    assert_accessible(page)
    # What was typed stays as typed.
    expect(page.locator("#id_hours_per_week")).to_have_value("37,5")
    expect(page.locator("#id_occupation")).to_have_value(CLEANERS)
    assert not Opening.objects.exists()

    page.locator("#id_title").fill("Room attendant, full time")
    page.locator("#id_ends_on").fill((start + dt.timedelta(days=180)).isoformat())
    page.locator("#id_language_set_by").fill("The hotel's operations manager and the adviser")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/arbeid/stillinger/\d+/$"))
    expect(page.locator("main .ds-alert[role=status]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("37.5")
    assert_accessible(page)

    opening = Opening.objects.get()
    assert (opening.occupation, opening.hours_per_week) == ("9112", Decimal("37.5"))
