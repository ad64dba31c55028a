"""The administrator cannot act as anyone: no one else's password or key, a forced reset the user
completes through an e-mailed link, and every action in the audit log as the administrator's own."""

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.accounts import services
from lagrundt.accounts.models import Account, ApiToken
from lagrundt.accounts.two_factor import client_login
from lagrundt.routines.models import CountryListEntry
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fjellvann-og-granskog-2026"
ADMIN = "hemsedal-sysadmin"


@pytest.fixture
def admin_client(world, login):
    return login(world, "sysadmin")


def user_url(user, view="change"):
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


def change_form_data(user, **overrides):
    """What the change form posts for a user, with its memberships as they are."""
    memberships = list(user.memberships.all())
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(memberships):
        data.update(
            {
                f"memberships-{i}-id": str(m.pk),
                f"memberships-{i}-user": str(user.pk),
                f"memberships-{i}-unit": str(m.unit_id),
                f"memberships-{i}-sector": m.sector,
                f"memberships-{i}-role": m.role,
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def link_in(message) -> str:
    return re.search(r"https?://\S+/konto/nytt-passord/\S+/", message.body).group(0)


def make_key(user):
    return services.api_token_make(
        user=user,
        name="Skript",
        scope="read_write",
        days=90,
        actor=Actor(user=user),
        channel=AuditChannel.PAGE,
    )


# ---------------------------------------------------------------------------- no one else's password
def test_the_change_form_has_no_password_and_no_link_to_set_one(world, admin_client):
    user = world.users["integration"]
    page = admin_client.get(user_url(user)).content.decode()
    assert 'name="password' not in page
    assert user_url(user, "password_change") not in page
    assert "password/" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_password_change_view_for_another_user_is_refused(world, admin_client, method):
    user = world.users["integration"]
    url = f"/admin/auth/user/{user.pk}/password/"
    response = getattr(admin_client, method)(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code in (403, 404)
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_password_posted_in_the_change_form_is_ignored(world, admin_client):
    user = world.users["integration"]
    before = User.objects.get(pk=user.pk).password
    data = change_form_data(user, first_name="Endret", password=NEW_PASSWORD, password1=NEW_PASSWORD)
    response = admin_client.post(user_url(user), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = User.objects.get(pk=user.pk)
    assert after.first_name == "Endret"
    assert after.password == before


def test_a_new_user_gets_no_password_from_the_admin_but_a_link_by_e_mail(world, admin_client, client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "ny-saksbehandler",
            "first_name": "Nora",
            "last_name": "Ny",
            "email": "nora@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
        follow=True,
    )
    assert response.status_code == 200
    user = User.objects.get(username="ny-saksbehandler")
    assert not user.has_usable_password()
    assert user.account.must_change_password
    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    link = link_in(message)
    assert link.split("/konto/")[1] not in response.content.decode()  # never shown to the admin
    # the user chooses a password through the link, and logs in with it
    anonymous = Client()
    set_password_page = anonymous.get(link, follow=True)
    assert set_password_page.status_code == 200
    done = anonymous.post(
        set_password_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Account.objects.get(user=user).must_change_password
    # the admin's creation is audited as theirs
    created = AuditEntry.objects.get(action=AuditAction.CREATE, channel=AuditChannel.ADMIN)
    assert created.username == ADMIN and "ny-saksbehandler" in created.detail


def test_a_new_user_without_e_mail_logs_in_by_single_sign_on(world, admin_client):
    admin_client.post(reverse("admin:auth_user_add"), {"username": "sso-bruker", "first_name": "S"})
    user = User.objects.get(username="sso-bruker")
    assert not user.has_usable_password()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["integrering@example.org", ""])
def test_the_admin_cannot_turn_the_password_links_to_another_address(world, admin_client, email):
    user = world.users["integration"]
    user.email = email
    user.save()
    response = admin_client.post(user_url(user), change_form_data(user, email="admin@example.org"))
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).email == email


# ---------------------------------------------------------------------------- forced reset
def test_a_forced_reset_end_to_end(world, admin_client):
    user = world.users["integration"]
    user.email = "integrering@example.org"
    user.save()
    token, _key = make_key(user)
    working = client_login(Client(), user)
    assert working.get(reverse("home")).status_code == 200

    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "force_password_reset", "_selected_action": [str(user.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    # the old password, the session and the key stop working at once
    assert not User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert working.get(reverse("home")).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Account.objects.get(user=user).must_change_password
    # the link went to the user, and only to them
    (message,) = mail.outbox
    assert message.to == ["integrering@example.org"]
    link = link_in(message)
    assert link.split("/konto/")[1] not in response.content.decode()
    # the admin's act, in the audit log as theirs
    forced = AuditEntry.objects.get(action=AuditAction.CREDENTIAL, channel=AuditChannel.ADMIN)
    assert forced.username == ADMIN and "Forced a password reset" in forced.detail
    assert LogEntry.objects.filter(object_id=str(user.pk), user__username=ADMIN).exists()

    # the user completes it, in their own browser
    browser = Client()
    form = browser.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    assert (
        browser.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    account = Account.objects.get(user=user)
    assert not account.must_change_password and account.password_changed_at is not None
    chosen = AuditEntry.objects.get(
        action=AuditAction.CREDENTIAL, channel=AuditChannel.PAGE, detail__startswith="password changed"
    )
    assert chosen.username == user.username
    # the link works once
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False
    # and the user logs in with the new password
    assert (
        browser.post(reverse("login"), {"username": user.username, "password": NEW_PASSWORD}).status_code
        == 302
    )
    assert browser.session.get("_auth_user_id") == str(user.pk)


def test_a_forced_reset_needs_an_e_mail_address(world, admin_client):
    user = world.users["integration"]
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "force_password_reset", "_selected_action": [str(user.pk)]},
    )
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert mail.outbox == []


def test_deactivating_revokes_keys_and_is_audited(world, admin_client):
    user = world.users["integration"]
    token, _key = make_key(user)
    working = client_login(Client(), user)
    assert working.get(reverse("home")).status_code == 200
    admin_client.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [str(user.pk)]}
    )
    assert not User.objects.get(pk=user.pk).is_active
    assert working.get(reverse("home")).status_code == 302  # the session ended
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, channel=AuditChannel.ADMIN)
    assert entry.username == ADMIN and user.username in entry.detail


# ---------------------------------------------------------------------------- every admin action audited
def test_admin_changes_to_a_routine_list_and_a_user_are_audited_as_the_admins(world, admin_client):
    entry = CountryListEntry.objects.create(
        list="tb_high_incidence", country="ER", source="FHI", valid_from=dt.date(2025, 1, 1)
    )
    response = admin_client.post(
        reverse("admin:routines_countrylistentry_change", args=[entry.pk]),
        {"list": "tb_high_incidence", "country": "ER", "source": "FHI 2026", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = world.users["school"]
    admin_client.post(user_url(user), change_form_data(user, last_name="Nyttnavn"))
    entries = list(AuditEntry.objects.filter(channel=AuditChannel.ADMIN).order_by("pk"))
    assert [(e.username, e.action) for e in entries] == [
        (ADMIN, AuditAction.UPDATE),
        (ADMIN, AuditAction.UPDATE),
    ]
    assert "ER" in entries[0].detail and user.username in entries[1].detail
    # field names only, never the values
    assert "FHI 2026" not in entries[0].detail and "Nyttnavn" not in entries[1].detail


def test_deleting_a_selection_is_audited_per_object(world, admin_client):
    """Django logs a deleted selection in one bulk insert, which sends no signal."""
    for country in ("ER", "SO", "AF"):
        CountryListEntry.objects.create(
            list="tb_high_incidence", country=country, source="FHI", valid_from=dt.date(2025, 1, 1)
        )
    ids = [str(pk) for pk in CountryListEntry.objects.values_list("pk", flat=True)]
    response = admin_client.post(
        reverse("admin:routines_countrylistentry_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert CountryListEntry.objects.count() == 0
    deleted = AuditEntry.objects.filter(action=AuditAction.DELETE, channel=AuditChannel.ADMIN)
    assert deleted.count() == 3 and {e.username for e in deleted} == {ADMIN}


# ---------------------------------------------------------------------------- API keys in the admin
def test_the_admin_lists_keys_without_their_hash_and_cannot_make_or_change_one(world, admin_client):
    token, key = make_key(world.users["integration"])
    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert token.prefix in listing and "hemsedal-integration" in listing
    assert token.key_hash not in listing and key not in listing
    detail = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert token.key_hash not in detail and key not in detail
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    response = admin_client.post(reverse("admin:accounts_apitoken_change", args=[token.pk]), {"name": "Ny"})
    assert response.status_code == 403
    assert ApiToken.objects.get().name == "Skript"


def test_the_admin_revokes_a_key_audited_as_a_credential_change(world, admin_client, client):
    token, key = make_key(world.users["integration"])
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [str(token.pk)]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    entry = AuditEntry.objects.get(action=AuditAction.CREDENTIAL, channel=AuditChannel.ADMIN)
    assert entry.username == ADMIN and token.prefix in entry.detail


# ---------------------------------------------------------------------------- forgotten password
def test_a_forgotten_password_link_goes_only_to_the_address_given(world, client):
    user = world.users["health"]
    user.email = "helse@example.org"
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "HELSE@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["helse@example.org"]
    # an unknown address gets the same answer and no mail
    response = client.post(reverse("accounts:password_reset"), {"email": "ukjent@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 1


def test_no_link_for_a_user_who_logs_in_by_single_sign_on_only(world, client):
    user = world.users["health"]
    user.email = "helse@example.org"
    user.set_unusable_password()
    user.save()
    Account.objects.filter(user=user).update(must_change_password=False)
    client.post(reverse("accounts:password_reset"), {"email": "helse@example.org"})
    assert mail.outbox == []


def test_the_link_is_built_from_the_configured_address_not_the_host_header(world, client, settings):
    settings.BASE_URL = "https://lagrundt.example.org"
    user = world.users["health"]
    user.email = "helse@example.org"
    user.save()
    client.post(
        reverse("accounts:password_reset"), {"email": "helse@example.org"}, HTTP_HOST="evil.example.com"
    )
    assert link_in(mail.outbox[0]).startswith("https://lagrundt.example.org/konto/nytt-passord/")


def test_asking_for_links_is_throttled(world, client):
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": f"person{i}@example.org"}).status_code
        for i in range(7)
    ]
    assert answers == [302] * 5 + [429, 429]
    # and per address, from anywhere
    answers = [
        client.post(
            reverse("accounts:password_reset"), {"email": "samme@example.org"}, REMOTE_ADDR=f"10.1.0.{i}"
        ).status_code
        for i in range(4)
    ]
    assert answers == [302] * 3 + [429]


def test_the_throttle_forgets_after_an_hour(world, client, time_machine):
    for i in range(5):
        client.post(reverse("accounts:password_reset"), {"email": f"person{i}@example.org"})
    assert client.post(reverse("accounts:password_reset"), {"email": "x@example.org"}).status_code == 429
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=61))
    assert client.post(reverse("accounts:password_reset"), {"email": "x@example.org"}).status_code == 302
