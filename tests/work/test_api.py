"""The work API: employers and openings read and written through the work services where the user
manages them, and the competence profiles (candidates) read through the access policy."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.models import AuditEntry
from lagrundt.work import services
from lagrundt.work.models import Employer, Opening
from lagrundt.work.synthetic import synthetic_org_number

pytestmark = pytest.mark.django_db
EMPLOYERS = "/api/v1/work/employers/"
OPENINGS = "/api/v1/work/openings/"
CANDIDATES = "/api/v1/work/candidates/"


@pytest.fixture(autouse=True)
def english(client):
    """Answers in English, the source language, so that the assertions read the labels as written."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # kept when the client logs out, unlike a cookie


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_employers_are_seen_where_the_user_works_with_work(world, employers, login, client):
    login(world, "integration")
    assert ids(client.get(EMPLOYERS)) == {employers["hotel"].pk, employers["care"].pk}
    detail = client.get(f"{EMPLOYERS}{employers['hotel'].pk}/").json()
    assert detail["kind_label"] == "Private business"
    assert detail["industry_label"]
    assert client.get(f"{EMPLOYERS}{employers['shop'].pk}/").status_code == 404
    client.logout()
    login(world, "health")
    assert ids(client.get(EMPLOYERS)) == set()
    assert client.get(f"{EMPLOYERS}{employers['hotel'].pk}/").status_code == 404


def test_an_employer_is_registered_and_changed_through_the_service(world, employers, login, client):
    login(world, "integration")
    body = dict(name="Skiheisen AS", kind="private", industry="ski_resort", municipality=world.hemsedal.pk)
    response = client.post(EMPLOYERS, body, content_type="application/json")
    assert response.status_code == 400
    assert "org_number" in response.json()
    assert not Employer.objects.filter(name="Skiheisen AS").exists()

    other = client.post(EMPLOYERS, {**body, "municipality": world.aal.pk}, content_type="application/json")
    assert other.status_code == 400
    assert "municipality" in other.json()

    created = client.post(
        EMPLOYERS, {**body, "org_number": synthetic_org_number(3)}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(f"{EMPLOYERS}{pk}/", {"active": False}, content_type="application/json")
    assert changed.status_code == 200
    assert Employer.objects.get(pk=pk).active is False


def test_who_does_not_manage_an_employer_cannot_change_it(world, employers, login, client):
    login(world, "health")
    url = f"{EMPLOYERS}{employers['hotel'].pk}/"
    assert client.patch(url, {"active": False}, content_type="application/json").status_code == 404
    assert Employer.objects.get(pk=employers["hotel"].pk).active is True


def test_an_opening_is_registered_with_its_requirements_and_bad_input_is_a_field_error(
    world, employers, login, client
):
    login(world, "integration")
    starts = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    body = {
        "employer": employers["hotel"].pk,
        "title": "Kjøkkenassistent",
        "kind": "work_practice",
        "occupation": "9412",
        "hours_per_week": "30.0",
        "starts_on": starts,
        "requirements": [{"kind": "norwegian_oral", "value": "A2", "required": True}],
    }
    refused = client.post(OPENINGS, body, content_type="application/json")
    assert refused.status_code == 400
    assert "language_set_by" in refused.json()
    assert not Opening.objects.filter(title="Kjøkkenassistent").exists()

    created = client.post(
        OPENINGS, {**body, "language_set_by": "Kjøkkensjefen"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["municipality"] == world.hemsedal.pk
    assert data["status"] == "open"
    assert data["requirements"] == [{"kind": "norwegian_oral", "value": "A2", "required": True}]

    url = f"{OPENINGS}{data['id']}/"
    filled = client.patch(url, {"status": "filled"}, content_type="application/json")
    assert filled.status_code == 200
    assert filled.json()["requirements"] == data["requirements"]  # left out, they stay
    assert Opening.objects.get(pk=data["id"]).status == "filled"

    # A partial change of the opening still takes each requirement whole.
    half = client.patch(url, {"requirements": [{"kind": "licence"}]}, content_type="application/json")
    assert half.status_code == 400
    assert half.json() == {"requirements.0.value": ["This field is required."]}, half.json()
    assert Opening.objects.get(pk=data["id"]).requirements.get().value == "A2"


def test_openings_page_by_cursor_and_sync_by_changed_since(
    world, employers, winter_opening, actor, login, client
):
    services.opening_update(actor=actor, opening=winter_opening, data={"positions": 2})
    second = services.opening_create(
        actor=actor,
        employer=employers["care"],
        data=dict(
            title="Assistent",
            kind="language_practice",
            occupation="5322",
            hours_per_week=20,
            starts_on=timezone.localdate(),
        ),
        requirements=[],
    )
    login(world, "integration")
    first = client.get(f"{OPENINGS}?page_size=1").json()
    assert len(first["results"]) == 1 and first["next"]
    rest = client.get(first["next"]).json()
    assert {first["results"][0]["id"], rest["results"][0]["id"]} == {winter_opening.pk, second.pk}
    since = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    assert client.get(OPENINGS, {"changed_since": since}).json()["results"] == []
    earlier = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    assert len(client.get(OPENINGS, {"changed_since": earlier}).json()["results"]) == 2


def test_candidates_are_read_through_the_policy_each_an_audited_read(world, actor, login, client):
    adult = world.persons["adult"]
    profile = services.profile_save(
        actor=actor, person=adult, data={"norwegian_oral": "A2", "licences": ["B"]}
    )
    login(world, "integration")
    response = client.get(CANDIDATES)
    assert ids(response) == {profile.pk}
    row = response.json()["results"][0]
    assert (row["person"], row["family_name"], row["licences"]) == (adult.pk, adult.family_name, ["B"])
    reads = AuditEntry.objects.filter(person=adult, action="read", channel="api")
    assert set(reads.values_list("section", flat=True)) == {"identity", "work"}
    assert client.get(f"{CANDIDATES}{profile.pk}/").status_code == 200

    client.logout()
    login(world, "health")
    assert ids(client.get(CANDIDATES)) == set()
    assert client.get(f"{CANDIDATES}{profile.pk}/").status_code == 404
