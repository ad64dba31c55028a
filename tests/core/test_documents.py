"""PDFs are real (read back with pypdf), exports open as tables, and documents fetch nothing from outside."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.template import engines
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
    name, date, amount = (c.value for c in ws[2])
    assert name == "'=HYPERLINK(1)"
    assert date == dt.datetime(2026, 5, 1)
    assert amount == 12.5


def test_csv_is_semicolon_separated_with_bom_and_decimal_comma():
    content = documents.csv_bytes(Sheet("x", ["a", "b", "c"], [[dt.date(2026, 1, 2), Decimal("3.50"), "-1"]]))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "b", "c"], ["02.01.2026", "3,50", "'-1"]]


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
