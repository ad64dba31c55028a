"""``people.services.persons_import``: many new persons at once, as ``person_create`` one by one."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel, AuditEntry
from lagrundt.people import services
from lagrundt.people.models import Household, Person, SearchToken, Settlement
from lagrundt.tenancy.models import Municipality
from tests.world import make_person, synthetic_national_id

CHANNEL = AuditChannel.IMPORT


def _rows(municipality, household_a, household_b):
    today = timezone.localdate()
    settled = today - dt.timedelta(days=40)
    people = [
        ("Amina", "Nordvik", dt.date(1980, 2, 1), "female", household_a, True, 11),
        ("Omar", "Nordvik", dt.date(1978, 4, 3), "male", household_a, True, 0),
        ("Lina", "Nordvik", dt.date(2015, 6, 5), "female", household_a, True, 0),
        ("Yonas", "Tesfay", dt.date(1990, 1, 9), "male", household_b, False, 12),
        ("Sara", "Haile", dt.date(1995, 3, 3), "female", None, True, 0),
    ]
    rows = []
    for given, family, birth, sex, household, with_settlement, serial in people:
        identity = {
            "given_name": given,
            "family_name": family,
            "birth_date": birth,
            "sex": sex,
            "country_background": "SY",
            "languages": ["ar"],
        }
        if serial:
            identity["national_id"] = synthetic_national_id(birth, serial=serial + municipality.pk * 20)
        settlement = None
        if with_settlement:
            settlement = {
                "settled_on": settled,
                "municipality": municipality,
                "category": "family_reunification",
            }
        rows.append({"identity": identity, "settlement": settlement, "household": household})
    return rows


def _one_by_one(actor, municipality, rows):
    made: dict[str, Household] = {}
    for row in rows:
        household = row["household"]
        if isinstance(household, str):
            if household not in made:
                made[household] = services.household_create(
                    actor=actor, name=household, municipality=municipality, channel=CHANNEL
                )
            household = made[household]
        services.person_create(
            actor=actor,
            municipality=municipality,
            identity=row["identity"],
            settlement=row["settlement"],
            household=household,
            channel=CHANNEL,
        )


def _entries(municipality, since):
    """The audit entries written for a municipality, with its own ids replaced by placeholders."""
    persons = {
        p.pk: f"{p.family_name}, {p.given_name}" for p in Person.objects.filter(municipality=municipality)
    }
    households = {h.pk: h.name for h in Household.objects.filter(municipality=municipality)}
    found = []
    for e in AuditEntry.objects.filter(pk__gt=since, municipality=municipality).order_by("pk"):
        changes = dict(e.changes)
        if "household" in changes:
            changes["household"] = households[changes["household"]["new"]]
        if "municipality" in changes:
            assert changes["municipality"]["new"] == municipality.pk
            changes["municipality"] = "here"
        found.append(
            (persons.get(e.person_id), e.section, e.action, e.channel, e.user_id, e.sector, e.detail, changes)
        )
    return found


def _state(municipality):
    persons = Person.objects.filter(municipality=municipality).select_related("household", "settlement")
    state = []
    for p in persons.order_by("family_name", "given_name"):
        settlement = getattr(p, "settlement", None) if hasattr(p, "settlement") else None
        state.append(
            (
                p.list_name,
                p.birth_date,
                p.sex,
                p.country_background.code,
                p.languages,
                bool(p.national_id),
                p.household.name if p.household else None,
                (settlement.settled_on, settlement.category, settlement.municipality_id == municipality.pk)
                if settlement
                else None,
                sorted(SearchToken.objects.filter(person=p).values_list("token", flat=True)),
            )
        )
    return state


def _place(n):
    return Municipality.objects.create(number=f"99{n:02d}", name=f"Prøvevik {n}", slug=f"provevik-{n}")


def test_the_bulk_path_writes_what_the_one_by_one_path_writes(world):
    actor = Actor(user=world.users["integration"], detail="/import/1/")
    gol, aal = _place(1), _place(2)
    stored_gol = Household.objects.create(name="Familien Tesfay", municipality=gol)
    stored_aal = Household.objects.create(name="Familien Tesfay", municipality=aal)
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    _one_by_one(actor, gol, _rows(gol, "Familien Nordvik", stored_gol))
    persons = services.persons_import(
        actor=actor, municipality=aal, rows=_rows(aal, "Familien Nordvik", stored_aal), channel=CHANNEL
    )

    assert len(persons) == 5 and all(p.pk for p in persons)
    assert _state(gol) == _state(aal)
    assert len(_state(aal)) == 5
    bulk = _entries(aal, since)
    assert bulk == _entries(gol, since)
    # A household entry, five identities and four settlements, all on the import's channel.
    assert len(bulk) == 10
    assert {e[3] for e in bulk} == {"import"}
    assert Household.objects.filter(municipality=aal, name="Familien Nordvik").count() == 1


def test_an_invalid_row_writes_nothing_and_is_named_by_its_index(world):
    actor = Actor(user=world.users["integration"])
    rows = _rows(world.aal, "Familien Nordvik", None)
    rows[3]["identity"]["birth_date"] = timezone.localdate() + dt.timedelta(days=3)  # born in the future
    before = (Person.objects.count(), Household.objects.count(), AuditEntry.objects.count())
    with pytest.raises(services.PersonsImportErrors) as caught:
        services.persons_import(actor=actor, municipality=world.aal, rows=rows, channel=CHANNEL)
    assert set(caught.value.row_errors) == {3}
    assert "birth_date" in caught.value.row_errors[3].message_dict
    assert (Person.objects.count(), Household.objects.count(), AuditEntry.objects.count()) == before


def test_a_settlement_before_birth_writes_nothing(world):
    actor = Actor(user=world.users["integration"])
    rows = _rows(world.aal, "Familien Nordvik", None)
    rows[2]["settlement"]["settled_on"] = dt.date(2010, 1, 1)  # Lina was born in 2015
    before = (Person.objects.count(), Settlement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(services.PersonsImportErrors) as caught:
        services.persons_import(actor=actor, municipality=world.aal, rows=rows, channel=CHANNEL)
    assert set(caught.value.row_errors) == {2}
    assert "settled_on" in caught.value.row_errors[2].message_dict
    assert (Person.objects.count(), Settlement.objects.count(), AuditEntry.objects.count()) == before


def test_a_national_id_in_the_register_or_twice_in_the_rows_is_refused(world):
    actor = Actor(user=world.users["integration"])
    stored = make_person(world.hemsedal, "Ali", "Berg", dt.date(1985, 5, 5), serial=3)
    rows = _rows(world.aal, None, None)
    rows[0]["identity"]["national_id"] = stored.national_id
    rows[0]["identity"]["birth_date"] = stored.birth_date
    rows[4]["identity"]["national_id"] = rows[3]["identity"]["national_id"]
    rows[4]["identity"]["birth_date"] = rows[3]["identity"]["birth_date"]
    before = Person.objects.count()
    with pytest.raises(services.PersonsImportErrors) as caught:
        services.persons_import(actor=actor, municipality=world.aal, rows=rows, channel=CHANNEL)
    assert set(caught.value.row_errors) == {0, 4}
    assert "national_id" in caught.value.row_errors[0].message_dict
    assert Person.objects.count() == before
