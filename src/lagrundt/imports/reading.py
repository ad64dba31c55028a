"""Reading a spreadsheet a row at a time: XLSX (the first sheet) or CSV (semicolons or commas, UTF-8 with
or without a byte order mark, else Windows-1252).

The first row names the columns, by a kind's column key, its label in any of Lagrundt's languages, or an
alias, in any case. ``rows`` yields ``(row number, {column key: raw value})`` for every row that is not
blank; the row number is the one the user sees in Excel (the header is row 1). Nothing is decoded or
unpacked as a whole: a CSV file is read line by line, a workbook in openpyxl's read-only mode.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .kinds.base import Kind

MAX_COLUMNS = 60
# A workbook is a zip of XML files, checked before openpyxl opens it: a small "zip bomb" unpacks to
# gigabytes. A sheet of 10 000 persons is some megabytes of XML; these limits leave room for 100 000.
MAX_ZIP_ENTRIES = 500
MAX_UNPACKED_BYTES = 400_000_000
MAX_PACKING_RATIO = 100  # unpacked size / packed size of one part; real workbooks pack 5–30 times
RATIO_CHECKED_FROM = 2_000_000  # smaller parts cannot do harm, whatever their ratio
ZIP_MAGIC = b"PK\x03\x04"


class FileError(Exception):
    """The file as a whole cannot be read: the message to show, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def fold(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def header_names(kind: Kind) -> dict[str, str]:
    """Every header a column is known by (folded) → the column's key."""
    names: dict[str, str] = {}
    languages = [code for code, _name in settings.LANGUAGES]
    for column in kind.columns:
        names[fold(column.key)] = column.key
        for alias in column.aliases:
            names[fold(alias)] = column.key
        for language in languages:
            with translation.override(language):
                names[fold(column.label)] = column.key
    return names


def match_header(kind: Kind, header: list) -> list[str | None]:
    """The column key of each cell of the header row (None for an empty cell); raises ``FileError``
    naming every unknown column once and every required column that is missing."""
    names = header_names(kind)
    keys: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    twice: list[str] = []
    for cell in header:
        text = " ".join(str(cell if cell is not None else "").split())
        if not text:
            keys.append(None)
            continue
        key = names.get(fold(text))
        if key is None:
            if text not in unknown:
                unknown.append(text)
        elif key in seen:
            twice.append(text)
        seen.add(key)
        keys.append(key)
    problems = []
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s.") % {"columns": ", ".join(f"«{u}»" for u in unknown)}
        )
    if twice:
        problems.append(
            _("Columns given twice: %(columns)s.") % {"columns": ", ".join(f"«{t}»" for t in twice)}
        )
    missing = [str(c.label) for c in kind.columns if c.required and c.key not in seen]
    if missing:
        problems.append(
            _("Required columns missing: %(columns)s.") % {"columns": ", ".join(f"«{m}»" for m in missing)}
        )
    if problems:
        raise FileError(" ".join(problems))
    return keys


def is_xlsx(content: bytes) -> bool:
    return content[:4] == ZIP_MAGIC


def estimate_rows(content: bytes) -> int:
    """The number of data rows, estimated without reading the rows: the sheet's dimension for a workbook,
    the line count for a CSV file."""
    if is_xlsx(content):
        try:
            check_zip(content)
            return max(0, _xlsx_row_count(content) - 1)
        except (FileError, KeyError, zipfile.BadZipFile, OSError):
            return 0
    return max(0, content.count(b"\n") - (0 if content.endswith(b"\n") else -1) - 1)


def rows(content: bytes, kind: Kind) -> Iterator[tuple[int, dict]]:
    """The file's rows as (row number, {column key: raw value}); blank rows are skipped."""
    source = _xlsx_rows(content) if is_xlsx(content) else _csv_rows(content)
    header = next(source, None)
    if header is None:
        raise FileError(_("The file is empty."))
    keys = match_header(kind, list(header)[:MAX_COLUMNS])
    for number, cells in source:
        values = {}
        for key, cell in zip(keys, cells, strict=False):
            if key is not None:
                values[key] = cell
        if all(_blank(v) for v in values.values()):
            continue
        yield number, values


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------- XLSX
def check_zip(content: bytes) -> None:
    """Refuse a workbook whose parts would unpack to far more than any spreadsheet, before anything
    unpacks. The sizes are those the zip declares; Python's zipfile never unpacks a part beyond its declared
    size (it stops with a checksum error), so a file cannot lie its way past them."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise FileError(_("The file is neither a CSV file nor an Excel workbook (XLSX).")) from exc
    too_large = _(
        "The workbook is not read: it unpacks to far more than a spreadsheet of this kind. "
        "Save it again as an ordinary workbook or as a CSV file."
    )
    if len(parts) > MAX_ZIP_ENTRIES or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise FileError(too_large)
    for part in parts:
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_PACKING_RATIO * part.compress_size:
            raise FileError(too_large)


def _xlsx_row_count(content: bytes) -> int:
    """The rows of the first sheet, from its dimension (``A1:K10001``) when the writer recorded one, else
    counted in its XML a piece at a time."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = sorted(
        n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")
    )
    with archive.open(sheets[0]) as part:
        head = part.read(4096)
        found = re.search(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
        if found:
            return int(found.group(1))
        count, tail = head.count(b"<row "), head[-4:]
        while chunk := part.read(1 << 16):
            count += (tail + chunk).count(b"<row ")
            tail = chunk[-4:]
        return count


def _open_workbook(content: bytes):
    from openpyxl import load_workbook

    check_zip(content)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileError(_("The file is neither a CSV file nor an Excel workbook (XLSX).")) from exc


def _xlsx_rows(content: bytes) -> Iterator:
    workbook = _open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        number = 0
        try:
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                yield cells if number == 1 else (number, cells)
        except Exception as exc:  # a part that is not the XML it claims to be
            raise FileError(_("The workbook could not be read after row %(row)s.") % {"row": number}) from exc
    finally:
        workbook.close()


# ----------------------------------------------------------------------------------------- CSV
def encoding_of(content: bytes) -> str:
    """UTF-8 (with its byte order mark skipped) when the whole file decodes as UTF-8, else Windows-1252.
    Checked in pieces, so that the decoded text is never held as a whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(content), 1 << 16):
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def delimiter_of(first_line: str) -> str:
    """Semicolons (as Norwegian Excel saves) unless the header row has more commas; or a tab."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_rows(content: bytes) -> Iterator:
    if b"\x00" in content[:4096]:
        raise FileError(_("The file is neither a CSV file nor an Excel workbook (XLSX)."))
    stream = io.TextIOWrapper(
        io.BytesIO(content), encoding=encoding_of(content), errors="replace", newline=""
    )
    first = stream.readline()
    if not first.strip():
        return
    delimiter = delimiter_of(first)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield cells if number == 1 else (number, cells)
    except csv.Error as exc:
        raise FileError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def cells_text(value) -> str:
    """A raw cell as the error table shows it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:200]
