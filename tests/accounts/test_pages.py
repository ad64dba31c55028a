"""The user's own account pages: API keys (made, shown once, revoked) and the password change."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.accounts.models import ApiToken
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fjellvann-og-granskog-2026"


def make_key_on_the_page(client, **data):
    form = {"name": "Lønnssystemet", "scope": "read", "days": "90", "password": PASSWORD, **data}
    return client.post(reverse("accounts:api_key_create"), form)


def test_a_key_is_shown_once_with_a_warning_and_then_never(world, login):
    client = login(world, "integration")
    response = make_key_on_the_page(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    page = response.content.decode()
    key = re.search(r'id="api-key" type="text" readonly value="([^"]+)"', page).group(1)
    assert key.startswith(token.prefix) and len(key) >= 43
    assert "shown this once" in page
    listing = client.get(reverse("accounts:api_keys")).content.decode()
    assert token.prefix in listing and "Lønnssystemet" in listing
    assert key not in listing
    # the key works, read-only as chosen
    assert client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.CREDENTIAL)
    assert (entry.username, entry.channel) == ("hemsedal-integration", AuditChannel.PAGE)


def test_the_list_shows_what_the_brief_asks(world, login):
    client = login(world, "integration")
    make_key_on_the_page(client, name="Skript A", scope="read_write", days="30")
    page = client.get(reverse("accounts:api_keys")).content.decode()
    for heading in ("Name", "Begins with", "Access", "Made", "Expires", "Last used"):
        assert f">{heading}<" in page
    assert "Read and write" in page  # a label, never the code


def test_making_a_key_asks_for_the_password_again(world, login):
    client = login(world, "integration")
    response = make_key_on_the_page(client, password="wrong-password")
    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    assert ApiToken.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.CREDENTIAL).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"name": ""},
        {"scope": "admin"},
        {"days": "400"},
        {"days": "99999999999999999999999"},
        {"name": "x" * 101},
    ],
)
def test_bad_input_is_a_message_and_no_key(world, login, bad):
    client = login(world, "integration")
    response = make_key_on_the_page(client, **bad)
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_revoking_ones_own_key(world, login):
    client = login(world, "integration")
    make_key_on_the_page(client)
    token = ApiToken.objects.get()
    response = client.post(reverse("accounts:api_key_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.CREDENTIAL, detail__contains="revoked").count() == 1


def test_another_users_key_cannot_be_revoked(world, login):
    client = login(world, "integration")
    make_key_on_the_page(client)
    token = ApiToken.objects.get()
    other = login(world, "health")
    assert other.post(reverse("accounts:api_key_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_changing_ones_password_keeps_the_session_revokes_the_keys_and_is_audited(world, login):
    client = login(world, "integration")
    make_key_on_the_page(client)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    assert client.get(reverse("home")).status_code == 200  # still logged in
    user = User.objects.get(username="hemsedal-integration")
    assert user.check_password(NEW_PASSWORD)
    assert user.account.password_changed_at is not None
    assert ApiToken.objects.get().revoked_at is not None
    entry = AuditEntry.objects.filter(action=AuditAction.CREDENTIAL, detail__startswith="password").get()
    assert (entry.username, entry.channel) == ("hemsedal-integration", AuditChannel.PAGE)
    assert NEW_PASSWORD not in entry.detail and "API keys revoked: 1" in entry.detail


def test_a_wrong_old_password_changes_nothing(world, login):
    client = login(world, "integration")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert User.objects.get(username="hemsedal-integration").check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=AuditAction.CREDENTIAL).exists()


def test_a_weak_new_password_is_refused(world, login):
    client = login(world, "integration")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert User.objects.get(username="hemsedal-integration").check_password(PASSWORD)


def test_the_account_page(world, login):
    client = login(world, "integration")
    page = client.get(reverse("accounts:account")).content.decode()
    assert "hemsedal-integration" in page
    assert reverse("accounts:password_change") in page and reverse("accounts:api_keys") in page


def test_the_user_changes_their_own_e_mail_address_with_the_password(world, login):
    client = login(world, "integration")
    response = client.post(reverse("accounts:email_change"), {"email": "ny@example.org", "password": "wrong"})
    assert response.status_code == 200 and "ds-error-summary" in response.content.decode()
    assert User.objects.get(username="hemsedal-integration").email == ""
    response = client.post(
        reverse("accounts:email_change"), {"email": "ny@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(username="hemsedal-integration").email == "ny@example.org"
    entry = AuditEntry.objects.get(action=AuditAction.CREDENTIAL)
    assert entry.username == "hemsedal-integration" and "ny@example.org" not in entry.detail


def test_a_bad_e_mail_address_is_a_message(world, login):
    client = login(world, "integration")
    response = client.post(
        reverse("accounts:email_change"), {"email": "not an address", "password": PASSWORD}
    )
    assert response.status_code == 200 and "ds-error-summary" in response.content.decode()
    assert User.objects.get(username="hemsedal-integration").email == ""
