"""The API's core: cursor pagination, ``?changed_since=``, keys scoped by part, and the one error shape."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel, AuditEntry
from lagrundt.accounts import services
from lagrundt.accounts.models import ApiTokenScope
from lagrundt.api.errors import error_body
from lagrundt.api.pagination import encode_cursor
from lagrundt.people.models import Person
from tests.api.conftest import authenticator_code
from tests.world import PASSWORD, make_person

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/persons/"


def key_for(user, *, scope=ApiTokenScope.READ_WRITE, parts=()):
    _token, key = services.api_token_make(
        user=user,
        name="Test",
        scope=scope,
        days=30,
        parts=parts,
        actor=Actor(user=user),
        channel=AuditChannel.API,
    )
    return {"HTTP_AUTHORIZATION": f"Token {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def walk(client, url, auth, **params):
    """Every page of a list, following ``next``: the rows and the number of pages."""
    rows, pages = [], 0
    response = client.get(url, params, **auth)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows.extend(body["results"])
        pages += 1
        if body["next"] is None:
            return rows, pages
        response = client.get(body["next"], **auth)


def test_a_cursor_walk_sees_each_row_once_while_rows_are_written_between_pages(world, client):
    auth = key_for(world.users["integration"])
    before = [row["id"] for row in client.get(PERSONS, {"page_size": 500}, **auth).json()["results"]]
    assert len(before) >= 5
    seen, added = [], []
    response = client.get(PERSONS, {"page_size": 2}, **auth)
    while True:
        body = response.json()
        seen.extend(row["id"] for row in body["results"])
        # A person registered while the client pages: after every page walked so far.
        # Born on a day no person of the world is (their birth dates follow the clock), so no ID is taken.
        born = dt.date(1991, 3, 14)
        new = make_person(world.hemsedal, "Ny", f"Person{len(added)}", born, serial=40 + 20 * len(added))
        added.append(new.pk)
        if body["next"] is None or len(added) > 20:
            break
        response = client.get(body["next"], **auth)
    assert len(seen) == len(set(seen)), "a row came twice"
    assert set(before) <= set(seen), "a row was skipped"
    # Every person registered during the walk but the last (made after the last page) is seen, once.
    assert set(added[:-1]) <= set(seen)


def test_a_person_changed_during_the_walk_comes_again_changed_at_the_end(world, client):
    auth = key_for(world.users["integration"])
    first = client.get(PERSONS, {"page_size": 2}, **auth).json()
    changed = Person.objects.get(pk=first["results"][0]["id"])
    changed.phone = "+47 400 00 009"
    changed.save()
    rest, _pages = walk(client, first["next"], auth)
    assert [row["phone"] for row in rest if row["id"] == changed.pk] == ["+47 400 00 009"]
    assert rest[-1]["id"] == changed.pk  # ordered by the time of change


def test_the_list_is_ordered_by_change_and_says_when(world, client):
    auth = key_for(world.users["integration"])
    rows, pages = walk(client, PERSONS, auth, page_size=3)
    assert pages >= 2
    moments = [(row["updated_at"], row["id"]) for row in rows]
    assert moments == sorted(moments)


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", encode_cursor(["2026-11-04T08:00:00+00:00"]), encode_cursor(["yesterday", 1]), "%%%"],
)
def test_a_bad_cursor_is_a_structured_400(world, client, cursor):
    response = client.get(PERSONS, {"cursor": cursor}, **key_for(world.users["integration"]))
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
    assert response.json()["cursor"] == ["The cursor is not valid: start again without one."]


def test_changed_since_returns_only_what_changed(world, client, time_machine):
    auth = key_for(world.users["integration"])
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1))
    since = timezone.now()
    time_machine.move_to(since + dt.timedelta(minutes=5))
    person = world.persons["spouse"]
    person.phone = "+47 400 00 010"
    person.save()
    settlement = world.persons["teen"].settlement
    settlement.imdi_reference = "IMDI-2026-0100"
    settlement.save()
    persons, _ = walk(client, PERSONS, auth, changed_since=since.isoformat())
    assert [row["id"] for row in persons] == [person.pk]
    settlements, _ = walk(client, "/api/v1/settlements/", auth, changed_since=since.isoformat())
    assert [row["id"] for row in settlements] == [settlement.pk]
    everyone, _ = walk(client, PERSONS, auth)
    assert len(everyone) > 1


def test_changed_since_reads_are_audited_like_any_list(world, client):
    auth = key_for(world.users["integration"])
    before = AuditEntry.objects.count()
    rows, _ = walk(client, PERSONS, auth, changed_since="2020-01-01T00:00:00Z", page_size=2)
    assert rows
    assert AuditEntry.objects.count() > before


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01T00:00:00", "1", "0001-01-01", "9999-12-31T23:59:59"]
)
def test_a_bad_changed_since_is_a_structured_400(world, client, value):
    response = client.get(PERSONS, {"changed_since": value}, **key_for(world.users["integration"]))
    assert response.status_code == 400
    assert list(response.json()) == ["changed_since"]


def test_a_key_limited_to_the_programme_cannot_read_persons(world, client):
    user = world.users["integration"]
    programme = key_for(user, parts=["programme"])
    response = client.get(PERSONS, **programme)
    assert response.status_code == 403
    assert response.json() == {"detail": "The API key does not cover this part of the API."}
    assert client.get(PERSONS, **key_for(user, parts=["register"])).status_code == 200
    assert client.get(PERSONS, **key_for(user, parts=["register", "work"])).status_code == 200
    assert client.get(PERSONS, **key_for(user)).status_code == 200  # no parts: every part


def test_a_read_only_key_cannot_post(world, client):
    auth = key_for(world.users["integration"], scope=ApiTokenScope.READ)
    response = client.post(
        "/api/v1/households/",
        {"name": "Haddad", "municipality": world.hemsedal.pk},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "The API key is read-only."}
    assert client.get(PERSONS, **auth).status_code == 200


def test_a_revoked_key_is_a_structured_401(world, client):
    user = world.users["integration"]
    token, key = services.api_token_make(
        user=user, name="Gone", scope="read", days=30, actor=Actor(user=user), channel=AuditChannel.API
    )
    services.api_token_revoke(token)
    response = client.get(PERSONS, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "The API key is revoked."}


def test_the_token_endpoint_makes_a_key_for_some_parts(world, client):
    cache.clear()  # the endpoint's throttles count in the cache
    user = world.users["integration"]
    data = {"username": user.username, "password": PASSWORD, "code": authenticator_code(user)}
    refused = client.post(
        "/api/v1/auth/token/", {**data, "parts": ["payroll"]}, content_type="application/json"
    )
    assert refused.status_code == 400 and list(refused.json()) == ["parts.0"]
    made = client.post(
        "/api/v1/auth/token/", {**data, "parts": ["programme"]}, content_type="application/json"
    )
    assert made.status_code == 200, made.content
    assert made.json()["parts"] == ["programme"]
    key = {"HTTP_AUTHORIZATION": f"Token {made.json()['token']}"}
    assert client.get(PERSONS, **key).status_code == 403


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/persons/999999999/", 404),
        ("get", "/api/v1/persons/not-a-number/", 404),
        ("get", "/api/v1/no-such-list/", 404),
        ("delete", "/api/v1/persons/{adult}/", 405),
        ("put", "/api/v1/households/", 405),
    ],
)
def test_every_refusal_is_a_detail(world, client, method, url, status):
    response = getattr(client, method)(
        url.format(adult=world.persons["adult"].pk), **key_for(world.users["integration"])
    )
    assert response.status_code == status
    body = response.json()
    assert list(body) == ["detail"] and isinstance(body["detail"], str)


def test_an_address_that_names_nothing_asks_for_a_key_first(world, client):
    response = client.get("/api/v1/no-such-list/")
    assert response.status_code == 401
    assert list(response.json()) == ["detail"]


def test_a_bad_body_is_messages_by_field(world, client):
    response = client.post(
        PERSONS,
        {"given_name": "", "languages": ["ar", "klingon"], "municipality": world.hemsedal.pk},
        content_type="application/json",
        **key_for(world.users["integration"]),
    )
    assert response.status_code == 400
    body = response.json()
    assert "given_name" in body and "languages.1" in body
    assert all(isinstance(m, list) and all(isinstance(x, str) for x in m) for m in body.values())


def test_a_body_that_is_not_json_is_a_detail(world, client):
    response = client.post(
        PERSONS, "{not json", content_type="application/json", **key_for(world.users["integration"])
    )
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


def test_error_bodies_are_flattened_to_the_one_shape():
    assert error_body(["Whole body wrong."]) == {"non_field_errors": ["Whole body wrong."]}
    assert error_body({"members": [{}, {"birth_year": ["Too early."]}]}) == {
        "members.1.birth_year": ["Too early."]
    }
    assert error_body({"detail": ["a list"]}) == {"non_field_errors": ["a list"]}
    assert error_body({"name": "Required."}) == {"name": ["Required."]}
    assert error_body({}) == {"detail": "The call is refused."}
