"""The officer's log of one person or user: 50 entries a page, filters by period, action, sector and
user kept across pages and in the export, a clear message for a wrong period, and labels, not codes."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.sections import Section

pytestmark = pytest.mark.django_db

HEALTH_READS = 70
SCHOOL_READS = 10


@pytest.fixture
def child_log(world):
    """A child read often by the health service (one a day, going back) and a few times by the school."""
    teen = world.persons["teen"]
    now = timezone.now()
    for i in range(HEALTH_READS):
        record(
            Actor(world.users["health"]),
            at=now - dt.timedelta(days=i, hours=1),
            person_id=teen.pk,
            municipality_id=teen.municipality_id,
            section=Section.HEALTH,
            action=AuditAction.READ,
            channel=AuditChannel.PAGE,
        )
    for i in range(SCHOOL_READS):
        record(
            Actor(world.users["school"]),
            at=now - dt.timedelta(days=i, hours=2),
            person_id=teen.pk,
            municipality_id=teen.municipality_id,
            section=Section.EDUCATION,
            action=AuditAction.READ,
            channel=AuditChannel.PAGE,
        )
    return teen


@pytest.fixture
def officer(world, login):
    client = login(world, "dpo")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _next_link(html: str) -> str | None:
    found = re.search(r'<a class="ds-link" href="([^"]+)">Next page</a>', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_long_log_comes_50_entries_a_page(world, officer, child_log):
    url = reverse("access:audit_person", args=[child_log.pk])
    first = officer.get(url)
    assert len(first.context["rows"]) == 50
    link = _next_link(first.content.decode())
    assert link and "side=2" in link
    second = officer.get(url + link)
    assert _next_link(second.content.decode()) is None
    shown = [r.entry.pk for r in first.context["rows"]] + [r.entry.pk for r in second.context["rows"]]
    assert len(shown) == len(set(shown))
    written = AuditEntry.objects.filter(person_id=child_log.pk, action=AuditAction.READ).exclude(
        user=world.users["dpo"]
    )
    assert set(written.values_list("pk", flat=True)) <= set(shown)
    assert written.count() == HEALTH_READS + SCHOOL_READS


def test_the_filters_narrow_the_log_and_are_kept_across_pages(world, officer, child_log):
    url = reverse("access:audit_person", args=[child_log.pk])
    school = officer.get(url, {"sektor": "school"})
    rows = school.context["rows"]
    assert len(rows) == SCHOOL_READS and {r.entry.sector for r in rows} == {"school"}
    html = school.content.decode()
    assert '<option value="school" selected>School</option>' in html
    assert "?sektor=school" in html  # the export takes the same filter

    # A period of ten days (both included): ten health reads, one a day.
    today = timezone.localdate()
    period = {"fra": (today - dt.timedelta(days=9)).isoformat(), "til": today.isoformat(), "sektor": "health"}
    response = officer.get(url, period)
    assert len(response.context["rows"]) == 10
    assert all(
        today - dt.timedelta(days=9) <= timezone.localtime(r.entry.at).date() <= today
        for r in response.context["rows"]
    )

    # The user filter, and paging that keeps it.
    by_user = officer.get(url, {"bruker": world.users["health"].username})
    assert len(by_user.context["rows"]) == 50
    assert {r.entry.username for r in by_user.context["rows"]} == {world.users["health"].username}
    link = _next_link(by_user.content.decode())
    assert link and "side=2" in link and f"bruker={world.users['health'].username}" in link
    rest = officer.get(url + link)
    assert len(rest.context["rows"]) == HEALTH_READS - 50

    none = officer.get(url, {"handling": AuditAction.UPDATE}).content.decode()
    assert "No entries match the filters." in none


def test_the_export_takes_the_pages_filters(world, officer, child_log):
    response = officer.get(reverse("access:audit_person_export", args=[child_log.pk]), {"sektor": "school"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert len(list(sheet.iter_rows())) - 1 == SCHOOL_READS


def test_a_period_that_ends_before_it_starts_says_so_and_keeps_what_was_typed(world, officer, child_log):
    url = reverse("access:audit_person", args=[child_log.pk])
    response = officer.get(url, {"fra": "2026-11-01", "til": "2026-10-01", "bruker": "hemsedal-he"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end of the period is before its start." in html
    assert 'value="2026-11-01"' in html and 'value="2026-10-01"' in html and 'value="hemsedal-he"' in html
    # The wrong end is left out; the rest still filters.
    assert {r.entry.username for r in response.context["rows"]} == {world.users["health"].username}
    bad_day = officer.get(url, {"fra": "2026-13-40"}).content.decode()
    assert "Enter a valid date." in bad_day and 'value="2026-13-40"' in bad_day


def test_one_users_log_filters_by_action_and_shows_no_user_filter(world, officer, login, child_log):
    nav = world.users["nav"]
    login(world, "nav")  # a login entry in the nav user's log
    officer = login(world, "dpo")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = officer.get(reverse("access:audit_user", args=[nav.pk]), {"handling": AuditAction.LOGIN})
    rows = response.context["rows"]
    assert rows and {r.entry.action for r in rows} == {AuditAction.LOGIN}
    assert 'name="bruker"' not in response.content.decode()


def test_the_log_shows_sector_and_role_labels_never_codes(world, officer, child_log):
    html = officer.get(reverse("access:audit_person", args=[child_log.pk])).content.decode()
    assert "(Health, employee)" in html and "(School, employee)" in html
    assert "(Data protection, employee)" in html  # the officer's own reads of the log
    assert not re.search(r"\((?:health|school|data_protection)\b", html)
