"""The second factor for local accounts: who must show one, setting up an authenticator app, codes after the
password, recovery codes that work once, and the guard that keeps an unverified session to these pages."""

import base64
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts import two_factor
from tests.world import PASSWORD


def log_out_keeping_english(client):
    """The test client's logout forgets every cookie, the language too: keep the pages in English."""
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    client.logout()
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value


pytestmark = pytest.mark.django_db

NEED = {
    "integration",
    "health",
    "school",
    "kindergarten",
    "nav",
    "housing",
    "culture",
    "volunteer",
    "dpo",
    "sysadmin",
    "aal-integration",
}
DO_NOT_NEED = {"leadership", "nobody"}


def code_for(key_hex: str, steps_ahead: int = 0) -> str:
    device = TOTPDevice(key=key_hex)
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


def log_in_with_password(client, world, key):
    return client.post(reverse("login"), {"username": world.users[key].username, "password": PASSWORD})


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def credential_entries(user):
    return list(
        AuditEntry.objects.filter(action=AuditAction.CREDENTIAL, user=user).values_list("detail", flat=True)
    )


def test_who_must_show_a_second_factor(world):
    assert set(world.users) == NEED | DO_NOT_NEED
    for key, user in world.users.items():
        assert two_factor.needs_second_factor(user) == (key in NEED), key


def test_a_user_who_sees_persons_is_sent_to_set_up_an_app_after_the_password(world, client, in_english):
    answer = log_in_with_password(client, world, "health")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("accounts:two_factor_setup") + "?next=%2F"
    # Every page but the second factor's sends the session there, keeping where it was going.
    page = client.get(reverse("people:person_list") + "?q=ab")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two_factor_setup") + "?next=")
    htmx = client.get(reverse("people:person_list") + "?q=ab", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == page["Location"]
    api = client.get("/api/v1/persons/")
    assert api.status_code == 403
    setup = client.get(answer["Location"])
    assert setup.status_code == 200
    assert "Set up a second factor" in setup.content.decode()
    assert client.post(reverse("logout")).status_code == 302


def test_setting_up_an_app_shows_ten_recovery_codes_once_and_verifies_the_session(world, client, in_english):
    user = world.users["health"]
    log_in_with_password(client, world, "health")
    page = client.get(reverse("accounts:two_factor_setup") + "?next=/personer/")
    html = page.content.decode()
    assert re.search(r'<svg role="img"[^>]*class="lg-qr"', html)
    assert "<script" not in html.split("<main", 1)[1] and "data:" not in html
    key_hex = client.session[two_factor.PENDING_KEY]
    secret = page.context["secret"].replace(" ", "")
    assert base64.b32decode(secret) == bytes.fromhex(key_hex)
    # Reloading shows the same secret: the app the user already scanned stays right.
    assert client.get(reverse("accounts:two_factor_setup")).context["secret"] == page.context["secret"]

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000", "next": "/personer/"})
    if code_for(key_hex) != "000000":
        assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=user).exists()

    confirm = {"code": code_for(key_hex), "next": "/personer/"}
    done = client.post(reverse("accounts:two_factor_setup"), confirm)
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key_hex
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("people:person_list")).status_code == 200
    assert len(credential_entries(user)) == 1
    # The status page shows no code again.
    status = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "Recovery codes left" in status and not any(code in status for code in codes)


def test_a_code_from_the_app_logs_in_and_cannot_be_used_twice(world, client, in_english):
    user = world.users["nav"]
    device = with_app(user)
    answer = log_in_with_password(client, world, "nav")
    assert answer["Location"] == reverse("accounts:two_factor_verify") + "?next=%2F"
    assert client.get(reverse("people:person_list")).status_code == 302
    code = code_for(device.key)
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": code, "next": "/personer/"})
    assert ok.status_code == 302 and ok["Location"] == "/personer/"
    assert client.get(reverse("people:person_list")).status_code == 200

    log_out_keeping_english(client)
    log_in_with_password(client, world, "nav")
    replay = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert replay.status_code == 200 and "The code is not right" in replay.content.decode()
    assert client.get(reverse("people:person_list")).status_code == 302


def test_a_wrong_code_is_audited_and_slows_the_next_try(world, client, in_english, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    user = world.users["nav"]
    device = with_app(user)
    log_in_with_password(client, world, "nav")
    wrong = "999999" if code_for(device.key) != "999999" else "888888"
    first = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert "The code is not right" in first.content.decode()
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, user=user)
    assert failed.count() == 1
    # At once again, even the right code waits: django-otp doubles the wait after each wrong code.
    second = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device.key)})
    assert "Too many wrong codes" in second.content.decode()
    assert client.get(reverse("people:person_list")).status_code == 302
    time_machine.shift(2)
    third = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device.key), "next": "/"})
    assert third.status_code == 302 and third["Location"] == "/"


def test_a_recovery_code_works_once_and_is_audited(world, client, in_english):
    user = world.users["school"]
    _device, codes = two_factor.enrol(Actor(user=user), user, TOTPDevice().key, 0)
    log_in_with_password(client, world, "school")
    typed = two_factor.shown_code(codes[3]).upper()  # as printed, in capitals: the same code
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": typed, "next": "/"}, follow=True)
    assert ok.redirect_chain[0] == ("/", 302)
    assert "You logged in with a recovery code. 9 codes are left" in ok.content.decode()
    assert any("recovery code was used, 9 left" in detail for detail in credential_entries(user))

    log_out_keeping_english(client)
    log_in_with_password(client, world, "school")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": typed})
    assert again.status_code == 200 and "The code is not right" in again.content.decode()
    assert client.get(reverse("people:person_list")).status_code == 302


def test_the_password_alone_cannot_replace_the_app_or_make_recovery_codes(world, client):
    user = world.users["integration"]
    device = with_app(user)
    log_in_with_password(client, world, "integration")
    setup = client.get(reverse("accounts:two_factor_setup") + "?ny=1")
    assert setup.status_code == 302 and setup["Location"].startswith(reverse("accounts:two_factor_verify"))
    attacker_key = TOTPDevice().key
    session = client.session
    session[two_factor.PENDING_KEY] = attacker_key
    session.save()
    post = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(attacker_key), "ny": "1"})
    assert post.status_code == 302 and post["Location"].startswith(reverse("accounts:two_factor_verify"))
    codes = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert codes.status_code == 302 and codes["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert not credential_entries(user)


def test_new_recovery_codes_replace_the_old_ones(world, login):
    user = world.users["housing"]
    _device, old = two_factor.enrol(Actor(user=user), user, TOTPDevice().key, 0)
    client = login(world, "housing")
    answer = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert answer.status_code == 200
    new = [code.replace("-", "") for code in answer.context["codes"]]
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)
    assert len(credential_entries(user)) == 2


def test_the_login_fixture_shows_the_second_factor_where_it_is_needed(world, login):
    client = login(world, "dpo")
    assert client.get(reverse("access:audit_search")).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY]
    login(world, "leadership")
    assert not TOTPDevice.objects.filter(user=world.users["leadership"]).exists()


def test_a_single_sign_on_session_counts_as_verified(world, client):
    user = world.users["integration"]
    with_app(user)
    client.force_login(user, backend=two_factor.SINGLE_SIGN_ON_BACKEND)
    assert client.get(reverse("people:person_list")).status_code == 200
    log_out_keeping_english(client)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("people:person_list")).status_code == 302


def test_optional_second_factor_asks_only_who_set_one_up(world, client, in_english, settings):
    settings.LAGRUNDT_SECOND_FACTOR = "optional"
    assert "This is a demo" in client.get(reverse("login")).content.decode()
    answer = log_in_with_password(client, world, "health")
    assert answer["Location"] == "/"
    assert client.get(reverse("people:person_list")).status_code == 200
    log_out_keeping_english(client)
    with_app(world.users["nav"])
    answer = log_in_with_password(client, world, "nav")
    assert answer["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_required_second_factor_says_nothing_of_a_demo(client, in_english):
    assert "This is a demo" not in client.get(reverse("login")).content.decode()


def test_the_administration_shows_no_secret_and_adds_no_second_factor(world, login):
    user = world.users["nav"]
    _device, codes = two_factor.enrol(Actor(user=user), user, TOTPDevice().key, 0)
    device = TOTPDevice.objects.get(user=user)
    client = login(world, "sysadmin")
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert base64.b32encode(device.bin_key).decode() not in change.content.decode()
    recovery = user.staticdevice_set.get()
    static = client.get(reverse("admin:otp_static_staticdevice_change", args=[recovery.pk]))
    assert static.status_code == 200 and not any(code in static.content.decode() for code in codes)
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    # Deleting it is how a lost phone is handled: the user sets up a new app at the next login.
    delete = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert delete.status_code == 302 and not TOTPDevice.objects.filter(user=user).exists()
