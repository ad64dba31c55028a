"""The data protection officer: her users are those of her municipalities' units, her reads of the log
are in the log, and her pages speak in labels."""

import pytest
from django.conf import settings
from django.urls import reverse

from lagrundt.access import selectors
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world, login):
    client = login(world, "dpo")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_officer_finds_only_the_users_of_her_municipalities(world, officer):
    """Hemsedal's officer serves Hemsedal and Gol: Ål's users are not hers to list or read."""
    response = officer.get(reverse("access:audit_search"), {"q": "integration"})
    assert [u.username for u in response.context["users"]] == ["hemsedal-integration"]
    aal = world.users["aal-integration"]
    assert officer.get(reverse("access:audit_user", args=[aal.pk])).status_code == 404
    assert officer.get(reverse("access:audit_user_export", args=[aal.pk])).status_code == 404
    nobody = world.users["nobody"]  # a user with no membership anywhere
    assert officer.get(reverse("access:audit_user", args=[nobody.pk])).status_code == 404
    assert officer.get(reverse("access:audit_user", args=[world.users["school"].pk])).status_code == 200


def test_users_in_scope_follow_the_units_municipalities(world):
    ids = {world.hemsedal.pk}
    assert world.users["aal-integration"] not in selectors.users_in_scope(ids)
    assert world.users["aal-integration"] in selectors.users_in_scope({world.hol.pk})
    assert not selectors.users_in_scope(set()).exists()


def test_each_read_of_a_log_is_itself_in_the_log(world, officer):
    dpo, adult, nav = world.users["dpo"], world.persons["adult"], world.users["nav"]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    officer.get(reverse("access:audit_person", args=[adult.pk]))
    officer.get(reverse("access:audit_person", args=[adult.pk]), {"side": 2})
    officer.get(reverse("access:audit_user", args=[nav.pk]))
    officer.get(reverse("access:audit_person_export", args=[adult.pk]))
    officer.get(reverse("access:audit_user_export", args=[nav.pk]))
    reads = list(
        AuditEntry.objects.filter(pk__gt=before, user=dpo)
        .filter(action__in=[AuditAction.LOG_READ, AuditAction.EXPORT])
        .order_by("pk")
        .values_list("action", "channel", "person_id", "subject_user_id")
    )
    assert reads == [
        (AuditAction.LOG_READ, AuditChannel.PAGE, adult.pk, None),
        (AuditAction.LOG_READ, AuditChannel.PAGE, adult.pk, None),
        (AuditAction.LOG_READ, AuditChannel.PAGE, None, nav.pk),
        (AuditAction.EXPORT, AuditChannel.EXPORT, adult.pk, None),
        (AuditAction.EXPORT, AuditChannel.EXPORT, None, nav.pk),
    ]
    # Who read whose log shows on the officer's own page, by the user's name.
    own = officer.get(reverse("access:audit_user", args=[dpo.pk])).content.decode()
    assert "Read the audit log" in own and f"user {nav.username}" in own


def test_the_pages_show_labels_never_codes(world, officer, login):
    adult = world.persons["adult"]
    login(world, "nav").get(reverse("people:person_detail", args=[adult.pk]))
    officer = login(world, "dpo")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = officer.get(reverse("access:audit_person", args=[adult.pk])).content.decode()
    assert "(Nav, employee)" in page and "(nav)" not in page
    assert "Identity" in page and ">identity<" not in page
    nav_page = officer.get(reverse("access:audit_user", args=[world.users["nav"].pk])).content.decode()
    assert "Logged in" in nav_page and ">login<" not in nav_page and "Identity" in nav_page
