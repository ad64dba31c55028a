"""The dwellings kind of the import: a dwelling found again by its address, checked by the housing rules
and written by the housing service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.core.formats import date_label
from lagrundt.housing import rules, services
from lagrundt.housing.models import Dwelling, Tenancy
from lagrundt.imports.kinds.base import Context, RowErrors
from lagrundt.imports.kinds.dwellings import KIND

pytestmark = pytest.mark.django_db


def _context(world, user="integration"):
    return Context(actor=Actor(user=world.users[user]), municipality=world.hemsedal)


def _row(**changes):
    return {
        "address": "Sentrumsvegen 12",
        "postcode": "3560",
        "ownership": "Kommunal",
        "landlord": "",
        "rooms": "4",
        "bedrooms": "3",
        "rent": "9 500",
        "charges": "1 200",
        "central": "ja",
        "available_from": date_label(timezone.localdate() + dt.timedelta(days=20)),
    } | changes


def _import(row, context):
    cleaned = KIND.clean(row, context)
    existing = KIND.find(cleaned, context)
    changes = KIND.changes(existing, cleaned)
    return existing, changes, KIND.save(cleaned, existing, context)


def test_a_good_row_is_read_as_typed_values(world):
    cleaned = KIND.clean(_row(ownership="Municipal", address=" Sentrumsvegen   12 "), _context(world))
    assert cleaned["ownership"] == "municipal"
    assert (cleaned["rooms"], cleaned["bedrooms"], cleaned["rent"]) == (4, 3, Decimal("9500"))
    assert cleaned["central"] is True
    assert "deposit" not in cleaned  # a column left out keeps what is stored
    assert KIND.natural_key(cleaned) == ("sentrumsvegen 12",)


def test_every_bad_cell_of_a_row_is_reported_on_its_column(world):
    row = _row(
        ownership="Borettslag",
        rooms="0",
        rent="-100",
        floor="99",
        central="kanskje",
        available_from="32.13.2027",
        landlord="Ukjent Utleier",
    )
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(row, _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
        assert by_column["rooms"] == str(rules.MSG_ROOMS)
        assert by_column["rent"] == str(rules.MSG_NEGATIVE)
    assert set(by_column) == {"ownership", "rooms", "rent", "floor", "central", "available_from", "landlord"}
    assert by_column["ownership"].startswith("Choose one of:")
    assert by_column["central"] == "Write ja or nei."
    assert by_column["available_from"] == "Write the date as 04.11.2026."
    assert by_column["landlord"].startswith("«Ukjent Utleier» is not among the municipality's landlords")
    assert "40" in by_column["floor"]


def test_more_bedrooms_than_rooms_and_a_missing_cell(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(rooms="2", bedrooms="3", address=""), _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
    assert by_column == {
        "address": "Fill in this cell.",
        "bedrooms": "A dwelling cannot have more bedrooms (3) than rooms (2).",
    }


def test_save_then_the_same_row_changes_nothing_and_a_correction_only_its_field(world):
    existing, _changes, saved = _import(_row(), _context(world))
    assert existing is None
    stored = Dwelling.objects.get(pk=saved.pk)
    assert (stored.municipality, stored.rooms, stored.rent, stored.charges, stored.for_refugees) == (
        world.hemsedal,
        4,
        Decimal("9500"),
        Decimal("1200"),
        True,
    )

    again = _context(world)
    cleaned = KIND.clean(_row(address="SENTRUMSVEGEN 12"), again)
    assert KIND.find(cleaned, again) == stored
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}

    corrected = KIND.clean(_row(rent="10 000"), again)
    changes = KIND.changes(KIND.find(corrected, again), corrected)
    assert list(changes) == ["rent"]
    assert "10" in changes["rent"][1] and "kr" in changes["rent"][1]
    KIND.save(corrected, KIND.find(corrected, again), again)
    assert Dwelling.objects.get().rent == Decimal("10000")
    assert Dwelling.objects.count() == 1


def test_a_private_dwelling_with_its_landlord(world):
    actor = Actor(world.users["integration"])
    landlord = services.landlord_save(
        actor=actor, data={"municipality": world.hemsedal, "name": "Ola Utleier"}
    )
    row = _row(ownership="Private landlord, let directly", landlord="ola  utleier")
    _existing, _changes, saved = _import(row, _context(world))
    assert Dwelling.objects.get(pk=saved.pk).landlord == landlord
    again = _context(world)
    cleaned = KIND.clean(row, again)
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}
    municipal = KIND.clean(_row(), again)
    assert KIND.changes(KIND.find(municipal, again), municipal)["landlord"] == ("Ola Utleier", "")


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("integration", True), ("housing", True), ("nav", False), ("leadership", False), ("nobody", False)],
)
def test_who_may_import(world, user, allowed):
    assert KIND.may_import(world.users[user], world.hemsedal) is allowed


def test_through_the_engine_a_file_imported_twice_changes_nothing(world):
    from lagrundt.imports.models import ImportStatus
    from lagrundt.imports.reading import fold, header_names

    from .helpers import apply, csv_bytes, run

    names = header_names(KIND)
    assert all(names[alias] == column.key for column in KIND.columns for alias in column.aliases)
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            assert all(names[fold(column.label)] == column.key for column in KIND.columns)
    user, hemsedal = world.users["housing"], world.hemsedal
    content = csv_bytes(
        [
            ["Sentrumsvegen 12", "Kommunal", "4", "3", "9 500"],
            ["Fjellvegen 3", "municipal", "2", "1", "7 000"],
        ],
        header=["Adresse", "Eier", "Rom", "Soverom", "Husleie"],
    )
    job = run(user, hemsedal, content, kind="dwellings", filename="boliger.csv")
    assert job.status == ImportStatus.CHECKED, job.errors
    assert [r["name"] for r in job.preview["new"]] == ["Sentrumsvegen 12", "Fjellvegen 3"]
    assert Dwelling.objects.count() == 0
    assert apply(job).status == ImportStatus.DONE
    assert Dwelling.objects.filter(municipality=hemsedal).count() == 2
    again = run(user, hemsedal, content, kind="dwellings", filename="boliger.csv")
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0, again.preview


def _tenancy_row(world, **changes):
    adult = world.persons["adult"]
    start = date_label(timezone.localdate() + dt.timedelta(days=40))
    return _row(tenant_national_id=adult.national_id, tenancy_starts_on=start) | changes


def test_a_row_with_a_tenant_lets_the_dwelling_to_the_household_audited_on_every_member(world):
    family = world.persons["adult"].household
    _existing, _changes, saved = _import(_tenancy_row(world), _context(world))
    tenancy = Tenancy.objects.get(dwelling=saved)
    assert (tenancy.household, tenancy.rent, tenancy.ends_on) == (family, Decimal("9500"), None)
    entries = AuditEntry.objects.filter(user=world.users["integration"], section="housing", action="create")
    assert set(entries.values_list("person_id", flat=True)) == set(
        family.members.values_list("pk", flat=True)
    )

    again = _context(world)
    cleaned = KIND.clean(_tenancy_row(world), again)
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}
    KIND.save(cleaned, KIND.find(cleaned, again), again)
    assert Tenancy.objects.count() == 1


def test_a_tenant_by_name_and_birth_date_on_a_stored_dwelling_is_a_change(world):
    _import(_row(), _context(world))
    adult = world.persons["adult"]
    context = _context(world)
    row = _tenancy_row(
        world,
        tenant_national_id="",
        tenant_family_name="HAILE",
        tenant_given_name="abeba",
        tenant_birth_date=date_label(adult.birth_date),
    )
    cleaned = KIND.clean(row, context)
    changes = KIND.changes(KIND.find(cleaned, context), cleaned)
    assert list(changes) == ["tenancy"]
    assert changes["tenancy"][1].startswith("Haile, Abeba")
    KIND.save(cleaned, KIND.find(cleaned, context), context)
    assert Tenancy.objects.get().household == adult.household


def test_bad_tenancies_are_refused_before_anything_is_written(world):
    gol_adult = world.persons["gol_adult"]
    arrived = world.persons["adult"].settlement.settled_on
    cases = {
        "tenant_national_id": _tenancy_row(world, tenant_national_id=gol_adult.national_id),
        "tenancy_starts_on": _tenancy_row(
            world, tenancy_starts_on=date_label(arrived - dt.timedelta(days=1))
        ),
        "tenant_family_name": _tenancy_row(world, tenant_national_id="", tenant_family_name="Haile"),
    }
    with translation.override("en"):
        for column, row in cases.items():
            with pytest.raises(RowErrors) as caught:
                KIND.clean(row, _context(world))
            assert [e.column for e in caught.value.errors] == [column], caught.value.errors
        with pytest.raises(RowErrors) as caught:
            KIND.clean(_tenancy_row(world), _context(world, "school"))
        assert str(caught.value.errors[0].message).startswith("No person in the municipality")


def test_a_dwelling_let_to_others_is_not_let_again(world):
    from lagrundt.people.models import Household
    from tests.world import make_person, years_ago

    _import(_tenancy_row(world), _context(world))
    others = Household.objects.create(name="Familien Berhe", municipality=world.hemsedal)
    other = make_person(world.hemsedal, "Senait", "Berhe", years_ago(30), household=others, serial=20)
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_tenancy_row(world, tenant_national_id=other.national_id), _context(world))
    with translation.override("en"):
        assert [(e.column, str(e.message)[:45]) for e in caught.value.errors] == [
            ("tenancy_starts_on", "The dwelling is let to another household from")
        ]
    assert Tenancy.objects.count() == 1


def test_a_national_id_from_a_number_cell_and_a_rent_of_its_own(world):
    adult = world.persons["adult"]
    number_cell = int(adult.national_id)  # as a spreadsheet's number cell gives it
    row = _tenancy_row(world, tenant_national_id=number_cell, tenancy_rent="8 000")
    _existing, _changes, saved = _import(row, _context(world))
    assert Tenancy.objects.get(dwelling=saved).rent == Decimal("8000")
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_tenancy_row(world, tenancy_rent="8 000,50"), _context(world))
    with translation.override("en"):
        assert [(e.column, str(e.message)) for e in caught.value.errors] == [
            ("tenancy_rent", "Write a whole number.")
        ]
