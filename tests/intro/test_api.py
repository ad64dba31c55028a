"""The programme's API: participants and their attendance, and the programme cases, read and written
through the same policy and services as the pages."""

import datetime as dt

import pytest

from lagrundt.access.models import AuditEntry
from lagrundt.intro import services
from lagrundt.intro.models import AttendanceDay, ProgrammeCase
from tests.conftest import OSLO

D = dt.date
pytestmark = pytest.mark.django_db
PARTICIPANTS = "/api/v1/programme/participants/"
CASES = "/api/v1/programme/cases/"


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    """Wednesday 4 November 2026: Monday to Wednesday of the week have come, Thursday and Friday not."""
    time_machine.move_to(dt.datetime(2026, 11, 4, 12, tzinfo=OSLO))


def api_entries(person, **filters):
    return AuditEntry.objects.filter(person=person, section="programme", channel="api", **filters)


def test_participants_are_listed_and_read_with_their_decisions_each_an_audited_read(
    world, granted, login, client
):
    login(world, "integration")
    response = client.get(PARTICIPANTS)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    row = rows[granted.pk]
    assert (row["family_name"], row["given_name"]) == ("Yusuf", "Amina")
    assert row["starts_on"] == "2026-03-02"
    assert row["status_label"]
    assert [d["kind"] for d in row["decisions"]] == ["programme"]
    assert row["decisions"][0]["kind_label"] == "Introduction programme granted"
    assert "grounds" not in row["decisions"][0]
    assert api_entries(granted, action="read").count() == 1

    detail = client.get(f"{PARTICIPANTS}{granted.pk}/")
    assert detail.status_code == 200
    assert detail.json()["last_day"] == row["last_day"]
    assert api_entries(granted, action="read").count() == 2


def test_who_may_not_read_the_programme_gets_an_empty_list_and_404(world, granted, login, client):
    login(world, "health")
    assert client.get(PARTICIPANTS).json()["results"] == []
    assert client.get(f"{PARTICIPANTS}{granted.pk}/").status_code == 404
    assert client.get(f"{PARTICIPANTS}{granted.pk}/attendance/").status_code == 404
    case = services.case_save(
        actor=_integration(world), person=granted, data={"permit_basis": "resettlement"}
    )
    assert client.get(f"{CASES}{case.pk}/").status_code == 404
    assert client.get(CASES).json()["results"] == []


def _integration(world):
    from lagrundt.access.audit import Actor

    return Actor(world.users["integration"])


def test_a_week_is_registered_audited_as_the_users_change_and_read_back(world, granted, login, client):
    login(world, "integration")
    body = {
        "week": "2026-11-04",
        "days": [
            {"day": "2026-11-02", "status": "present"},
            {"day": "2026-11-03", "status": "present", "unexcused_hours": "1.5"},
            {"day": "2026-11-04", "status": "self_certified"},
        ],
    }
    response = client.post(f"{PARTICIPANTS}{granted.pk}/attendance/", body, content_type="application/json")
    assert response.status_code == 200, response.content
    days = {d["day"]: d for d in response.json()["days"]}
    assert days["2026-11-03"]["status"] == "present"
    assert days["2026-11-03"]["unexcused_hours"] == "1.5"
    assert days["2026-11-05"]["registrable"] is False
    assert response.json()["absence"]["self_certifications"] == 1
    assert AttendanceDay.objects.filter(person=granted).count() == 3
    changes = api_entries(granted, action="create")
    assert changes.count() == 3
    assert set(changes.values_list("user", flat=True)) == {world.users["integration"].pk}

    read = client.get(f"{PARTICIPANTS}{granted.pk}/attendance/?week=2026-11-02")
    assert [d["status"] for d in read.json()["days"][:3]] == ["present", "present", "self_certified"]


def test_a_refused_week_is_a_400_by_day_and_nothing_is_saved(world, granted, login, client):
    login(world, "integration")
    url = f"{PARTICIPANTS}{granted.pk}/attendance/"
    future = {
        "week": "2026-11-02",
        "days": [{"day": "2026-11-02", "status": "present"}, {"day": "2026-11-05", "status": "present"}],
    }
    response = client.post(url, future, content_type="application/json")
    assert response.status_code == 400
    assert "2026-11-05" in response.json()
    bad = {"week": "2026-11-02", "days": [{"day": "2026-11-02", "status": "dancing"}]}
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["days.0.status"]
    assert client.get(f"{url}?week=not-a-day").status_code == 400
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_a_reader_who_may_not_write_cannot_register(world, granted, login, client):
    login(world, "nav")
    url = f"{PARTICIPANTS}{granted.pk}/attendance/"
    assert client.get(url).status_code == 200
    body = {"week": "2026-11-02", "days": [{"day": "2026-11-02", "status": "present"}]}
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert not AttendanceDay.objects.filter(person=granted).exists()


def test_a_case_is_changed_through_the_service_and_bad_input_is_a_field_error(world, granted, login, client):
    case = services.case_save(
        actor=_integration(world), person=granted, data={"permit_basis": "resettlement"}
    )
    login(world, "integration")
    url = f"{CASES}{case.pk}/"
    response = client.patch(url, {"permit_granted_on": "2027-01-01"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["permit_granted_on"] == ["The date cannot be in the future."]
    assert ProgrammeCase.objects.get(pk=case.pk).permit_granted_on is None

    before = AuditEntry.objects.filter(person=granted, section="programme", action="update").count()
    response = client.patch(url, {"permit_granted_on": "2025-12-01"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["permit_granted_on"] == "2025-12-01"
    assert response.json()["permit_basis_label"] == "Resettlement refugee (utlendingsloven § 35)"
    after = AuditEntry.objects.filter(person=granted, section="programme", action="update")
    assert after.count() == before + 1
    latest = after.order_by("-pk").first()
    assert (latest.user, latest.channel) == (world.users["integration"], "api")


def test_cases_page_by_cursor_and_sync_by_changed_since(world, granted, login, client):
    actor = _integration(world)
    services.case_save(actor=actor, person=granted, data={"permit_basis": "resettlement"})
    services.case_save(actor=actor, person=world.persons["adult"], data={"permit_basis": "asylum"})
    login(world, "integration")
    first = client.get(f"{CASES}?page_size=1").json()
    assert len(first["results"]) == 1 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]
    assert client.get(f"{CASES}?changed_since=2026-11-04T00:00:00%2B01:00").json()["results"]
    assert client.get(f"{CASES}?changed_since=2026-11-05T00:00:00%2B01:00").json()["results"] == []
    assert client.get(f"{CASES}?changed_since=yesterday").status_code == 400
