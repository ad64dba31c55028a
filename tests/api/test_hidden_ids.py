"""The API never tells that an object exists outside what the user may see.

An id of Ål's (the other municipality's) person, household, settlement, move out or municipality gets
exactly the answer an id that was never made gets, in a path and in every field of a body that names
an object: the same status and the same body (the id itself, which a message may repeat, aside).
Households read through the API are audited like persons: one read of the family section per member.
"""

import re

import pytest

from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.people.models import Household, MoveOut, Person, Settlement
from lagrundt.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _missing(model) -> int:
    """An id no row of the model has."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 10_000


def _other_and_missing(world):
    """For each kind of object: (the id of Ål's, an id never made)."""
    aal_adult = world.persons["aal_adult"]
    return {
        "person": (aal_adult.pk, _missing(Person)),
        "household": (aal_adult.household_id, _missing(Household)),
        "settlement": (aal_adult.settlement.pk, _missing(Settlement)),
        "move_out": (world.persons["aal_moved"].move_out.pk, _missing(MoveOut)),
        "municipality": (world.aal.pk, _missing(Municipality)),
    }


def _calls(world):
    """(description, kind of id, method, address, body) for every call that takes an id: each write
    endpoint with the id in its path or in each field that names an object, and each detail read."""
    adult, spouse = world.persons["adult"], world.persons["spouse"]
    hemsedal = world.hemsedal.pk
    new_person = dict(
        given_name="Ny",
        family_name="Person",
        birth_date="1990-05-01",
        sex="female",
        country_background="ER",
        municipality=hemsedal,
    )
    settlement = dict(
        person=spouse.pk,
        settled_on="2025-03-01",
        municipality=hemsedal,
        category="resettlement_refugee",
        came_directly=True,
    )
    move_out = dict(
        person=spouse.pk, moved_on="2026-10-01", destination_municipality="Drammen", reason="work"
    )
    v1 = "/api/v1"
    return [
        ("a new person's municipality", "municipality", "post", f"{v1}/persons/", new_person, "municipality"),
        ("a new person's household", "household", "post", f"{v1}/persons/", new_person, "household"),
        ("a person changed", "person", "patch", f"{v1}/persons/{{id}}/", {"given_name": "X"}, None),
        ("a person's household", "household", "patch", f"{v1}/persons/{adult.pk}/", {}, "household"),
        (
            "a new household's municipality",
            "municipality",
            "post",
            f"{v1}/households/",
            {"name": "F"},
            "municipality",
        ),
        ("a new settlement's person", "person", "post", f"{v1}/settlements/", settlement, "person"),
        (
            "a new settlement's municipality",
            "municipality",
            "post",
            f"{v1}/settlements/",
            settlement,
            "municipality",
        ),
        (
            "a settlement changed",
            "settlement",
            "patch",
            f"{v1}/settlements/{{id}}/",
            {"came_directly": False},
            None,
        ),
        (
            "a settlement's municipality",
            "municipality",
            "patch",
            f"{v1}/settlements/{adult.settlement.pk}/",
            {},
            "municipality",
        ),
        ("a new move out's person", "person", "post", f"{v1}/move-outs/", move_out, "person"),
        ("a person read", "person", "get", f"{v1}/persons/{{id}}/", None, None),
        ("a household read", "household", "get", f"{v1}/households/{{id}}/", None, None),
        ("a settlement read", "settlement", "get", f"{v1}/settlements/{{id}}/", None, None),
        ("a move out read", "move_out", "get", f"{v1}/move-outs/{{id}}/", None, None),
        ("a municipality read", "municipality", "get", f"{v1}/municipalities/{{id}}/", None, None),
    ]


def _answer(api, method, address, body, field, pk):
    url = address.replace("{id}", str(pk))
    if method == "get":
        response = api.get(url)
    else:
        data = {**body, field: pk} if field else body
        response = getattr(api, method)(url, data, content_type=JSON)
    return response.status_code, re.sub(rf"\b{pk}\b", "<id>", response.content.decode())


def test_an_id_outside_the_users_view_gets_the_answer_of_a_missing_id(world, api):
    ids = _other_and_missing(world)
    differ = []
    for description, kind, method, address, body, field in _calls(world):
        other, missing = ids[kind]
        seen_other = _answer(api, method, address, body, field, other)
        seen_missing = _answer(api, method, address, body, field, missing)
        assert seen_missing[0] in (400, 404), (description, seen_missing)
        if seen_other != seen_missing:
            differ.append(f"{description}: Ål's id {seen_other}, a missing id {seen_missing}")
    assert not differ, "\n".join(differ)


def test_a_household_of_another_municipality_is_refused_like_a_missing_one(world, api):
    """Also a household the user sees, in another municipality than the person's, is refused without
    naming where it belongs."""
    gol_household = Household.objects.create(name="Familien Gebre", municipality=world.gol)
    response = api.post(
        "/api/v1/persons/",
        dict(
            given_name="Ny",
            family_name="Person",
            birth_date="1990-05-01",
            sex="female",
            country_background="ER",
            municipality=world.hemsedal.pk,
            household=gol_household.pk,
        ),
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "household" in response.json()
    assert "another municipality" not in response.content.decode()
    assert not Person.objects.filter(given_name="Ny").exists()


def _family_reads(**filters):
    return AuditEntry.objects.filter(
        action=AuditAction.READ, channel=AuditChannel.API, section=Section.FAMILY, **filters
    )


def test_household_reads_are_audited_per_member(world, api):
    family = world.persons["adult"].household
    members = {p.pk for p in Person.objects.filter(household=family)}

    listed = api.get("/api/v1/households/")
    assert listed.status_code == 200
    assert family.pk in {h["id"] for h in listed.json()["results"]}
    assert {e.person_id for e in _family_reads()} == members

    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    shown = api.get(f"/api/v1/households/{family.pk}/")
    assert shown.status_code == 200
    assert shown.json()["name"] == family.name
    assert {e.person_id for e in _family_reads(pk__gt=last)} == members
