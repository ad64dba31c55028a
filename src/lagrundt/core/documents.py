"""Documents people take away: PDF letters and reports (WeasyPrint), and tables as XLSX and CSV.

Every app renders its letters, reports and exports through these few functions, so that a PDF uses
the same fonts and charts as the page, an export opens in Excel with dates and numbers as such, and
no document is fetched from outside the server.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

PDF_BASE_URL = "https://lagrundt.invalid/"


def _static_fetcher():
    """A WeasyPrint fetcher that reads our own static files (fonts, CSS) and nothing else.

    No network and no other file: a document cannot leak a request to the outside or read the
    server's files, whatever a user typed into it.
    """
    import weasyprint

    class StaticOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            path = unquote(parsed.path)
            if parsed.netloc == "lagrundt.invalid" and path.startswith("/static/") and ".." not in path:
                name = path.removeprefix("/static/")
                # In development the finders know the file; in production its hashed name is in the
                # collected files only.
                found = finders.find(name) or (
                    staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
                )
                if found:
                    response = super().fetch(Path(found).as_uri(), headers)
                    # Keep the static address, so that a stylesheet's relative URLs (its fonts)
                    # resolve to static files again rather than to files on disk.
                    response.url = url
                    return response
            raise ValueError(f"Documents may only use the server's own static files, not {url[:80]}")

    return StaticOnly(allowed_protocols=("file", "data"), allow_redirects=False)


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a template (extending ``documents/base.html``) to PDF bytes, in ``language`` if given."""
    import weasyprint

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_fetcher()).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------- tables
@dataclass(frozen=True)
class Sheet:
    """One table: a title (an XLSX sheet name), a header row and the rows of cells."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]


# A cell whose text starts with one of these is a formula to Excel and LibreOffice (OWASP's list): a name
# typed as ``=HYPERLINK("https://…","Open")`` would become a live link in the leader's spreadsheet. Every
# cell of every export, the header row included, passes through ``_xlsx_value`` or ``_csv_value`` below.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (control characters other than tab and line breaks).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters Excel does not allow in a sheet's name.
_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _cell(value):
    """Excel understands dates, numbers and text; aware datetimes become local time without a zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | dt.date | str | bool):
        return value
    return str(value)


def _xlsx_value(worksheet, value):
    """A cell for the workbook. Text that looks like a formula is stored as text, marked with Excel's own
    quote prefix (as when a user types ``'=…``): it shows as typed and stays text when edited."""
    value = _cell(value)
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value)
    cell.data_type = "s"  # openpyxl would otherwise write a text starting with "=" as a formula
    cell.quotePrefix = True
    return cell


def _sheet_title(title) -> str:
    title = _TITLE_ILLEGAL.sub("-", str(title or "")).strip().strip("'")[:31].strip()
    return title or "Ark"


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        worksheet.append([_xlsx_value(worksheet, h) for h in sheet.header])
        for row in sheet.rows:
            worksheet.append([_xlsx_value(worksheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: Sheet, *, delimiter: str = ";") -> bytes:
    """CSV as Norwegian Excel opens it: semicolons, UTF-8 with a byte order mark, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_value(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    """A cell for the CSV file. A CSV cell has no type, so text that looks like a formula gets a leading
    apostrophe, which Excel shows and never evaluates."""
    value = _cell(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if value is None:
        return ""
    if looks_like_formula(value):
        return "'" + value
    return value


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(sheet: Sheet, filename: str, **options) -> HttpResponse:
    response = HttpResponse(csv_bytes(sheet, **options), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
