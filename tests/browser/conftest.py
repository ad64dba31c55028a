"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per test. The pages are served by
``live_server`` (static files from the app static dirs); the database is the transactional test
database shared with the server thread.
"""

import contextlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run next to one
# unless told that it is safe (it is: the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "lagrundt-browser"
PASSWORD = "test-password-123"
# Playwright's own default. The live server answers in milliseconds, but the suite runs on both cores
# beside another worker's browser and CPU-bound tests, and a starved browser has missed 10 s (a form's
# answer in the finance story, about one full run in three).
TIMEOUT_MS = 30_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _unavailable(reason: str):
    """Without a browser the suite cannot say anything: fail in CI, skip on a developer machine."""
    message = f"Browser tests cannot run: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


# One Playwright and one Chromium per test process. Other folders borrow this fixture (the login and
# header tests import it), which pytest counts as another session fixture; a second Playwright in the
# same thread would refuse to start, so every borrower shares this one and the last to finish stops it.
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing; install Debian's package with `apt-get install chromium`.")
    if not AXE_JS.exists():
        _unavailable(f"{AXE_JS} is missing; run `npm ci` in the project directory.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed in the virtualenv.")
    if not _shared["users"]:
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if not _shared["users"]:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def new_page(chromium_browser, live_server, request):
    """Open a page in a new browser context (a separate user session) in the language of ``locale``.

    The browser's locale and the language cookie both follow ``locale``, as if the user had chosen
    the language with the switch (pages do not read Accept-Language).

    The stories run in English (the source language of the messages) unless they ask for another
    locale, so that their texts stay right when translations are added. Contexts are closed at the end
    of the test; on failure a screenshot of each page is saved in /tmp/lagrundt-browser/. An uncaught
    JavaScript error on any page fails the test.
    """
    contexts = []
    script_errors = []

    def _new_page(locale: str = "en-GB"):
        context = chromium_browser.new_context(
            base_url=live_server.url, locale=locale, timezone_id="Europe/Oslo", accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": locale[:2], "url": live_server.url}]
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: script_errors.append(f"{page.url}: {error}"))
        return page

    yield _new_page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, context in enumerate(contexts):
        if failed:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            for j, page in enumerate(context.pages):
                # A failing screenshot must not hide the real failure.
                with contextlib.suppress(Exception):
                    page.screenshot(
                        path=str(SCREENSHOT_DIR / f"{request.node.name}-{i}-{j}.png"), full_page=True
                    )
        context.close()
    if script_errors and not failed:
        pytest.fail("JavaScript errors on the pages:\n" + "\n".join(script_errors), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def world(transactional_db, live_server):
    """The synthetic world of tests/world.py, committed so that the live server thread sees it."""
    from tests.world import build_world

    return build_world()


# ---------------------------------------------------------------------------- helpers for the stories
_CHECKED_LOGIN_PAGES: set[str] = set()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and, where the user's roles need it, the second factor's page
    with a code from the user's authenticator app (one is set up for the user if it has none); land on
    the home page."""
    device = authenticator_for(username)
    page.goto("/logg-inn/")
    # The login page is the same for everyone: check it once per language rather than in every story.
    lang = page.locator("html").get_attribute("lang")
    if lang not in _CHECKED_LOGIN_PAGES:
        assert_accessible(page)
        _CHECKED_LOGIN_PAGES.add(lang)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/logg-inn/" not in url)
    if device is not None:
        assert urlsplit(page.url).path == "/konto/tofaktor/bekreft/", f"{username} was not asked for a code"
        if ("verify", lang) not in _CHECKED_LOGIN_PAGES:
            assert_accessible(page)
            _CHECKED_LOGIN_PAGES.add(("verify", lang))
        page.locator("#id_code").fill(app_code(device))
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/konto/tofaktor/" not in url)
    # Leaders land on the plan overview and the data protection officer on the log; everyone else at home.
    from django.urls import reverse

    landings = {"/", reverse("plans:dashboard"), reverse("access:audit_search")}
    assert urlsplit(page.url).path in landings, f"{username} did not land on a start page but on {page.url}"
    assert page.locator("main h1").count() == 1
    assert_accessible(page)


def authenticator_for(username: str):
    """The user's authenticator app, set up now if the user's roles need one and it has none; or None."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lagrundt.accounts import two_factor

    user = get_user_model().objects.get(username=username)
    device = two_factor.authenticator(user)
    if device is None and two_factor.needs_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True)
    return device


def app_code(device) -> str:
    """The code the user's app shows now; one step on if this step's code was used (a code works once)."""
    import time

    from django_otp.oath import hotp

    device.refresh_from_db()
    while True:
        now = (int(time.time()) - device.t0) // device.step
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and fail listing each violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }""",
        AXE_TAGS,
    )
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s), e.g. {', '.join(v['targets'])}]"
            for v in violations
        ]
        pytest.fail(f"Accessibility violations on {page.url}:\n" + "\n".join(lines), pytrace=False)
