"""Single sign-on against a real OpenID provider (panva's oidc-provider, started by the test): the full code
flow with PKCE, driven through the provider's own login and consent pages, then Lagrundt's callback.

Lagrundt runs in the test client (host ``testserver``); the provider is a node process on loopback, and
Lagrundt's backend talks to its token, user info and key endpoints over HTTP.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts import oidc_config
from lagrundt.accounts.models import Account

from .conftest import CALLBACK_PATH, sign_in_at_provider

pytestmark = pytest.mark.django_db

REDIRECT_URI = f"http://testserver{CALLBACK_PATH}"
KARI = {
    "password": "provider-password-1",
    "sub": "kari-subject-7f3a",
    "claims": {
        "email": "Kari.Integration@Hemsedal.Kommune.Example",
        "email_verified": True,
        "preferred_username": "kari.upn@hemsedal.kommune.example",
        "oid": "00000000-0000-0000-0000-00000000c0de",
        "name": "Kari Testesen",
    },
}
STRANGER = {
    "password": "provider-password-2",
    "sub": "stranger-subject",
    "claims": {"email": "stranger@elsewhere.example", "email_verified": True},
}


@pytest.fixture
def provider(start_provider, settings, world):
    running = start_provider([REDIRECT_URI], {"kari": KARI, "stranger": STRANGER})
    settings.LAGRUNDT_OIDC = running.settings()
    user = world.users["integration"]
    user.email = "kari.integration@hemsedal.kommune.example"
    user.save(update_fields=["email"])
    return running


@pytest.fixture
def signals():
    seen = {"in": [], "failed": []}

    def logged_in(sender, request, user, **kwargs):
        seen["in"].append(user.get_username())

    def failed(sender, credentials, request=None, **kwargs):
        seen["failed"].append(getattr(request, "lagrundt_login_name", ""))

    user_logged_in.connect(logged_in)
    user_login_failed.connect(failed)
    yield seen
    user_logged_in.disconnect(logged_in)
    user_login_failed.disconnect(failed)


def single_sign_on(client, login, password, next_url="/personer/"):
    """Start at Lagrundt, sign in at the provider, come back: Lagrundt's answer to the callback."""
    start = client.get(reverse("accounts:oidc_start") + f"?next={next_url}")
    assert start.status_code == 302, start
    browser = requests.Session()
    back = sign_in_at_provider(browser, start["Location"], login, password, REDIRECT_URI)
    assert isinstance(back, str), back.text[:500]
    parts = urlsplit(back)
    return client.get(parts.path + "?" + parts.query)


def test_the_full_code_flow_with_pkce_logs_in_the_matching_user_and_links_it(
    provider, client, signals, in_english
):
    user = get_user_model().objects.get(username="hemsedal-integration")
    start = client.get(reverse("accounts:oidc_start") + "?next=/personer/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(provider.issuer + "/")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"] and query["nonce"] and query["state"]
    assert query["redirect_uri"] == [REDIRECT_URI]

    browser = requests.Session()
    back = sign_in_at_provider(browser, start["Location"], "kari", KARI["password"], REDIRECT_URI)
    answer = client.get(urlsplit(back).path + "?" + urlsplit(back).query)
    assert answer.status_code == 302 and answer["Location"] == "/personer/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert signals["in"] == ["hemsedal-integration"] and not signals["failed"]

    account = Account.objects.get(user=user)
    assert (account.external_issuer, account.external_subject) == (provider.issuer, KARI["sub"])
    linked = AuditEntry.objects.filter(action=AuditAction.CREDENTIAL, user=user)
    assert [e.detail for e in linked] == ["Single sign-on: linked to the municipality account on first login"]
    # The identity provider did the second factor: the session reaches pages at once.
    assert client.get(reverse("people:person_list")).status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    # The login page offers the button now that single sign-on is set up.
    client.logout()
    page = client.get(reverse("login")).content.decode()
    assert 'id="single-sign-on"' in page and reverse("accounts:oidc_start") in page


def test_later_logins_match_on_issuer_and_subject_not_on_the_email(provider, client, world):
    user = world.users["integration"]
    assert single_sign_on(client, "kari", KARI["password"]).status_code == 302
    client.logout()
    user.email = "changed@hemsedal.kommune.example"
    user.save(update_fields=["email"])
    # Someone else now has the e-mail the provider gives: the link wins, not the claim.
    other = world.users["health"]
    other.email = KARI["claims"]["email"]
    other.save(update_fields=["email"])
    assert single_sign_on(client, "kari", KARI["password"]).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_nobody_matching_is_refused_with_a_page_and_nobody_is_made(provider, client, signals, in_english):
    users_before = get_user_model().objects.count()
    answer = single_sign_on(client, "stranger", STRANGER["password"])
    assert answer.status_code == 302 and answer["Location"] == reverse("accounts:oidc_refused")
    assert "_auth_user_id" not in client.session
    page = client.get(answer["Location"])
    assert page.status_code == 403
    assert "not linked to a user in Lagrundt" in page.content.decode()
    assert get_user_model().objects.count() == users_before
    assert not Account.objects.exclude(external_subject="").exists()
    assert signals["failed"] == ["stranger@elsewhere.example"] and not signals["in"]


@pytest.mark.parametrize(
    ("match_claim", "match_field", "value"),
    [
        ("preferred_username", "username", KARI["claims"]["preferred_username"]),
        ("oid", "username", KARI["claims"]["oid"]),
    ],
)
def test_another_claim_can_name_the_user(provider, client, world, settings, match_claim, match_field, value):
    settings.LAGRUNDT_OIDC = provider.settings(match_claim=match_claim, match_field=match_field)
    user = world.users["school"]
    user.username = value
    user.save(update_fields=["username"])
    assert single_sign_on(client, "kari", KARI["password"]).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_deactivated_user_is_refused(provider, client, world, in_english):
    user = world.users["integration"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    answer = single_sign_on(client, "kari", KARI["password"])
    assert answer["Location"] == reverse("accounts:oidc_refused")
    assert "deactivated" in client.get(answer["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_two_users_with_the_matching_email_are_refused(provider, client, world, in_english):
    other = world.users["health"]
    other.email = KARI["claims"]["email"].upper()
    other.save(update_fields=["email"])
    answer = single_sign_on(client, "kari", KARI["password"])
    assert "More than one user" in client.get(answer["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_linked_to_another_subject_is_not_taken_over_by_a_matching_claim(provider, client, world):
    user = world.users["integration"]
    Account.objects.update_or_create(
        user=user, defaults={"external_issuer": provider.issuer, "external_subject": "someone-else"}
    )
    answer = single_sign_on(client, "kari", KARI["password"])
    assert answer["Location"] == reverse("accounts:oidc_refused")
    assert "_auth_user_id" not in client.session


def test_a_too_weak_login_is_refused_when_a_level_is_required(start_provider, settings, world, client):
    weak = {**KARI, "acr": "idporten-loa-low"}
    strong = {**STRANGER, "acr": "idporten-loa-substantial", "claims": dict(KARI["claims"])}
    running = start_provider([REDIRECT_URI], {"weak": weak, "strong": strong})
    settings.LAGRUNDT_OIDC = running.settings(acr_values="idporten-loa-substantial idporten-loa-high")
    user = world.users["integration"]
    user.email = KARI["claims"]["email"]
    user.save(update_fields=["email"])
    assert single_sign_on(client, "weak", weak["password"])["Location"] == reverse("accounts:oidc_refused")
    assert "_auth_user_id" not in client.session
    assert single_sign_on(client, "strong", strong["password"])["Location"] == "/personer/"


def test_cancelling_at_the_provider_or_a_forged_callback_logs_nobody_in(provider, client, in_english):
    start = client.get(reverse("accounts:oidc_start"))
    browser = requests.Session()
    login_page = browser.get(start["Location"], timeout=10)
    cancel = login_page.url.rstrip("/") + "/abort"
    back = browser.get(cancel, allow_redirects=False, timeout=10)
    while back.status_code in (302, 303) and not back.headers["Location"].startswith(REDIRECT_URI):
        back = browser.get(back.headers["Location"], allow_redirects=False, timeout=10)
    parts = urlsplit(back.headers["Location"])
    assert "error=access_denied" in parts.query
    assert client.get(parts.path + "?" + parts.query)["Location"] == reverse("accounts:oidc_refused")
    forged = client.get(CALLBACK_PATH + "?code=made-up&state=made-up")
    assert forged["Location"] == reverse("accounts:oidc_refused")
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_at_the_provider_goes_no_further(provider, client):
    start = client.get(reverse("accounts:oidc_start"))
    browser = requests.Session()
    page = sign_in_at_provider(browser, start["Location"], "kari", "not-her-password", REDIRECT_URI)
    assert not isinstance(page, str) and "Wrong username or password" in page.text


def test_without_single_sign_on_its_addresses_lead_to_the_login_page(client, settings, in_english):
    settings.LAGRUNDT_OIDC = None
    for name in ("accounts:oidc_start", "accounts:oidc_callback", "accounts:oidc_refused"):
        assert client.get(reverse(name))["Location"] == reverse("login")
    assert 'id="single-sign-on"' not in client.get(reverse("login")).content.decode()


def test_an_unreachable_provider_gives_the_refusal_page_not_an_error(client, settings, in_english):
    settings.LAGRUNDT_OIDC = oidc_config.build(
        issuer="http://127.0.0.1:9", client_id="x", client_secret="y", require_https=False
    )
    answer = client.get(reverse("accounts:oidc_start"))
    assert answer["Location"] == reverse("accounts:oidc_refused")
    page = client.get(answer["Location"])
    assert page.status_code == 403 and "did not complete" in page.content.decode()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"issuer": "http://idp.example"}, "https"),
        ({"client_secret": ""}, "CLIENT_SECRET"),
        ({"match_field": "first_name"}, "MATCH_FIELD"),
        ({"scopes": "email"}, "openid"),
    ],
)
def test_a_wrong_setting_stops_the_start(options, message):
    values = {"issuer": "https://idp.example", "client_id": "x", "client_secret": "y", **options}
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_config.build(**values)
