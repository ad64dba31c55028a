"""Logins, logouts, failed logins and lockouts are in the log, with the user name, and shown per user."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.tenancy.models import Membership, Sector
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _actions(**filters):
    entries = AuditEntry.objects.filter(**filters).order_by("pk")
    return list(entries.values_list("action", "username", "user_id"))


def test_a_login_and_a_logout_are_recorded_with_the_user(world, client):
    user = world.users["school"]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert _actions(channel=AuditChannel.LOGIN) == [
        (AuditAction.LOGIN, user.username, user.pk),
        (AuditAction.LOGOUT, user.username, user.pk),
    ]
    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert login.sector == Sector.SCHOOL and login.unit_name == "Hemsedal school"


def test_failed_logins_name_the_user_name_tried_on_every_path(world, client):
    for _ in range(3):
        client.post(reverse("login"), {"username": "hemsedal-nav", "password": "wrong"})
    client.post("/api/v1/auth/token/", {"username": "hemsedal-nav", "password": "wrong"})
    failed = _actions(action=AuditAction.LOGIN_FAILED)
    assert len(failed) >= 3 and {f[1:] for f in failed} == {("hemsedal-nav", None)}


def test_the_officer_sees_a_users_logins_failures_and_lockouts_on_their_page(world, client, login):
    nav = world.users["nav"]
    client.post(reverse("login"), {"username": nav.username, "password": "wrong"})
    client.post(reverse("login"), {"username": nav.username, "password": "wrong again"})
    client.post(reverse("login"), {"username": nav.username, "password": PASSWORD})
    client.post(reverse("logout"))
    record(Actor(user=None), action=AuditAction.LOCKED_OUT, channel=AuditChannel.LOGIN, username=nav.username)
    # Another account's failure is not this one's.
    client.post(reverse("login"), {"username": "hemsedal-integration", "password": "wrong"})
    officer = login(world, "dpo")
    response = officer.get(reverse("access:audit_user", args=[nav.pk]))
    assert response.status_code == 200
    shown = [r.entry.action for r in response.context["rows"]]
    assert sorted(shown) == sorted(
        [
            AuditAction.LOGIN_FAILED,
            AuditAction.LOGIN_FAILED,
            AuditAction.LOGIN,
            AuditAction.LOGOUT,
            AuditAction.LOCKED_OUT,
        ]
    )


def test_failed_logins_against_a_name_before_its_user_existed_are_shown(world, client, login):
    """The attempts were made against a user name no row matched; the account made later shows them."""
    for _ in range(2):
        client.post(reverse("login"), {"username": "hemsedal-newcomer", "password": "guess"})
    user = get_user_model().objects.create_user("hemsedal-newcomer", password=PASSWORD)
    unit = world.users["health"].memberships.get().unit
    Membership.objects.create(user=user, unit=unit, sector=Sector.HEALTH)
    officer = login(world, "dpo")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = officer.get(reverse("access:audit_user", args=[user.pk]))
    actions = [r.entry.action for r in response.context["rows"]]
    assert actions == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN_FAILED]
    assert "Failed login" in response.content.decode()
