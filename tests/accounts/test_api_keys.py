"""API keys: only a hash stored, expiry, revocation, read-only scope, the token endpoint and its throttle."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.accounts import services
from lagrundt.accounts.models import ApiToken, ApiTokenScope
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
# A user whose roles call for no second factor (it has none): a script's user.
SCRIPT_USER = "nobody"


def make_key(user, *, scope=ApiTokenScope.READ_WRITE, days=90):
    token, key = services.api_token_make(
        user=user,
        name="Test script",
        scope=scope,
        days=days,
        actor=Actor(user=user),
        channel=AuditChannel.PAGE,
    )
    return token, key


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def every_text_in_the_database() -> str:
    """Every text column of every table of ours, as one string."""
    parts = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [
                f.column
                for f in model._meta.local_fields
                if f.get_internal_type() in {"CharField", "TextField", "JSONField"}
            ]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            parts.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(parts)


def test_the_key_is_nowhere_in_the_database_only_its_hash(world, client):
    response = client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD, "name": "Lønn"})
    assert response.status_code == 200
    key = response.json()["token"]
    assert len(key) >= 43  # 32 random bytes
    token = ApiToken.objects.get()
    assert token.key_hash == services.hash_key(key) and token.prefix == key[:8]
    stored = every_text_in_the_database()
    assert key not in stored
    assert key[8:] not in stored  # not even the part after the prefix
    # and the key works
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 200


def test_the_old_clear_text_token_app_is_gone(world, login):
    assert not apps.is_installed("rest_framework.authtoken")
    client = login(world, "sysadmin")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert client.get("/admin/authtoken/token/").status_code == 404
    assert "authtoken_token" not in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_an_old_table_of_clear_text_keys():
    import importlib

    migration = importlib.import_module("lagrundt.accounts.migrations.0002_api_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', 1)")
    with connection.schema_editor() as editor:
        migration.drop_clear_text_keys(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()


def test_anonymous_gets_401_with_the_header_form_to_use(world, client):
    response = client.get("/api/v1/persons/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_key_is_401(world, client):
    response = client.get("/api/v1/persons/", **auth("x" * 43))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_key_expires(world, client, time_machine):
    _token, key = make_key(world.users["integration"], days=30)
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 200
    time_machine.move_to(timezone.now() + dt.timedelta(days=29, hours=23))
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 200
    time_machine.move_to(timezone.now() + dt.timedelta(hours=2))
    response = client.get("/api/v1/persons/", HTTP_ACCEPT_LANGUAGE="en", **auth(key))
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key has expired."


def test_a_key_must_expire_within_a_year(world, client):
    base = {"username": SCRIPT_USER, "password": PASSWORD}
    assert client.post(TOKEN_URL, {**base, "expires_in_days": 366}).status_code == 400
    assert client.post(TOKEN_URL, {**base, "expires_in_days": "99999999999999999999999"}).status_code == 400
    response = client.post(TOKEN_URL, {**base, "expires_in_days": 365})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=365)
    # without an expiry given: 90 days, never none
    client.post(TOKEN_URL, base)
    assert ApiToken.objects.order_by("-pk").first().expires_at - timezone.now() > dt.timedelta(days=89)
    with pytest.raises(ValueError):
        make_key(world.users["integration"], days=366)


def test_a_revoked_key_is_401(world, client):
    token, key = make_key(world.users["integration"])
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 200
    services.api_token_revoke(token)
    response = client.get("/api/v1/persons/", HTTP_ACCEPT_LANGUAGE="en", **auth(key))
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key is revoked."


def test_a_read_only_key_reads_but_changes_nothing(world, client):
    person = world.persons["adult"]
    _token, key = make_key(world.users["integration"], scope=ApiTokenScope.READ)
    assert client.get(f"/api/v1/persons/{person.pk}/", **auth(key)).status_code == 200
    response = client.patch(
        f"/api/v1/persons/{person.pk}/",
        {"given_name": "Endret"},
        content_type="application/json",
        **auth(key),
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.given_name == "Abeba"
    _write_token, write_key = make_key(world.users["integration"], scope=ApiTokenScope.READ_WRITE)
    response = client.patch(
        f"/api/v1/persons/{person.pk}/",
        {"given_name": "Endret"},
        content_type="application/json",
        **auth(write_key),
    )
    assert response.status_code == 200


def test_reads_with_a_key_are_logged_under_its_owner(world, client):
    _token, key = make_key(world.users["integration"])
    client.get(f"/api/v1/persons/{world.persons['adult'].pk}/", **auth(key))
    entries = AuditEntry.objects.filter(action=AuditAction.READ, channel=AuditChannel.API)
    assert entries.filter(section="identity").count() == 1  # and the national ID and family it shows
    assert set(entries.values_list("username", flat=True)) == {"hemsedal-integration"}


def test_last_used_is_written_at_most_once_a_minute(world, client, time_machine):
    token, key = make_key(world.users["integration"])
    assert token.last_used_at is None
    client.get("/api/v1/municipalities/", **auth(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=20))
    client.get("/api/v1/municipalities/", **auth(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61))
    client.get("/api/v1/municipalities/", **auth(key))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_deactivated_users_keys_are_revoked(world, client):
    user = world.users["integration"]
    token, key = make_key(user)
    user.is_active = False
    user.save()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 401


def test_a_password_change_revokes_the_keys(world, client):
    user = world.users["integration"]
    token, key = make_key(user)
    other_token, _ = make_key(world.users["health"])
    user.set_password("a-new-password-for-the-test")
    user.save()
    token.refresh_from_db()
    other_token.refresh_from_db()
    assert token.revoked_at is not None
    assert other_token.revoked_at is None
    assert client.get("/api/v1/persons/", **auth(key)).status_code == 401
    assert user.account.password_changed_at is not None


def test_a_rehash_of_the_same_password_revokes_nothing(world, settings):
    """Django re-hashes a password with a stronger hasher at login; that is no change."""
    user = world.users["integration"]
    token, _key = make_key(user)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = User.objects.get(pk=user.pk)
    old_hash = user.password
    assert user.check_password(PASSWORD)
    assert User.objects.get(pk=user.pk).password != old_hash  # re-hashed and saved
    token.refresh_from_db()
    assert token.revoked_at is None


# ---------------------------------------------------------------------------- the token endpoint
def authenticator_code(user) -> str:
    """The current code of the user's authenticator app (one is made if the user has none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def test_the_endpoint_makes_a_key_and_audits_it(world, client):
    code = authenticator_code(world.users["integration"])
    response = client.post(
        TOKEN_URL,
        {
            "username": "hemsedal-integration",
            "password": PASSWORD,
            "name": "Lønn",
            "scope": "read",
            "code": code,
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "name", "prefix", "scope", "parts", "expires_at"}
    assert body["scope"] == "read" and body["name"] == "Lønn"
    assert body["parts"] == []  # none asked for: every part
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditAction.CREDENTIAL)
    assert entry.channel == AuditChannel.API
    assert entry.username == "hemsedal-integration"
    assert body["prefix"] in entry.detail and body["token"] not in entry.detail


def test_the_endpoint_gives_read_and_write_keys_by_default_as_before(world, client):
    response = client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD})
    assert response.json()["scope"] == "read_write"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": SCRIPT_USER},
        {"username": SCRIPT_USER, "password": "wrong-password"},
        {"username": "nobody-at-all", "password": PASSWORD},
        {"username": SCRIPT_USER, "password": PASSWORD, "scope": "admin"},
        {"username": SCRIPT_USER, "password": PASSWORD, "expires_in_days": 0},
        {"username": SCRIPT_USER, "password": PASSWORD, "name": "x" * 101},
    ],
)
def test_bad_requests_make_no_key(world, client, data):
    response = client.post(TOKEN_URL, data)
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.CREDENTIAL).exists()


def test_a_deactivated_user_gets_no_key(world, client):
    user = world.users["nobody"]
    user.is_active = False
    user.save()
    response = client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_the_endpoint_is_throttled_per_address(world, client):
    answers = [
        client.post(TOKEN_URL, {"username": f"guess-{i}", "password": "wrong-password"}).status_code
        for i in range(7)
    ]
    assert answers[:5] == [400] * 5
    assert answers[5:] == [429, 429]
    response = client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert ApiToken.objects.count() == 0


def test_the_endpoint_is_throttled_per_user_name_from_any_address(world, client):
    answers = [
        client.post(
            TOKEN_URL, {"username": SCRIPT_USER, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(6)
    ]
    assert answers == [400] * 5 + [429]
    # another user name from another address is not held back
    User.objects.create_user("another-script", password=PASSWORD)
    response = client.post(
        TOKEN_URL, {"username": "another-script", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1"
    )
    assert response.status_code == 200


def test_the_throttle_lets_go_after_a_minute(world, client, time_machine):
    for i in range(5):
        client.post(TOKEN_URL, {"username": f"guess-{i}", "password": "wrong"})
    assert client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD}).status_code == 429
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61))
    assert client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD}).status_code == 200


def test_requests_without_credentials_are_not_counted(world, client):
    for _ in range(10):
        assert client.post(TOKEN_URL, {}).status_code == 400
    assert client.post(TOKEN_URL, {"username": SCRIPT_USER, "password": PASSWORD}).status_code == 200


def test_the_endpoint_is_in_the_schema_with_the_key_scheme(world, login):
    client = login(world, "integration")
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    assert "/api/v1/auth/token/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiKey"]["name"] == "Authorization"


# ---------------------------------------------------------------------------- the second factor
def test_a_user_who_must_show_a_second_factor_gets_no_key_with_the_password_alone(world, client):
    response = client.post(
        TOKEN_URL, {"username": "hemsedal-integration", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["code"] == ["Set up your second factor by logging in on the web page first."]
    authenticator_code(world.users["integration"])  # now the user has an authenticator app
    for code in ("", "000000"):
        response = client.post(
            TOKEN_URL, {"username": "hemsedal-integration", "password": PASSWORD, "code": code}
        )
        assert response.status_code == 400 and "code" in response.json()
    assert ApiToken.objects.count() == 0
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="hemsedal-integration")
    assert failed.filter(detail__contains="Second factor").count() == 1


def test_a_key_with_the_password_and_a_code_from_the_app(world, client):
    code = authenticator_code(world.users["integration"])
    response = client.post(
        TOKEN_URL, {"username": "hemsedal-integration", "password": PASSWORD, "code": code}
    )
    assert response.status_code == 200
    # the same code does not make a second key
    response = client.post(
        TOKEN_URL, {"username": "hemsedal-integration", "password": PASSWORD, "code": code}
    )
    assert response.status_code == 400
    assert ApiToken.objects.count() == 1


def test_a_made_up_forwarded_address_does_not_escape_the_throttle(world, client):
    answers = [
        client.post(
            TOKEN_URL, {"username": f"guess-{i}", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}"
        ).status_code
        for i in range(6)
    ]
    assert answers == [400] * 5 + [429]


def test_users_loaded_with_deferred_fields_are_still_watched(world, django_assert_max_num_queries):
    user = world.users["integration"]
    token, _key = make_key(user)
    with django_assert_max_num_queries(1):
        users = list(User.objects.only("username"))  # no query per user for the fields left out
    assert len(users) > 5
    light = User.objects.only("username").get(pk=user.pk)
    light.set_password("a-new-password-for-the-test")
    light.save()
    token.refresh_from_db()
    assert token.revoked_at is not None


# ---------------------------------------------------------------------------- keys scoped by part
def test_a_key_made_on_the_page_for_some_parts_reaches_only_those(world, login):
    client = login(world, "integration")
    form = {
        "name": "Lønn",
        "scope": "read",
        "days": "90",
        "password": PASSWORD,
        "parts": ["programme", "register"],
    }
    response = client.post(reverse("accounts:api_key_create"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Lønn")
    assert token.parts == ["register", "programme"]  # in the order of the list of parts
    assert token.covers("register") and token.covers("programme") and not token.covers("work")
    client.post(
        reverse("accounts:api_key_create"),
        {"name": "Alt", "scope": "read", "days": "90", "password": PASSWORD},
    )
    listing = client.get(reverse("accounts:api_keys"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Parts of the API<" in listing
    assert "Register: persons, households, settlements and moves, Introduction programme" in listing
    assert "All parts" in listing  # the key without parts
    assert "programme" not in listing.replace("Introduction programme", "")  # labels, never the keys
    entry = AuditEntry.objects.filter(action=AuditAction.CREDENTIAL).order_by("pk").first()
    assert "parts register programme" in entry.detail


def test_the_key_form_offers_every_part_with_its_label(world, login):
    client = login(world, "integration")
    page = client.get(reverse("accounts:api_key_create"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('type="checkbox" name="parts"') == 8
    assert "Archive outbox" in page and "Tick none for a key that reaches every part." in page


def test_an_unknown_part_is_refused_by_the_page_and_the_service(world, login):
    client = login(world, "integration")
    form = {"name": "X", "scope": "read", "days": "90", "password": PASSWORD, "parts": ["payroll"]}
    response = client.post(reverse("accounts:api_key_create"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValueError):
        make_key_with_parts(world.users["integration"], ["payroll"])
    assert not ApiToken.objects.exists()


def make_key_with_parts(user, parts):
    return services.api_token_make(
        user=user,
        name="P",
        scope="read",
        days=30,
        parts=parts,
        actor=Actor(user=user),
        channel=AuditChannel.PAGE,
    )


def test_a_key_without_parts_covers_every_part(world):
    token, _key = make_key_with_parts(world.users["integration"], [])
    assert token.parts == []
    assert all(token.covers(part) for part in ("register", "programme", "archive"))
