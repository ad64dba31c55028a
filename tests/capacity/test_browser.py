"""The capacity page and the leaders' settlement card in a real browser, with axe on each page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.housing.models import Dwelling, Ownership
from lagrundt.people.models import SettlementCategory
from lagrundt.settlement.models import (
    CaseMember,
    MemberRole,
    Origin,
    Reply,
    SettlementCase,
    SettlementRequest,
)
from tests.browser import conftest as browser
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, log_in

# The browser tests' fixtures, used here from another folder.
chromium_browser = browser.chromium_browser
new_page = browser.new_page
world = browser.world

try:
    from playwright.sync_api import expect
except ImportError:  # the session fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


@pytest.fixture
def settlement_year(world):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        SettlementRequest.objects.create(
            municipality=world.hemsedal,
            year=year,
            requested=20,
            decided=15,
            decided_unaccompanied=2,
            decided_on=dt.date(year - 1, 11, 1) if year > today.year else dt.date(year, 1, 1),
            council_case_number=f"PS {year}/9",
        )
    case = SettlementCase.objects.create(
        municipality=world.hemsedal,
        name="Testfamilien",
        category=SettlementCategory.RESETTLEMENT_REFUGEE,
        origin=Origin.ABROAD,
        received_on=dt.date(today.year, 1, 1),
        reply=Reply.ACCEPTED,
        replied_on=dt.date(today.year, 1, 1),
        expected_arrival=dt.date(today.year, 12, 31),
        arrived_on=today,
    )
    for i in range(6):
        CaseMember.objects.create(
            case=case,
            given_name=f"Navn{i}",
            family_name="Testfamilien",
            birth_year=1990,
            role=MemberRole.REFERENCE if i == 0 else MemberRole.CHILD,
        )
    for i in range(3):
        Dwelling.objects.create(
            municipality=world.hemsedal,
            ownership=Ownership.MUNICIPAL,
            address=f"Vei {i}",
            rooms=3,
            bedrooms=1 + i,
            rent=Decimal(8000),
        )


def test_a_leader_reads_the_settlement_card_and_the_capacity_page(world, settlement_year, new_page):
    page = new_page()
    log_in(page, "hemsedal-leadership")
    page.goto("/planer/oversikt/")
    card = page.locator("main section", has=page.locator("h2", has_text="Hemsedal"))
    expect(card.first).to_contain_text("PS")
    expect(card.first.locator("svg").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Navn0")
    assert_accessible(page)
    page.goto("/bolig/kapasitet/")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main svg").first).to_be_visible()
    expect(page.locator("main table").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Vei 0")
    assert_accessible(page)
