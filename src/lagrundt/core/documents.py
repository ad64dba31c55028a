"""Documents people take away: PDF letters and reports (WeasyPrint), and tables as XLSX and CSV.

Every app renders its letters, reports and exports through these few functions, so that a PDF uses
the same fonts and charts as the page, an export opens in Excel with dates and numbers as such, and
no document is fetched from outside the server.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders
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
                found = finders.find(path.removeprefix("/static/"))
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


def _cell(value):
    """Excel understands dates, numbers and text; aware datetimes become local time without a zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | dt.date | str | bool):
        return value
    return str(value)


def _safe_text(value):
    """A text starting with = + - @ is a formula to Excel; keep it text (CSV and formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=(sheet.title or "Ark")[:31])
        worksheet.append([str(h) for h in sheet.header])
        for row in sheet.rows:
            worksheet.append([_safe_text(_cell(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: Sheet, *, delimiter: str = ";") -> bytes:
    """CSV as Norwegian Excel opens it: semicolons, UTF-8 with a byte order mark, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([str(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow([_safe_text(_csv_cell(_cell(v))) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if value is None:
        return ""
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
