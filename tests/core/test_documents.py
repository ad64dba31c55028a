"""PDFs are real (read back with pypdf), exports open as tables, and documents fetch nothing from outside."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from lagrundt.core import documents
from lagrundt.core.documents import Sheet


@pytest.fixture
def letter_template(settings, tmp_path):
    (tmp_path / "letter.html").write_text(
        '{% extends "documents/base.html" %}{% load i18n %}'
        "{% block content %}<h1>{% translate 'Household' %}</h1><p>Vedtak om introduksjonsprogram, "
        "Ærlig Øystein Åsen</p>{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0].get("DIRS", []), tmp_path]}
    ]
    engines._engines = {}  # the new template folder
    engines.__dict__.pop("templates", None)
    yield "letter.html"
    engines.__dict__.pop("templates", None)
    engines._engines = {}


def test_pdf_is_read_back_with_its_text_in_the_chosen_language(letter_template):
    pdf = documents.render_pdf(letter_template, {}, language="nn")
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ærlig Øystein Åsen" in text
    assert "Hushald" in text  # "Household" in nynorsk: the language override reached the template


def test_documents_fetch_nothing_from_outside():
    fetcher = documents._static_fetcher()
    with pytest.raises(ValueError, match="only use the server's own static files"):
        fetcher.fetch("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://lagrundt.invalid/static/../../settings.py")
    css = fetcher.fetch("https://lagrundt.invalid/static/documents/print.css")
    assert b"@page" in css.read()
    css.close()


def test_xlsx_keeps_dates_and_numbers_and_defuses_formulas():
    content = documents.xlsx_bytes(
        [
            Sheet(
                "Utbetaling",
                ["Navn", "Dato", "Beløp"],
                [["=HYPERLINK(1)", dt.date(2026, 5, 1), Decimal("12.5")]],
            )
        ]
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in ws[1]] == ["Navn", "Dato", "Beløp"]
    name, date, amount = ws[2]
    # Text as typed, stored as text with Excel's quote prefix: shown, never evaluated, even when edited.
    assert (name.value, name.data_type, name.quotePrefix) == ("=HYPERLINK(1)", "s", True)
    assert date.value == dt.datetime(2026, 5, 1)
    assert amount.value == 12.5


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_every_xlsx_cell_header_included_is_text_never_a_formula():
    content = documents.xlsx_bytes([Sheet("Ark", FORMULAS, [FORMULAS, ["Ola", 1, "–", None, "a=b", ""]])])
    xml = _sheet_xml(content)
    assert "<f>" not in xml and 't="f"' not in xml  # no formula anywhere in the file
    ws = load_workbook(io.BytesIO(content)).active
    header, body, plain = (list(row) for row in ws.iter_rows(max_col=len(FORMULAS)))
    for cells in (header, body):
        # (A carriage return may come back as a line feed: the XML parser decides, lxml or the standard one.)
        assert [c.value.replace("\r", "\n") for c in cells] == [f.replace("\r", "\n") for f in FORMULAS]
        assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert [c.quotePrefix for c in plain[:3]] == [False, False, False]


def test_every_csv_cell_header_included_gets_the_apostrophe():
    content = documents.csv_bytes(Sheet("x", FORMULAS, [FORMULAS]))
    header, body = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    assert header == body == ["'" + f for f in FORMULAS]


def test_a_sheet_title_excel_refuses_and_characters_xml_cannot_hold_do_not_break_the_export():
    content = documents.xlsx_bytes(
        [Sheet('=HYPERLINK("http://x","y")', ["Navn\x00"], [["Ola\x07 Nordmann"]]), Sheet("", ["a"], [])]
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ['=HYPERLINK("http---x","y")', "Ark"]
    assert [c.value for c in workbook.worksheets[0]["A"]] == ["Navn", "Ola Nordmann"]


def test_csv_is_semicolon_separated_with_bom_and_decimal_comma():
    content = documents.csv_bytes(Sheet("x", ["a", "b", "c"], [[dt.date(2026, 1, 2), Decimal("3.50"), "-1"]]))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "b", "c"], ["02.01.2026", "3,50", "'-1"]]


@pytest.mark.django_db
def test_a_scenario_named_as_a_formula_is_exported_as_text(world, login):
    """Medium 9: a scenario's name becomes a column header of the economy's scenario export."""
    from lagrundt.finance import services

    services.seed_from_facts()
    name = '=HYPERLINK("http://x","y")'
    client = login(world, "integration")
    response = client.post(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk, "name": name})
    assert response.status_code == 302
    export = client.get(reverse("finance:scenarios_export"), {"kommune": world.hemsedal.pk})
    assert export.status_code == 200
    assert "<f>" not in _sheet_xml(export.content)
    header = [c for c in load_workbook(io.BytesIO(export.content)).worksheets[0][1] if c.value is not None]
    (cell,) = [c for c in header if c.value == name]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_pdf_embeds_inter_and_weasyprint_finds_every_resource(letter_template, caplog):
    """The print stylesheet's fonts load: a missing font would fall back silently to another face."""
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf = documents.render_pdf(letter_template, {}, language="nb")
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Inter" in name for name in fonts), fonts
