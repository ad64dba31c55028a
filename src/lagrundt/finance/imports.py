"""Reading a published rate table from a CSV or XLSX file (layout in docs/finance.md).

Columns, found by their header (in any order, other columns ignored): ``år`` (or ``year``), ``kode``
(``code``), ``beløp`` (``amount``) and optionally ``merknad`` (``note``). A row without an amount is
skipped, so that the template with every code can be filled in part. Reading never writes: the
service checks every row and imports all or nothing.
"""

import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from .models import GrantCode

HEADERS = {
    "year": ("år", "ar", "year"),
    "code": ("kode", "code"),
    "amount": ("beløp", "belop", "amount", "sats"),
    "note": ("merknad", "note", "kommentar"),
}
REQUIRED = ("year", "code", "amount")
MAX_ROWS = 500
MAX_BYTES = 2_000_000
# A workbook is a zip of XML files, checked before openpyxl opens it (a 1 MB "zip bomb" once unpacked to
# almost 1 GB): a rate table's parts unpack to a few hundred kilobytes, far below these limits.
MAX_ZIP_ENTRIES = 200
MAX_UNPACKED_BYTES = 10_000_000  # all parts together (a workbook's styles can be large)
MAX_PART_BYTES = 2_000_000  # one part: a sheet of 500 rows is some hundred kilobytes of XML
MAX_PACKING_RATIO = 100  # unpacked size / packed size of one part; real workbooks pack 5–30 times
RATIO_CHECKED_FROM = 500_000  # smaller parts cannot do harm, whatever their ratio
MAX_COLUMNS = 50

MSG_NOT_A_TABLE = _("The file is neither a CSV file nor an Excel workbook (XLSX).")
MSG_TOO_LARGE = _("The file is too large for a rate table.")
MSG_UNPACKS_TOO_LARGE = _(
    "The workbook is not read: it unpacks to more than %(max)s MB, far more than a rate table. "
    "Save the rate table again as an ordinary workbook or as a CSV file."
)
MSG_TOO_MANY_PARTS = _(
    "The workbook is not read: it has more than %(max)s parts, far more than a rate table. "
    "Save the rate table again as an ordinary workbook or as a CSV file."
)
MSG_ODD_PACKING = _(
    "The workbook is not read: a part of it is packed %(ratio)s times tighter than a spreadsheet ever is. "
    "Save the rate table again as an ordinary workbook or as a CSV file."
)
MSG_NO_HEADER = _("The first row must name the columns år, kode and beløp (see the layout on this page).")
MSG_NO_ROWS = _("The file has no rates.")
MSG_TOO_MANY_ROWS = _("The file has more than %(max)s rows; a rate table has far fewer.")
MSG_UNKNOWN_CODE = _("Row %(row)s: unknown grant code «%(code)s».")
MSG_BAD_YEAR = _("Row %(row)s: «%(value)s» is not a year between 2000 and 2100.")
MSG_BAD_AMOUNT = _("Row %(row)s: «%(value)s» is not an amount in kroner.")
MSG_NEGATIVE = _("Row %(row)s: the amount cannot be negative.")
MSG_DUPLICATE = _("Row %(row)s: the rate for %(code)s in %(year)s is given twice (also in row %(first)s).")
MSG_EXISTS = _(
    "Row %(row)s: %(year)s already has a rate for %(code)s. "
    "Choose «Replace rates already entered» to replace it."
)


@dataclass(frozen=True)
class RawRow:
    number: int  # the row's number in the file, the header being row 1
    year: object
    code: object
    amount: object
    note: object


@dataclass(frozen=True)
class RateRow:
    number: int
    year: int
    code: str
    amount: Decimal
    note: str


class RateFileError(Exception):
    """The file cannot be read as a table at all (not a row's fault)."""

    def __init__(self, message, params=None):
        self.message = message
        self.params = params or {}
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def _normalise_header(value) -> str:
    return str(value or "").strip().lower()


def _columns(header: list) -> dict[str, int]:
    names = [_normalise_header(h) for h in header]
    found = {}
    for key, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[key] = i
                break
    if any(key not in found for key in REQUIRED):
        raise RateFileError(MSG_NO_HEADER)
    return found


def _rows_from_table(table: list[list]) -> list[RawRow]:
    # Leading blank lines are skipped; the first line with content is the header.
    start = next((i for i, row in enumerate(table) if any(str(c or "").strip() for c in row)), None)
    if start is None:
        raise RateFileError(MSG_NO_ROWS)
    columns = _columns(table[start])
    if len(table) - start - 1 > MAX_ROWS:
        raise RateFileError(MSG_TOO_MANY_ROWS, {"max": MAX_ROWS})

    def cell(row, key):
        i = columns.get(key)
        return row[i] if i is not None and i < len(row) else None

    rows = []
    for index, row in enumerate(table[start + 1 :], start=start + 2):
        if not any(str(c if c is not None else "").strip() for c in row):
            continue
        rows.append(
            RawRow(index, cell(row, "year"), cell(row, "code"), cell(row, "amount"), cell(row, "note"))
        )
    return rows


def read_rate_file(name: str, content: bytes) -> list[RawRow]:
    """The rows of a CSV (semicolon or comma, UTF-8) or XLSX file, numbered as in the file."""
    if len(content) > MAX_BYTES:
        raise RateFileError(MSG_TOO_LARGE)
    if content[:2] == b"PK":
        return _rows_from_table(_xlsx_table(content))
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise RateFileError(MSG_NOT_A_TABLE)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # CSV saved by Norwegian Excel without UTF-8
        except UnicodeDecodeError as exc:
            raise RateFileError(MSG_NOT_A_TABLE) from exc
    if "\x00" in text:
        raise RateFileError(MSG_NOT_A_TABLE)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return _rows_from_table(_first_rows(csv.reader(io.StringIO(text), delimiter=delimiter)))


def _first_rows(rows) -> list[list]:
    """Enough rows to find the header and tell a table that is too long; the rest is never read."""
    return [list(row[:MAX_COLUMNS]) for row in itertools.islice(rows, MAX_ROWS + 50)]


def check_zip(content: bytes) -> None:
    """Refuse a workbook whose parts would unpack to far more than a rate table, before anything unpacks.

    The sizes are those the zip declares; Python's zipfile never unpacks a part beyond its declared size
    (it stops with a checksum error), so a file cannot lie its way past them.
    """
    try:
        parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise RateFileError(MSG_NOT_A_TABLE) from exc
    if len(parts) > MAX_ZIP_ENTRIES:
        raise RateFileError(MSG_TOO_MANY_PARTS, {"max": MAX_ZIP_ENTRIES})
    if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise RateFileError(MSG_UNPACKS_TOO_LARGE, {"max": MAX_UNPACKED_BYTES // 1_000_000})
    if any(p.file_size > MAX_PART_BYTES for p in parts):
        raise RateFileError(MSG_UNPACKS_TOO_LARGE, {"max": MAX_PART_BYTES // 1_000_000})
    for part in parts:
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_PACKING_RATIO * part.compress_size:
            raise RateFileError(MSG_ODD_PACKING, {"ratio": part.file_size // max(part.compress_size, 1)})


def _xlsx_table(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise RateFileError(MSG_NOT_A_TABLE) from exc
    try:
        return _first_rows(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True))
    except Exception as exc:  # a part that is not the XML it claims to be
        raise RateFileError(MSG_NOT_A_TABLE) from exc
    finally:
        workbook.close()


# ---------------------------------------------------------------------------- values
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_amount(value) -> Decimal | None:
    """Kroner as Norwegians write them: "241 100", "241 100,50", "241.100", "kr 241100". None if not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value or "").strip().lower().removeprefix("kr").removesuffix("kr").strip()
    text = text.replace("\u2212", "-")
    for space in (" ", "\u00a0", "\u202f", "'"):
        text = text.replace(space, "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_DOTS.match(text.lstrip("-")):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"\d{4}", text):
        return None
    year = int(text)
    return year if 2000 <= year <= 2100 else None


def is_blank(value) -> bool:
    return value is None or str(value).strip() == ""


def check_rows(
    raw: list[RawRow], existing: set[tuple[str, int]], *, replace: bool
) -> tuple[list[RateRow], list[tuple[object, dict]]]:
    """The rows as rates, and every error as (message, params) naming its row. Pure."""
    rows: list[RateRow] = []
    errors: list[tuple[object, dict]] = []
    seen: dict[tuple[str, int], int] = {}
    codes = set(GrantCode.values)
    for r in raw:
        if is_blank(r.amount):
            continue
        code = str(r.code or "").strip()
        row_errors = []
        if code not in codes:
            row_errors.append((MSG_UNKNOWN_CODE, {"row": r.number, "code": code[:60]}))
        year = parse_year(r.year)
        if year is None:
            row_errors.append((MSG_BAD_YEAR, {"row": r.number, "value": str(r.year or "")[:20]}))
        amount = parse_amount(r.amount)
        if amount is None:
            row_errors.append((MSG_BAD_AMOUNT, {"row": r.number, "value": str(r.amount)[:30]}))
        elif amount < 0:
            row_errors.append((MSG_NEGATIVE, {"row": r.number}))
        if not row_errors:
            key = (code, year)
            if key in seen:
                row_errors.append(
                    (MSG_DUPLICATE, {"row": r.number, "code": code, "year": year, "first": seen[key]})
                )
            elif key in existing and not replace:
                row_errors.append((MSG_EXISTS, {"row": r.number, "code": code, "year": year}))
            seen.setdefault(key, r.number)
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(RateRow(r.number, year, code, amount, str(r.note or "").strip()[:300]))
    if not rows and not errors:
        errors.append((MSG_NO_ROWS, {}))
    return rows, errors
