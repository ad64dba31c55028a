"""The employers kind of the import: an employer found again by its organisation number (or, without
one, its name), with an optional opening on the row, written by the work services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.core.formats import date_label
from lagrundt.imports.kinds.base import Context, RowErrors
from lagrundt.imports.kinds.employers import KIND
from lagrundt.work.models import Employer, Opening
from lagrundt.work.synthetic import synthetic_org_number

pytestmark = pytest.mark.django_db


def _context(world, user="integration"):
    return Context(actor=Actor(user=world.users[user]), municipality=world.hemsedal)


def _number(n=1, spaced=True):
    number = synthetic_org_number(n)
    return f"{number[:3]} {number[3:6]} {number[6:]}" if spaced else number


def _row(**changes):
    return {
        "name": "Fjellheimen Hotell AS",
        "org_number": _number(),
        "kind": "Private business",
        "industry": "Hotels, restaurants and tourism",
        "address": "Sentrumsvegen 1",
        "active": "ja",
    } | changes


def _opening(**changes):
    start = timezone.localdate() + dt.timedelta(days=30)
    return {
        "opening_title": "Kjøkkenassistent",
        "opening_kind": "Arbeidspraksis",
        "opening_occupation": "9412",
        "opening_hours": "37,5",
        "opening_starts_on": date_label(start),
    } | changes


def _import(row, context):
    cleaned = KIND.clean(row, context)
    existing = KIND.find(cleaned, context)
    changes = KIND.changes(existing, cleaned)
    return existing, changes, KIND.save(cleaned, existing, context)


def test_a_good_row_is_read_as_typed_values(world):
    cleaned = KIND.clean(_row(kind="Privat virksomhet", industry="hospitality"), _context(world))
    assert cleaned["org_number"] == synthetic_org_number(1)
    assert (cleaned["kind"], cleaned["industry"], cleaned["active"]) == ("private", "hospitality", True)
    assert KIND.natural_key(cleaned) == ("org_number", synthetic_org_number(1))


def test_every_bad_cell_of_a_row_is_reported_on_its_column(world):
    wrong_digit = synthetic_org_number(1)[:8] + str((int(synthetic_org_number(1)[8]) + 1) % 10)
    row = _row(org_number=wrong_digit, industry="Fishing", active="kanskje") | _opening(
        opening_occupation="1234", opening_hours="", opening_ends_on="01.01.2000"
    )
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(row, _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
    assert set(by_column) == {
        "org_number",
        "industry",
        "active",
        "opening_occupation",
        "opening_hours",
        "opening_ends_on",
    }
    assert (
        by_column["org_number"]
        == "This organisation number has a wrong check digit. Check for typing errors."
    )
    assert by_column["active"] == "Write ja or nei."
    assert "STYRK-08" in by_column["opening_occupation"]
    assert by_column["opening_hours"] == "Fill in this cell: the row has an opening."
    assert by_column["opening_ends_on"].startswith("The end cannot be before the start")


def test_a_private_business_needs_its_number_as_on_the_page(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(org_number=""), _context(world))
    with translation.override("en"):
        assert [(e.column, str(e.message)) for e in caught.value.errors] == [
            ("org_number", "A private business needs its organisation number.")
        ]
    department = KIND.clean(
        _row(org_number="", kind="Municipal department", name="Hjemmetjenesten"), _context(world)
    )
    assert KIND.natural_key(department) == ("name", "hjemmetjenesten")


def test_save_then_the_same_row_changes_nothing_and_a_correction_only_its_field(world):
    existing, _changes, employer = _import(_row() | _opening(), _context(world))
    assert existing is None
    stored = Employer.objects.get(pk=employer.pk)
    assert (stored.municipality, stored.org_number, stored.kind) == (
        world.hemsedal,
        synthetic_org_number(1),
        "private",
    )
    opening = Opening.objects.get(employer=stored)
    assert (opening.hours_per_week, opening.kind, opening.created_by) == (
        Decimal("37.5"),
        "work_practice",
        world.users["integration"],
    )

    again = _context(world)
    cleaned = KIND.clean(_row(org_number=_number(spaced=False)) | _opening(), again)
    assert KIND.find(cleaned, again) == stored
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}

    corrected = KIND.clean(_row(address="Fjellvegen 2") | _opening(opening_hours="20"), again)
    with translation.override("nb"):  # the preview shows numbers as the reader writes them
        changes = KIND.changes(KIND.find(corrected, again), corrected)
    assert changes == {"address": ("Sentrumsvegen 1", "Fjellvegen 2"), "opening_hours": ("37,5", "20")}
    KIND.save(corrected, KIND.find(corrected, again), again)
    assert Employer.objects.get(pk=employer.pk).address == "Fjellvegen 2"
    assert Opening.objects.get(pk=opening.pk).hours_per_week == Decimal("20")
    assert (Employer.objects.count(), Opening.objects.count()) == (1, 1)


def test_a_number_added_to_an_employer_stored_without_one_finds_it_by_name(world):
    _import(_row(org_number="", kind="Municipal department", name="Hjemmetjenesten"), _context(world))
    context = _context(world)
    cleaned = KIND.clean(_row(name="Hjemmetjenesten", kind="Municipal department"), context)
    existing = KIND.find(cleaned, context)
    assert existing is not None
    assert KIND.changes(existing, cleaned) == {"org_number": ("", synthetic_org_number(1))}
    KIND.save(cleaned, existing, context)
    assert Employer.objects.get().org_number == synthetic_org_number(1)


def test_a_new_opening_of_a_known_employer_is_a_change(world):
    _import(_row(), _context(world))
    context = _context(world)
    cleaned = KIND.clean(_row() | _opening(), context)
    changes = KIND.changes(KIND.find(cleaned, context), cleaned)
    assert changes == {"opening_title": ("", "Kjøkkenassistent")}
    KIND.save(cleaned, KIND.find(cleaned, context), context)
    assert Opening.objects.get().title == "Kjøkkenassistent"


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("integration", True), ("nav", True), ("health", False), ("leadership", False), ("nobody", False)],
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
    user, hemsedal = world.users["integration"], world.hemsedal
    opening = _opening()
    content = csv_bytes(
        [
            [
                "Fjellheimen Hotell AS",
                _number(),
                "Privat virksomhet",
                "hospitality",
                opening["opening_title"],
                "work_practice",
                "9412",
                "37,5",
                opening["opening_starts_on"],
            ],
            ["Hjemmetjenesten", "", "Municipal department", "Health and care", "", "", "", "", ""],
        ],
        header=[
            "Navn",
            "Org.nr.",
            "Sektor",
            "Bransje",
            "Stilling",
            "Stillingstype",
            "STYRK",
            "Timer per uke",
            "Oppstart",
        ],
    )
    job = run(user, hemsedal, content, kind="employers", filename="arbeidsgivere.csv")
    assert job.status == ImportStatus.CHECKED, job.errors
    assert job.counts["new"] == 2
    assert Employer.objects.count() == 0
    assert apply(job).status == ImportStatus.DONE
    assert (Employer.objects.count(), Opening.objects.count()) == (2, 1)
    again = run(user, hemsedal, content, kind="employers", filename="arbeidsgivere.csv")
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0, again.preview


def test_one_name_for_two_organisation_numbers_in_a_file_is_an_error(world):
    context = _context(world)
    KIND.clean(_row(), context)
    KIND.clean(_row(), context)  # the same employer twice is the engine's to report, by its key
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(org_number=_number(2)), context)
    assert [e.column for e in caught.value.errors] == ["name"]
