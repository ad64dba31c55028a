"""The grant receipts kind of the import: cells read as Norwegians write them, checked by the receipt's
own rules, found again by year and grant, written by the finance service."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.finance.models import ActualReceipt
from lagrundt.imports.kinds.base import Context, RowErrors
from lagrundt.imports.kinds.grant_receipts import KIND

pytestmark = pytest.mark.django_db


def _context(world, user="integration"):
    return Context(actor=Actor(user=world.users[user]), municipality=world.hemsedal)


def _row(**changes):
    year = str(timezone.localdate().year)
    return {
        "year": year,
        "grant": "Integration grant",
        "amount": "1 234 500,50",
        "note": "Regnskap",
    } | changes


def _import(row, context):
    cleaned = KIND.clean(row, context)
    existing = KIND.find(cleaned, context)
    changes = KIND.changes(existing, cleaned)
    saved = KIND.save(cleaned, existing, context)
    return cleaned, existing, changes, saved


def test_a_good_row_is_read_as_typed_values(world):
    cleaned = KIND.clean(_row(grant="integration"), _context(world))
    assert cleaned == {
        "year": timezone.localdate().year,
        "grant": "integration",
        "amount": Decimal("1234500.50"),
        "note": "Regnskap",
    }
    assert KIND.natural_key(cleaned) == (timezone.localdate().year, "integration")


@pytest.mark.parametrize("written", ["Integration grant", "Integreringstilskudd", "integreringstilskot"])
def test_a_grant_is_known_by_its_label_in_any_language(world, written):
    assert KIND.clean(_row(grant=written), _context(world))["grant"] == "integration"


def test_every_bad_cell_of_a_row_is_reported_on_its_column(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(year="1899", grant="Lottery", amount="mange"), _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
    assert set(by_column) == {"grant", "amount", "year"}
    assert "Choose one of" in by_column["grant"]
    assert "Integration grant" in by_column["grant"]
    assert by_column["amount"] == "Write a number, such as 1 234,50."
    assert "2000" in by_column["year"]


def test_a_missing_required_cell_and_a_negative_amount(world):
    with translation.override("en"), pytest.raises(RowErrors) as caught:
        KIND.clean(_row(year="", amount="-5"), _context(world))
    with translation.override("en"):
        by_column = {e.column: str(e.message) for e in caught.value.errors}
    assert by_column["year"] == "Fill in this cell."
    assert "0" in by_column["amount"]


def test_save_then_the_same_row_changes_nothing_and_a_correction_only_its_field(world):
    context = _context(world)
    _cleaned, existing, _changes, saved = _import(_row(), context)
    assert existing is None
    stored = ActualReceipt.objects.get(pk=saved.pk)
    assert (stored.municipality, stored.amount, stored.changed_by) == (
        world.hemsedal,
        Decimal("1234500.50"),
        world.users["integration"],
    )

    again = _context(world)
    cleaned = KIND.clean(_row(), again)
    assert KIND.find(cleaned, again) == stored
    assert KIND.changes(KIND.find(cleaned, again), cleaned) == {}

    corrected = KIND.clean(_row(amount="1 300 000"), again)
    changes = KIND.changes(KIND.find(corrected, again), corrected)
    assert list(changes) == ["amount"]
    assert "1" in changes["amount"][1] and "300" in changes["amount"][1]
    KIND.save(corrected, KIND.find(corrected, again), again)
    assert ActualReceipt.objects.get(pk=saved.pk).amount == Decimal("1300000")
    assert ActualReceipt.objects.count() == 1


def test_a_file_without_the_note_column_keeps_the_note(world):
    context = _context(world)
    _import(_row(), context)
    row = _row(amount="5")
    del row["note"]
    _cleaned, _existing, changes, saved = _import(row, _context(world))
    assert list(changes) == ["amount"]
    assert saved.note == "Regnskap"


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("integration", True), ("leadership", True), ("health", False), ("housing", False), ("nobody", False)],
)
def test_who_may_import(world, user, allowed):
    assert KIND.may_import(world.users[user], world.hemsedal) is allowed


def test_not_in_a_municipality_the_user_does_not_serve(world):
    assert KIND.may_import(world.users["aal-integration"], world.hemsedal) is False
    assert KIND.may_import(world.users["aal-integration"], world.aal) is True


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
    year = str(timezone.localdate().year)
    content = csv_bytes(
        [[year, "Integreringstilskudd", "1 000 000,00"], [year, "Norwegian training", "250 000"]],
        header=["År", "Tilskudd", "Beløp"],
    )
    job = run(user, hemsedal, content, kind="grant_receipts", filename="tilskudd.csv")
    assert job.status == ImportStatus.CHECKED, job.errors
    assert job.counts["new"] == 2
    assert job.preview["new"][0]["name"] == f"{year}: Integreringstilskudd"
    assert ActualReceipt.objects.count() == 0
    assert apply(job).status == ImportStatus.DONE
    assert ActualReceipt.objects.filter(municipality=hemsedal).count() == 2
    again = run(user, hemsedal, content, kind="grant_receipts", filename="tilskudd.csv")
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0
