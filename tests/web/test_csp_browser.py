"""The Content Security Policy in a real browser: a case worker logs in and opens a representative set of
pages (home, persons, a person, tasks, the programme, the economy, the plans and their charts), with
htmx loading parts of pages, and Chromium reports no violation of the policy.

Each page's ``securitypolicyviolation`` events are collected by a script the browser runs before the
page's own (Playwright's init script, which the policy does not apply to), and Chromium's console
messages about the policy are collected too, with those about the Permissions-Policy header. The
headers themselves are checked one by one, on every URL, in ``test_headers.py``.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import conftest as browser
from tests.browser.conftest import TIMEOUT_MS, app_code, authenticator_for

# The browser tests' fixtures, used here from another folder: Chromium, pages on the live server, and the
# world committed so that the live server's thread sees it.
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

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || "page"}:${event.lineNumber}) ${event.sample || ""}`.trim()
  );
});
"""


@pytest.fixture
def content(world):
    """The rates (the economy's charts), the Hemsedal plan (the plans' charts) and a programme participant."""
    from lagrundt.access.audit import Actor
    from lagrundt.finance import services as finance_services
    from lagrundt.intro import services as intro_services
    from lagrundt.plans import registry
    from lagrundt.plans.profiles import PLAN_DIR, load_plan_file
    from lagrundt.plans.services import plan_load
    from tests.intro.records import ASSESSMENT

    finance_services.seed_from_facts()
    spec = load_plan_file(PLAN_DIR / "hemsedal.yaml", indicator_keys=set(registry.all_indicators()))
    plan, _ = plan_load(spec, municipality=world.hemsedal)
    today = timezone.localdate()
    intro_services.assessment_save(
        actor=Actor(world.users["integration"]),
        person=world.persons["adult"],
        data={
            **ASSESSMENT,
            "assessed_on": today - dt.timedelta(weeks=3),
            "career_guidance_on": today - dt.timedelta(weeks=2),
        },
        today=today,
    )
    return {"plan": plan}


class Violations:
    """The policy's complaints on every page a test opens, by address."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        page.context.add_init_script(COLLECT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                self.found.append(f"{page.url}: console: {message.text}")
                if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
                else None
            ),
        )

    def read(self) -> None:
        for violation in self.page.evaluate("() => window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {violation}")

    def open(self, path: str) -> None:
        """Open a page, let htmx load what it loads, and read the page's violations."""
        response = self.page.goto(path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert "'self'" in response.headers["content-security-policy"]
        self.read()


def test_no_page_breaks_the_content_security_policy(world, content, new_page):
    page = new_page()
    violations = Violations(page)

    # The login page and the second factor's page, as the case worker logs in.
    username = world.users["integration"].username
    device = authenticator_for(username)
    violations.open(reverse("login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-password-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/logg-inn/" not in url)
    violations.read()
    if device is not None:
        page.locator("#id_code").fill(app_code(device))
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/konto/tofaktor/" not in url)
    assert urlsplit(page.url).path == "/"
    violations.read()

    adult = world.persons["adult"]
    plan = content["plan"]
    for path in (
        reverse("home"),
        reverse("people:person_list"),
        reverse("people:person_detail", args=[adult.pk]),  # the timeline comes by htmx
        reverse("people:household_detail", args=[adult.household_id]),
        reverse("people:person_edit_identity", args=[adult.pk]),
        reverse("routines:task_list"),
        reverse("intro:participant_list"),
        reverse("intro:participant", args=[adult.pk]),
        reverse("intro:indicators"),  # a chart
        reverse("finance:overview"),  # charts
        reverse("finance:scenarios"),
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:indicators", args=[plan.pk]),  # charts
    ):
        violations.open(path)

    # htmx at work: the person list searches as the user types, and swaps the results in.
    violations.open(reverse("people:person_list"))
    with page.expect_response(lambda r: "/personer/" in r.url and r.request.headers.get("hx-request")):
        page.locator("input[type=search]").first.fill(adult.family_name[:3])
    expect(page.locator("main")).to_contain_text(adult.family_name)
    violations.read()
    # htmx keeps no copy of the page (names of persons) in the browser's session storage.
    assert page.evaluate("() => sessionStorage.getItem('htmx-history-cache')") is None
    # A form sent back with errors: the error summary takes the focus (a script from a static file).
    violations.open(reverse("people:person_edit_identity", args=[adult.pk]))
    page.locator("#id_given_name").fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    violations.read()

    assert not violations.found, "Content Security Policy violations:\n" + "\n".join(violations.found)


def test_the_check_sees_a_violation(world, new_page, live_server):
    """The collector is not blind: an inline script and an inline style on our page are reported."""
    page = new_page()
    violations = Violations(page)
    violations.open(reverse("login"))
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ran = true";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { color: red }";
            document.head.append(style);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    violations.read()
    assert page.evaluate("() => window.ran === undefined")
    assert any(re.search(r"script-src", v) for v in violations.found), violations.found
    assert any(re.search(r"style-src", v) for v in violations.found), violations.found
