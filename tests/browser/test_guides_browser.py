"""In a real browser: the volunteer centre opens a family who consented, asks for suggested guides, pairs
the best one and logs a meeting; every page on the way is checked with axe-core (WCAG 2.1 A and AA)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.community.guides import services
from lagrundt.community.models import GuideMeeting, GuidePair, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Person

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
    """The shared world, with the Haile family speaking Tigrinya and two volunteers: one cleared for
    children, one not."""
    actor = Actor(world.users["volunteer"])
    today = timezone.localdate()
    Person.objects.filter(pk=world.persons["adult"].pk).update(languages=["ti"], address="Ulsåkvegen 2")
    hiking = Interest.objects.create(municipality=world.hemsedal, key="hiking", name="Hiking")
    base = {
        "municipality": world.hemsedal,
        "family_name": "Nordmann",
        "languages": ["ti"],
        "area": "Ulsåk",
        "interests": [hiking],
        "consent": True,
    }
    services.volunteer_save(
        actor=actor,
        data={
            **base,
            "given_name": "Kari",
            "children_birth_years": [today.year - 9],
            "works_with_children": True,
            "police_certificate_seen_on": today - dt.timedelta(days=20),
        },
    )
    services.volunteer_save(actor=actor, data={**base, "given_name": "Ola"})
    return world


def test_the_volunteer_centre_pairs_a_guide_with_a_family(live_world, new_page):
    family = live_world.persons["adult"].household
    page = new_page()
    log_in(page, "hemsedal-volunteer")

    page.goto("/frivillig/")
    expect(page.locator("main h1")).to_have_text("Volunteers")
    assert_accessible(page)

    page.goto(f"/frivillig/husstand/{family.pk}/")
    expect(page.locator("main h1")).to_have_text("Guide and buddy for the household")
    assert_accessible(page)
    page.locator("main a", has_text="Suggest a guide").click()
    page.wait_for_url(re.compile(r"/forslag/$"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)  # Ola has no police certificate: not suggested to a family with children
    expect(rows.first).to_contain_text("Nordmann, Kari")
    expect(rows.first).to_contain_text("Has children of similar ages")
    assert_accessible(page)

    rows.first.locator("a", has_text="Pair").click()
    page.wait_for_url(re.compile(r"/par/\d+/$"))
    assert_accessible(page)
    page.locator("#id_kind").select_option("guide")
    page.locator("#id_starts_on").fill((timezone.localdate() - dt.timedelta(days=7)).isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/frivillig/par/\d+/$"))
    expect(page.locator("main .ds-alert[role=status]")).to_contain_text("The pair was made.")
    assert_accessible(page)

    met = timezone.localdate() - dt.timedelta(days=1)
    page.locator("#id_held_on").fill(met.isoformat())
    page.locator("main form button[type=submit]", has_text="Log the meeting").click()
    expect(page.locator("main .ds-alert[role=status]")).to_contain_text("The meeting was logged.")
    expect(page.locator("main")).to_contain_text(met.strftime("%d.%m.%Y"))
    assert_accessible(page)

    pair = GuidePair.objects.get()
    assert pair.household_id == family.pk
    assert list(GuideMeeting.objects.values_list("held_on", flat=True)) == [met]


def test_the_volunteer_centres_other_pages_are_accessible(live_world, new_page):
    """The register's form with its errors, a volunteer, the person's guides, the pairs, the end of a
    pair and the statistics."""
    adult = live_world.persons["adult"]
    kari = Volunteer.objects.get(given_name="Kari")
    pair = services.pair_make(
        actor=Actor(live_world.users["volunteer"]), volunteer=kari, person=adult, data={}, children=True
    )
    page = new_page()
    log_in(page, "hemsedal-volunteer")

    page.goto("/frivillig/ny/")
    assert_accessible(page)
    page.locator("#id_given_name").fill("Per")
    page.locator("#id_family_name").fill("Hansen")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("A volunteer can only be registered with their consent.")
    assert_accessible(page)

    for url, heading in (
        (f"/frivillig/{kari.pk}/", "Nordmann, Kari"),
        (f"/frivillig/person/{adult.pk}/", "Guide and buddy"),
        ("/frivillig/par/", "Active pairs"),
        (f"/frivillig/par/{pair.pk}/avslutt/", "End the pair of Nordmann, Kari and Haile, Abeba"),
        ("/frivillig/statistikk/", "Volunteers and guides: statistics"),
    ):
        page.goto(url)
        expect(page.locator("main h1")).to_have_text(heading)
        assert_accessible(page)
