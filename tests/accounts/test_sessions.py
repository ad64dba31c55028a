"""Sessions end after a while without requests and at the latest some hours after the login; a user who
must choose a new password is sent to do so first."""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from lagrundt.accounts import middleware
from lagrundt.accounts.models import Account
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fjellvann-og-granskog-2026"


def later(time_machine, **delta):
    time_machine.move_to(timezone.now() + dt.timedelta(**delta))


def is_logged_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_ends_after_30_minutes_without_a_request(world, login, time_machine, settings):
    assert settings.LAGRUNDT_SESSION_IDLE_MINUTES == 30
    client = login(world, "integration")
    assert client.get(reverse("home")).status_code == 200
    later(time_machine, minutes=31)
    response = client.get(reverse("people:person_list"))
    assert is_logged_out(response)
    assert "next=" in response["Location"]
    assert SESSION_KEY not in client.session
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You were logged out after 30 minutes without activity. Log in again to go on."]
    # and stays out
    assert is_logged_out(client.get(reverse("home")))


def test_requests_keep_a_session_alive(world, login, time_machine):
    client = login(world, "integration")
    for _ in range(6):  # three hours, a request every 29 minutes
        later(time_machine, minutes=29)
        assert client.get(reverse("home")).status_code == 200


def test_a_session_ends_10_hours_after_the_login_however_busy(world, login, time_machine, settings):
    assert settings.LAGRUNDT_SESSION_MAX_HOURS == 10
    client = login(world, "integration")
    for _ in range(29):  # 9 hours 40 minutes, a request every 20 minutes
        later(time_machine, minutes=20)
        assert client.get(reverse("home")).status_code == 200
    later(time_machine, minutes=21)
    response = client.get(reverse("home"))
    assert is_logged_out(response)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were logged out 10 hours after you logged in. Log in again to go on."
    ]


def test_the_idle_time_is_a_setting(world, login, time_machine, settings):
    settings.LAGRUNDT_SESSION_IDLE_MINUTES = 5
    client = login(world, "integration")
    later(time_machine, minutes=4)
    assert client.get(reverse("home")).status_code == 200
    later(time_machine, minutes=6)
    assert is_logged_out(client.get(reverse("home")))


def test_the_api_with_an_expired_session_answers_as_to_anyone(world, login, time_machine):
    client = login(world, "integration")
    assert client.get("/api/v1/persons/").status_code == 200
    later(time_machine, minutes=31)
    assert client.get("/api/v1/persons/").status_code in (401, 403)


def test_htmx_is_told_to_load_the_login_page_as_a_whole(world, login, time_machine):
    client = login(world, "integration")
    later(time_machine, minutes=31)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_reading_pages_writes_the_session_at_most_once_a_minute(world, login, time_machine):
    client = login(world, "integration")
    client.get(reverse("home"))
    key = client.session.session_key
    seen = Session.objects.get(session_key=key).get_decoded()[middleware.SEEN_AT]
    later(time_machine, seconds=20)
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).get_decoded()[middleware.SEEN_AT] == seen
    later(time_machine, seconds=50)
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).get_decoded()[middleware.SEEN_AT] > seen


def test_a_user_who_must_change_the_password_is_sent_to_do_so_first(world, client):
    user = world.users["nobody"]  # a local account with a password, and no second factor due
    Account.objects.create(user=user, must_change_password=True)
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    for url in (reverse("home"), reverse("accounts:api_keys"), reverse("people:person_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change"), (
            url
        )
    assert client.get("/api/v1/persons/").status_code == 403
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not Account.objects.get(user=user).must_change_password


def test_logging_out_is_open_to_a_user_who_must_change_the_password(world, client):
    user = world.users["nobody"]
    Account.objects.create(user=user, must_change_password=True)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] != reverse("accounts:password_change")
