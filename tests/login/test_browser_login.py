"""Logging in, end to end in a real browser: through the municipality's identity provider (a real OpenID
provider started by the test), and with a password and an authenticator app's code (set up on the page).

The browser fixtures are the stories' (tests/browser/conftest.py): Debian's Chromium through Playwright,
against pytest-django's live server, with axe-core checking each new page.
"""

import base64
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagrundt.accounts.models import Account
from tests.browser import conftest as browser
from tests.world import PASSWORD

from .conftest import CALLBACK_PATH

pytestmark = pytest.mark.browser

# The stories' fixtures, here too: the browser, a page per test, and the world committed for the server.
chromium_browser = browser.chromium_browser
new_page = browser.new_page
page = browser.page
world = browser.world
app_code = browser.app_code


def assert_accessible(tab) -> None:
    """The stories' axe-core check; axe is added by evaluating its source, as the pages' Content Security
    Policy refuses a script tag added to them."""
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.evaluate(browser.AXE_JS.read_text(encoding="utf-8") + "\n;0")
    browser.assert_accessible(tab)


def home_path(tab) -> str:
    return urlsplit(tab.url).path


def test_logging_in_with_the_municipality_account_lands_on_the_home_page(
    page, world, live_server, start_provider, settings
):
    account = {
        "password": "provider-password-3",
        "sub": "nurse-subject",
        "claims": {"email": "helse@hemsedal.kommune.example", "email_verified": True},
    }
    provider = start_provider([live_server.url + CALLBACK_PATH], {"sykepleier": account})
    settings.LAGRUNDT_OIDC = provider.settings(label="Hemsedal kommune")
    nurse = world.users["health"]
    nurse.email = account["claims"]["email"]
    nurse.save(update_fields=["email"])

    page.goto("/logg-inn/")
    assert_accessible(page)
    page.locator("#single-sign-on").click()
    page.wait_for_url(lambda url: url.startswith(provider.issuer))
    page.locator("#login").fill("sykepleier")
    page.locator("#password").fill(account["password"])
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]", has_text="Continue").click()  # the provider's consent page
    page.wait_for_url(lambda url: url.startswith(live_server.url) and CALLBACK_PATH not in url)
    assert home_path(page) == "/", page.url
    assert page.locator("main h1").count() == 1
    assert page.locator(".lg-user").inner_text() == nurse.get_full_name()
    assert_accessible(page)
    # No second factor was asked of the nurse here: the identity provider asks for its own.
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert Account.objects.get(user=nurse).external_subject == "nurse-subject"


def test_logging_in_with_a_password_and_an_authenticator_app(page, world):
    user = get_user_model().objects.get(username="hemsedal-health")

    # First login: the password, then the app is set up on the page (scan, or type the key).
    page.goto("/logg-inn/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/konto/tofaktor/" in url)
    assert home_path(page) == "/konto/tofaktor/"
    assert page.locator("svg.lg-qr").count() == 1
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    page.locator("#id_code").fill(f"{totp(key):06d}")
    page.locator("main form button[type=submit]").click()
    codes = page.locator("#recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    recovery_code = codes.nth(0).inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="continue").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")

    # Next login: the password, then the code the app shows now.
    page.locator("header form button[type=submit]", has_text="Log out").click()
    page.wait_for_url(lambda url: "/logg-inn/" in url)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/konto/tofaktor/bekreft/" in url)
    assert_accessible(page)
    right = app_code(TOTPDevice.objects.get(user=user))
    page.locator("#id_code").fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".ds-validation-message").inner_text() == "The code is not right. Try again."
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    page.locator("#id_code").fill(app_code(TOTPDevice.objects.get(user=user)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/konto/tofaktor/" not in url)
    assert home_path(page) == "/"

    # Without the phone: a recovery code, once.
    page.locator("header form button[type=submit]", has_text="Log out").click()
    page.wait_for_url(lambda url: "/logg-inn/" in url)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/konto/tofaktor/bekreft/" in url)
    page.locator("#id_code").fill(recovery_code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/konto/tofaktor/" not in url)
    assert home_path(page) == "/"
    assert "9 codes are left" in page.locator("main .ds-alert").first.inner_text()
