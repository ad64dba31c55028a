"""In a real browser: an adviser registers Hemsedal's winter-season opening and proposes the top
candidate; every page on the way is checked with axe-core (WCAG 2.1 A and AA)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.work import services
from lagrundt.work.models import Opening, Placement
from lagrundt.work.synthetic import synthetic_org_number

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(world):
    """The shared world, with a hotel and three competence profiles."""
    actor = Actor(world.users["integration"])
    hotel = services.employer_create(
        actor=actor,
        data=dict(
            name="Vinterly Fjellhotell AS",
            kind="private",
            org_number=synthetic_org_number(3),
            industry="hospitality",
            municipality=world.hemsedal,
        ),
    )
    p = world.persons
    services.profile_save(actor=actor, person=p["adult"], data={"norwegian_oral": "B1"})
    services.experience_add(actor=actor, person=p["adult"], data={"occupation": "9112", "years": 3})
    services.profile_save(actor=actor, person=p["spouse"], data={"norwegian_oral": "A1"})
    services.experience_add(actor=actor, person=p["spouse"], data={"occupation": "9112", "years": 8})
    services.profile_save(actor=actor, person=p["gol_adult"], data={"norwegian_oral": "A2"})
    services.experience_add(actor=actor, person=p["gol_adult"], data={"occupation": "5120", "years": 2})
    world.hotel = hotel
    return world


def test_an_adviser_creates_an_opening_and_proposes_the_top_candidate(live_world, new_page):
    page = new_page()
    log_in(page, "hemsedal-integration")

    page.goto("/arbeid/")
    assert_accessible(page)
    page.locator("main a", has_text="New opening").first.click()
    page.wait_for_url(re.compile(r"/arbeid/stillinger/ny/$"))
    assert_accessible(page)
    page.locator("#choose-employer").select_option(label="Vinterly Fjellhotell AS (Hemsedal)")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"arbeidsgiver="))
    expect(page.locator("main h1")).to_have_text("New opening at Vinterly Fjellhotell AS")
    assert_accessible(page)

    start = timezone.localdate() + dt.timedelta(days=20)
    page.locator("#id_title").fill("Room attendant, winter season")
    page.locator("#id_kind").select_option("seasonal")
    page.locator("#id_occupation").fill("9112")
    page.locator("#id_hours_per_week").fill("30")
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill((start + dt.timedelta(days=120)).isoformat())
    page.locator("#id_oral_level").select_option("A2")
    page.locator("input[name=oral_is][value=required]").check()
    page.locator("#id_language_set_by").fill("The hotel's operations manager and the adviser")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/arbeid/stillinger/\d+/$"))
    expect(page.locator("main .ds-alert[role=status]")).to_be_visible()
    assert_accessible(page)

    # Abeba (cleaner, B1) is first; Dawit has eight years as a cleaner but A1, below the required A2.
    top = page.locator("ol.lg-matches > li").first
    expect(top.locator("h3")).to_contain_text("Abeba Haile")
    expect(top).to_contain_text("100 %")
    page.locator("summary", has_text="Excluded, and why").click()
    expect(page.locator("main")).to_contain_text("Dawit Haile: Needs A2 oral, has A1")
    assert_accessible(page)

    top.locator("button", has_text="Propose Abeba Haile").click()
    page.wait_for_url(re.compile(r"/arbeid/praksis/\d+/$"))
    expect(page.locator("main h1")).to_have_text("Abeba Haile at Vinterly Fjellhotell AS")
    expect(page.locator("main")).to_contain_text("Proposed")
    assert_accessible(page)

    opening = Opening.objects.get()
    placement = Placement.objects.get()
    assert (opening.kind, opening.occupation, opening.requirements.get().value) == ("seasonal", "9112", "A2")
    assert (placement.person, placement.opening, placement.state) == (
        live_world.persons["adult"],
        opening,
        "proposed",
    )


def test_the_pages_in_norwegian_are_accessible_too(live_world, new_page):
    page = new_page(locale="nb-NO")
    log_in(page, "hemsedal-nav")
    for path in (
        "/arbeid/kandidater/",
        f"/arbeid/personer/{live_world.persons['adult'].pk}/",
        "/arbeid/motet/",
    ):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "nb"
        assert_accessible(page)
