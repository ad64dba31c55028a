"""Reading CSV (semicolons or commas, UTF-8 with or without a byte order mark, Windows-1252) and XLSX, and
Norwegian dates and numbers in cells."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from lagrundt.core.documents import Sheet, xlsx_bytes
from lagrundt.imports import cells, reading
from lagrundt.imports.kinds.persons import KIND

HEADER = "Fornavn;Etternavn;Fødselsdato;Kjønn;Land"
ROW = "Åse;Ødegård;01.02.1980;Kvinne;NO"


def _rows(content):
    return list(reading.rows(content, KIND))


@pytest.mark.parametrize(
    "content",
    [
        f"{HEADER}\n{ROW}\n".encode(),
        f"\ufeff{HEADER}\r\n{ROW}\r\n".encode(),
        f"{HEADER}\n{ROW}\n".encode("cp1252"),
        f"{HEADER}\n{ROW}\n".replace(";", ",").encode(),
        f"{HEADER}\n;;;;\n\n{ROW}".encode(),  # blank rows skipped, no line break at the end
    ],
    ids=["utf8", "bom", "cp1252", "comma", "blank-rows"],
)
def test_csv_in_every_encoding_and_separator(content):
    rows = _rows(content)
    assert len(rows) == 1
    number, values = rows[0]
    assert values["given_name"] == "Åse" and values["family_name"] == "Ødegård"
    assert values["birth_date"] == "01.02.1980"
    assert number == (4 if b";;;;" in content else 2)


def test_headers_by_key_label_in_any_language_or_alias_in_any_case():
    content = "given_name;FAMILY NAME;fødselsdato;Sex;landbakgrunn\nA;B;01.01.1990;K;SY\n".encode()
    ((_n, values),) = _rows(content)
    assert set(values) == {"given_name", "family_name", "birth_date", "sex", "country_background"}


def test_xlsx_with_real_dates_and_numbers():
    content = xlsx_bytes(
        [
            Sheet(
                "Personer",
                ["Fornavn", "Etternavn", "Fødselsdato", "Kjønn", "Land"],
                [["Ali", "Berg", dt.date(1990, 5, 6), "M", "SY"]],
            )
        ]
    )
    ((number, values),) = _rows(content)
    assert number == 2
    assert cells.date(values["birth_date"]) == dt.date(1990, 5, 6)
    assert reading.estimate_rows(content) == 1


def test_not_a_spreadsheet_and_a_zip_bomb_are_refused():
    with pytest.raises(reading.FileError):
        _rows(b"PK\x03\x04 not really a zip")
    with pytest.raises(reading.FileError):
        _rows(b"\x00\x01\x02binary")


def test_norwegian_cells():
    assert cells.date("04.11.2026") == dt.date(2026, 11, 4)
    assert cells.date("2026-11-04") == dt.date(2026, 11, 4)
    assert cells.decimal("1 234,50") == Decimal("1234.50")
    assert cells.decimal("1.234,50 kr") == Decimal("1234.50")
    assert cells.integer("12") == 12
    assert cells.yes_no("Ja") is True and cells.yes_no("nei") is False
    with pytest.raises(ValueError):
        cells.date("31.02.2026")
    with pytest.raises(ValueError):
        cells.decimal("tolv")


def test_a_choice_by_its_label_in_any_language():
    from lagrundt.people.models import SettlementCategory

    assert cells.choice("Family reunification", SettlementCategory.choices) == "family_reunification"
    assert cells.choice("familiegjenforening", SettlementCategory.choices) == "family_reunification"
    with pytest.raises(ValueError):
        cells.choice("ukjent", SettlementCategory.choices)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    with translation.override("en"), pytest.raises(reading.FileError, match="unpacks"):
        _rows(buffer.getvalue())
