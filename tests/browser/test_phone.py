"""A phone is a first-class screen: at 390 × 844 the integration case worker goes from the home page to the
person list, a person's page and the person's form without the page scrolling sideways, the header takes
little of the screen, the menu folds behind one button and opens, and axe finds nothing. On a laptop
(1366 px) the menu is on one line, its themes in dropdowns. Tables scroll inside their own region."""

import re

import pytest

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll} px wide on a {width} px screen"


def _header_is_small(page) -> None:
    height = page.locator("header.lg-header").bounding_box()["height"]
    assert height < PHONE["height"] * 0.25, f"{page.url}: the header takes {height} of {PHONE['height']} px"


def _tables_scroll_in_their_region(page) -> None:
    """Every table sits in a wrapper; a wrapper that scrolls is a named, focusable region."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('main table.ds-table')].map((t) => {
            const wrap = t.parentElement;
            return {
                wrapped: wrap.classList.contains('lg-table-wrap'),
                scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
                tabindex: wrap.getAttribute('tabindex'),
                role: wrap.getAttribute('role'),
                named: !!(wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby')),
                overflow: getComputedStyle(wrap).overflowX,
            };
        })"""
    )
    for table in found:
        assert table["wrapped"] and table["overflow"] == "auto", (
            f"{page.url}: a table outside a scroll region"
        )
        if table["scrolls"]:
            assert (table["tabindex"], table["role"], table["named"]) == ("0", "region", True), table


def _tables_scroll_by_themselves(page) -> None:
    """Without JavaScript, no wrapper is made: a table on a phone scrolls by itself."""
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('main table.ds-table')].map((t) => getComputedStyle("
        "t.parentElement.classList.contains('lg-table-wrap') ? t.parentElement : t).overflowX)"
    )
    assert overflow and set(overflow) == {"auto"}, overflow


def _check_phone_page(page) -> None:
    _fits(page, PHONE["width"])
    _header_is_small(page)
    _tables_scroll_in_their_region(page)
    menu = page.locator("header nav[aria-label='Main menu']")
    # Folded: the menu's links are not shown until the button opens it.
    expect(menu.get_by_role("link", name="Persons", exact=True)).to_be_hidden()
    assert_accessible(page)


def _open_menu(page):
    toggle = page.locator("header summary", has_text="Menu")
    expect(toggle).to_be_visible()
    toggle.click()
    return page.locator("header nav[aria-label='Main menu']")


def test_a_case_worker_works_on_a_phone(world, new_page):
    person = world.persons["adult"]
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, world.users["integration"].username)

    # The home page: the menu opens over the page, the tools with it, and leads to the person list.
    page.goto("/")
    _check_phone_page(page)
    menu = _open_menu(page)
    expect(page.locator("header .lg-user")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    # A theme opens inside the menu; its links are within the screen.
    menu.locator("summary", has_text="Follow-up").click()
    housing = menu.get_by_role("link", name="Housing", exact=True)
    expect(housing).to_be_in_viewport()
    _fits(page, PHONE["width"])
    assert_accessible(page)
    persons = menu.get_by_role("link", name="Persons", exact=True)
    expect(persons).to_be_in_viewport()
    persons.click()

    # The person list.
    page.wait_for_url(re.compile(r"/personer/$"))
    expect(page.locator("main h1")).to_have_text("Persons")
    _check_phone_page(page)

    # A person's page: its cards stack, its facts fit.
    page.goto(f"/personer/{person.pk}/")
    expect(page.locator("main h1")).to_be_visible()
    _check_phone_page(page)
    boxes = [page.locator("main .ds-card").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"], "the person's cards do not stack"

    # A form: the person's identity. Escape closes the opened menu again.
    page.goto(f"/personer/{person.pk}/identitet/")
    expect(page.locator("main form")).to_be_visible()
    _check_phone_page(page)
    menu = _open_menu(page)
    expect(menu.get_by_role("link", name="Tasks", exact=True)).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Tasks", exact=True)).to_be_hidden()
    _fits(page, PHONE["width"])


def test_wide_tables_scroll_inside_their_region_on_a_phone(world, new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, world.users["integration"].username)
    for url in ("/personer/", "/okonomi/satser/"):
        page.goto(url)
        _fits(page, PHONE["width"])
        _tables_scroll_in_their_region(page)
        assert_accessible(page)

    # The rates table is wider than the phone: its right edge is shaded until it is scrolled to its end,
    # then its left edge; a keyboard user reaches it with Tab and scrolls it with the arrow keys.
    frame = page.locator("main .lg-scroll").filter(has=page.locator(".lg-table-wrap[role=region]")).first
    wrap = frame.locator(".lg-table-wrap")
    expect(frame).to_have_attribute("data-more", "right")
    wrap.focus()
    expect(wrap).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=wrap.element_handle())
    expect(frame).to_have_attribute("data-more", "left right")
    wrap.evaluate("(el) => el.scrollTo({left: el.scrollWidth})")
    expect(frame).to_have_attribute("data-more", "left")
    _fits(page, PHONE["width"])


def test_the_menu_is_one_line_on_a_laptop(world, new_page):
    page = new_page()
    page.set_viewport_size(LAPTOP)
    log_in(page, world.users["integration"].username)
    page.goto("/personer/")
    expect(page.locator("header summary", has_text="Menu")).to_be_hidden()
    items = page.locator("header nav[aria-label='Main menu'] .lg-menu__list > li")
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert items.count() >= 5 and len(tops) == 1, f"the menu's {items.count()} items are on lines {tops}"
    _fits(page, LAPTOP["width"])
    expect(page.get_by_role("link", name="Persons", exact=True)).to_have_attribute("aria-current", "page")

    # A theme is a dropdown: it opens, its link leads on, and it closes on Escape or a click elsewhere.
    menu = page.locator("header nav[aria-label='Main menu']")
    steering = menu.locator("summary", has_text="Plans and results")
    steering.click()
    economy = menu.get_by_role("link", name="Economy", exact=True)
    expect(economy).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(economy).to_be_hidden()
    follow_up = menu.locator("summary", has_text="Follow-up")
    follow_up.click()
    expect(menu.get_by_role("link", name="Housing", exact=True)).to_be_visible()
    steering.click()  # one dropdown at a time
    expect(menu.get_by_role("link", name="Housing", exact=True)).to_be_hidden()
    page.locator("main h1").click()
    expect(economy).to_be_hidden()
    steering.click()
    economy.click()
    page.wait_for_url(re.compile(r"/okonomi/$"))
    # The page's theme is marked, also on a page under the entry's own.
    current = page.locator("header summary.lg-menu__current")
    expect(current).to_have_text("Plans and results")
    page.goto("/okonomi/satser/")
    expect(current).to_have_text("Plans and results")
    _fits(page, LAPTOP["width"])


def test_without_javascript_the_menu_still_opens_and_tables_still_fit(
    world, new_page, chromium_browser, live_server
):
    """The menu is plain <details> and the tables' fallback is CSS: both work with JavaScript off."""
    page = new_page()
    log_in(page, world.users["integration"].username)
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
        viewport=PHONE,
    )
    try:
        plain = context.new_page()
        plain.set_default_timeout(TIMEOUT_MS)
        plain.goto("/personer/")
        assert plain.evaluate("() => window.htmx === undefined && !document.querySelector('.lg-scroll')")
        _fits(plain, PHONE["width"])
        _header_is_small(plain)
        persons = plain.locator("header nav").get_by_role("link", name="Persons", exact=True)
        expect(persons).to_be_hidden()
        _tables_scroll_by_themselves(plain)
        plain.locator("header summary", has_text="Menu").click()
        expect(persons).to_be_in_viewport()

        plain.set_viewport_size(LAPTOP)
        plain.goto("/")
        expect(plain.locator("header summary", has_text="Menu")).to_be_hidden()
        expect(plain.locator("header nav").get_by_role("link", name="Persons", exact=True)).to_be_visible()
        plain.locator("header summary", has_text="Plans and results").click()
        expect(plain.locator("header nav").get_by_role("link", name="Economy", exact=True)).to_be_visible()
    finally:
        context.close()
