"""Importing a published rate table: every row checked first, bad rows named by their row number,
and nothing imported unless every row is right."""

import datetime as dt
import io
import random
import time
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from lagrundt.access.audit import Actor
from lagrundt.accounts.two_factor import client_login
from lagrundt.core.sources import Confidence
from lagrundt.finance import imports, services
from lagrundt.finance.imports import parse_amount, parse_year
from lagrundt.finance.models import GrantRate, RateSource

pytestmark = pytest.mark.django_db

SOURCE = dict(
    title="IMDi: Satser 2031 (test)",
    reference="https://example.org/satser-2031",
    published_on=dt.date(2030, 12, 20),
)


def csv(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def actor():
    return Actor(User.objects.create_user("rates-admin"))


@pytest.fixture
def english():
    """Messages in the source language, so that the expected texts read as the code writes them."""
    with translation.override("en"):
        yield


def run_import(actor, name, content, **options):
    return services.rates_import(actor=actor, name=name, content=content, **SOURCE, **options)


def test_a_good_csv_is_imported_with_its_source(actor):
    saved = run_import(
        actor,
        "satser.csv",
        csv(
            "år;kode;beløp;merknad\n"
            "2031;integration.y1.adult;262 300;\n"
            '2031;integration.y2;"110 000,50";år 2\n'
        ),
    )
    assert len(saved) == 2
    rate = GrantRate.objects.get(code="integration.y2", year=2031)
    assert (rate.amount, rate.note, rate.confidence) == (Decimal("110000.50"), "år 2", Confidence.VERIFIED)
    assert rate.source.title == SOURCE["title"] and rate.source.entered_by == actor.user


def test_a_good_workbook_is_imported_and_rows_without_amount_are_skipped(actor):
    content = xlsx(
        [
            ["år", "kode", "tilskudd", "beløp", "merknad"],
            [2031, "elderly", "Eldretilskudd", 190000, None],
            [2031, "kindergarten", "Barnehagetilskudd", None, None],  # not filled in: skipped
            [2031.0, "disability.one_off", "", 205000.0, ""],
        ]
    )
    saved = run_import(actor, "satser.xlsx", content)
    assert sorted((r.code, r.year, r.amount) for r in saved) == [
        ("disability.one_off", 2031, Decimal("205000")),
        ("elderly", 2031, Decimal("190000")),
    ]


BAD_ROWS = (
    "år;kode;beløp\n"
    "2031;integration.y1.adult;262300\n"  # row 2: fine
    "2031;integration.y9;100\n"  # row 3: unknown code
    "2031;elderly;-5\n"  # row 4: negative
    "2031;integration.y1.adult;262400\n"  # row 5: the same year twice
    "2031;kindergarten;tretti\n"  # row 6: not an amount
    "31;integration.y2;1000\n"  # row 7: not a year
    "2030;integration.y3;1000\n"  # row 8: already in the database
)


def test_bad_rows_are_rejected_by_row_number_and_nothing_is_imported(actor, english):
    existing = services.rate_set(
        actor=actor,
        code="integration.y3",
        year=2030,
        amount=Decimal(90000),
        confidence=Confidence.VERIFIED,
        title="t",
        reference="r",
        published_on=None,
    )
    rates_before, sources_before = GrantRate.objects.count(), RateSource.objects.count()
    with pytest.raises(services.RateImportError) as caught:
        run_import(actor, "satser.csv", csv(BAD_ROWS))
    messages = caught.value.messages
    assert messages == [
        "Row 3: unknown grant code «integration.y9».",
        "Row 4: the amount cannot be negative.",
        "Row 5: the rate for integration.y1.adult in 2031 is given twice (also in row 2).",
        "Row 6: «tretti» is not an amount in kroner.",
        "Row 7: «31» is not a year between 2000 and 2100.",
        "Row 8: 2030 already has a rate for integration.y3. "
        "Choose «Replace rates already entered» to replace it.",
    ]
    assert (GrantRate.objects.count(), RateSource.objects.count()) == (rates_before, sources_before)
    existing.refresh_from_db()
    assert existing.amount == Decimal(90000)


def test_replace_lets_a_year_already_entered_be_corrected(actor):
    run_import(actor, "a.csv", csv("år;kode;beløp\n2031;elderly;190000\n"))
    with pytest.raises(services.RateImportError):
        run_import(actor, "b.csv", csv("år;kode;beløp\n2031;elderly;195000\n"))
    run_import(actor, "b.csv", csv("år;kode;beløp\n2031;elderly;195000\n"), replace=True)
    assert GrantRate.objects.get(code="elderly", year=2031).amount == Decimal(195000)


def test_a_bad_workbook_row_is_numbered_as_in_excel(actor, english):
    content = xlsx([[], ["År", "Kode", "Beløp"], [2031, "elderly", 1], [2031, "unknown.code", 2]])
    with pytest.raises(services.RateImportError) as caught:
        run_import(actor, "satser.xlsx", content)
    assert caught.value.messages == ["Row 4: unknown grant code «unknown.code»."]
    assert not GrantRate.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "satser.csv",
            csv("kode;beløp\nelderly;1\n"),
            "The first row must name the columns år, kode and beløp",
        ),
        ("satser.xlsx", b"PK\x03\x04 not really a zip", "neither a CSV file nor an Excel workbook"),
        ("satser.csv", csv("år;kode;beløp\n"), "The file has no rates."),
        ("bilde.png", b"\x89PNG\r\n\x1a\n\x00\x00", "neither a CSV file nor an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_rate_table_says_so(actor, english, name, content, message):
    with pytest.raises(services.RateImportError) as caught:
        run_import(actor, name, content)
    assert message in caught.value.messages[0]
    assert not GrantRate.objects.exists() and not RateSource.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("241 100", Decimal(241100)),
        ("241\u00a0100", Decimal(241100)),
        ("241.100", Decimal(241100)),
        ("241 100,50", Decimal("241100.50")),
        ("kr 27 800", Decimal(27800)),
        ("1.118.000", Decimal(1118000)),
        ("-5", Decimal(-5)),
        ("12,345", None),  # three decimals: not kroner and øre
        ("tretti", None),
        ("", None),
    ],
)
def test_amounts_as_norwegians_write_them(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2031", 2031), (2031.0, 2031), ("31", None), ("1999", None), (True, None)]
)
def test_years(value, expected):
    assert parse_year(value) == expected


def test_the_import_page_lists_every_bad_row_and_keeps_the_form(client, world):
    client_login(client, world.users["sysadmin"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("finance:rates_import"),
        {
            "file": SimpleUploadedFile("satser.csv", csv(BAD_ROWS), content_type="text/csv"),
            "title": "Mine satser",
            "reference": "https://example.org",
            "confidence": "verified-in-source",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingenting ble importert" in page
    assert "Rad 3: ukjent tilskuddskode «integration.y9»." in page
    assert 'value="Mine satser"' in page
    assert not GrantRate.objects.exists()


def test_only_rate_managers_import(client, world):
    client_login(client, world.users["integration"])
    assert client.get(reverse("finance:rates_import")).status_code == 404
    user = world.users["integration"]
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="manage_rates"))
    user = User.objects.get(pk=user.pk)
    client_login(client, user)
    assert client.get(reverse("finance:rates_import")).status_code == 200


# ---------------------------------------------------------------------------- zip bombs and huge files
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row><c t="inlineStr"><is><t>år</t></is></c><c t="inlineStr"><is><t>kode</t></is></c>'
    '<c t="inlineStr"><is><t>beløp</t></is></c></row>'
).encode()
SHEET_END = b"</sheetData></worksheet>"
REPEATED_ROW = (
    b'<row><c t="n"><v>2031</v></c><c t="inlineStr"><is><t>elderly</t></is></c><c t="n"><v>1</v></c></row>'
)


def bomb(sheet_bytes: int) -> bytes:
    """A real workbook whose sheet is replaced by ``sheet_bytes`` of identical rows, deflated: the shape of
    the file that once took the import to 963 MB."""
    template = zipfile.ZipFile(io.BytesIO(xlsx([["år", "kode", "beløp"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in template.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(part, template.read(part))
                continue
            with archive.open(part.filename, "w", force_zip64=True) as sheet:
                sheet.write(SHEET_START)
                block = REPEATED_ROW * 1000
                for _ in range(sheet_bytes // len(block)):
                    sheet.write(block)
                sheet.write(SHEET_END)
    return out.getvalue()


def refused(actor, name, content) -> tuple[list[str], int, float]:
    """The import's messages, the peak of memory allocated while it ran, and its time in seconds."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(services.RateImportError) as caught:
            run_import(actor, name, content)
        return caught.value.messages, tracemalloc.get_traced_memory()[1], time.perf_counter() - started
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_before_anything_unpacks(actor, english):
    content = bomb(100_000_000)
    assert len(content) < 1_000_000  # a 1 MB upload …
    unpacked = sum(p.file_size for p in zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert unpacked > 100_000_000  # … that unpacks to more than 100 MB
    messages, peak, _seconds = refused(actor, "satser.xlsx", content)
    assert messages == [
        "The workbook is not read: it unpacks to more than 10 MB, far more than a rate table. "
        "Save the rate table again as an ordinary workbook or as a CSV file."
    ]
    assert peak < 5_000_000  # nothing unpacked: the zip's directory was read, not its parts
    assert not GrantRate.objects.exists() and not RateSource.objects.exists()


def test_a_part_packed_tighter_than_any_spreadsheet_is_refused(actor, english):
    """Under the size limits, but a megabyte of identical rows packed 300 times: a bomb's signature."""
    content = bomb(1_500_000)
    parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
    (sheet,) = [p for p in parts if p.filename.endswith("sheet1.xml")]
    assert sheet.file_size < imports.MAX_PART_BYTES and sheet.file_size > 100 * sheet.compress_size
    messages, _peak, _seconds = refused(actor, "satser.xlsx", content)
    assert len(messages) == 1 and "packed" in messages[0] and "times tighter" in messages[0]


def test_one_part_larger_than_any_rate_table_is_refused(actor, english):
    """Packed as ordinary spreadsheets are (numbers that differ), but one sheet of 2.5 MB unpacked."""
    numbers = random.Random(13)
    rows = b"".join(b"<row><c><v>%d</v></c></row>" % numbers.randrange(10**9) for _ in range(90_000))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", SHEET_START + rows + SHEET_END)
    assert len(out.getvalue()) < imports.MAX_BYTES
    messages, _peak, _seconds = refused(actor, "satser.xlsx", out.getvalue())
    assert messages[0].startswith("The workbook is not read: it unpacks to more than 2 MB")


def test_a_workbook_of_too_many_parts_is_refused(actor, english):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(imports.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"xl/part{i}.xml", b"<x/>")
    messages, _peak, _seconds = refused(actor, "satser.xlsx", out.getvalue())
    assert messages[0].startswith("The workbook is not read: it has more than 200 parts")


def test_a_file_over_the_upload_size_is_refused_unread(actor, english):
    messages, _peak, _seconds = refused(actor, "satser.csv", b"x" * (imports.MAX_BYTES + 1))
    assert messages == ["The file is too large for a rate table."]


def test_reading_stops_after_the_row_limit(actor, english):
    """Two megabytes of empty lines were read whole into two million rows; reading now stops at the limit."""
    content = csv("år;kode;beløp\n" + "\n" * (imports.MAX_BYTES - 100))
    messages, peak, _seconds = refused(actor, "satser.csv", content)
    assert messages == ["The file has more than 500 rows; a rate table has far fewer."]
    assert peak < 20_000_000


def test_a_workbook_made_from_our_own_template_passes_the_checks(actor):
    """The limits leave room for real files: the template the rates page hands out, filled in, imports."""
    from lagrundt.core.documents import xlsx_bytes
    from lagrundt.finance.presenters import rates_template_sheet

    template = rates_template_sheet(2031)
    rows = [[*row[:3], 1000 + i, "fra malen"] for i, row in enumerate(template.rows)]
    content = xlsx_bytes([type(template)(template.title, template.header, rows)])
    imports.check_zip(content)
    saved = run_import(actor, "satser-2031.xlsx", content)
    assert len(saved) == len(rows)
