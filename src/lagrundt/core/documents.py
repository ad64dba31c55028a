"""Documents people take away: PDF letters and reports (WeasyPrint), and tables as XLSX and CSV.

Every app renders its letters, reports and exports through these few functions, so that a PDF uses
the same fonts and charts as the page, an export opens in Excel with dates and numbers as such, and
no document is fetched from outside the server.
"""

import csv
import datetime as dt
import io
import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

PDF_BASE_URL = "https://lagrundt.invalid/"

logger = logging.getLogger(__name__)


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


# One WeasyPrint font configuration per thread, reused by every document the thread renders.
_PER_THREAD = threading.local()


def _font_config():
    """The thread's font configuration, made at its first document.

    Making one reads the system's font list, and a document's stylesheet then loads the print fonts
    into it (each file fetched, written to a temporary folder and registered with fontconfig). A
    configuration kept for the thread pays for that once: WeasyPrint keeps a loaded face under its
    rule's descriptors, so the next document that declares the same faces loads nothing. A face one
    document declared (a letter's script font) stays available to the next as a fallback only: the
    families documents name are declared in every one. Threads do not share one, as fontconfig and
    Pango objects are not safe to use from two threads at once.
    """
    fonts = getattr(_PER_THREAD, "fonts", None)
    if fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        fonts = _PER_THREAD.fonts = FontConfiguration()
    return fonts


def warm_up() -> None:
    """Import WeasyPrint (most of a second) before the first document is asked for: called when the web
    server loads the application (``lagrundt.wsgi``) and by the document task, so no user waits on it."""
    import weasyprint  # noqa: F401


def render_pdf(
    template_name: str,
    context: dict,
    *,
    language: str | None = None,
    progress: Callable[[int], None] | None = None,
    pdf_variant: str | None = None,
) -> bytes:
    """Render a template (extending ``documents/base.html``) to PDF bytes, in ``language`` if given.

    ``progress``, if given, is told how far the work has come in per cent (a background job shows it).
    ``pdf_variant`` (e.g. ``"pdf/a-2b"``) asks WeasyPrint for that variant, as the archive needs.
    """
    import weasyprint

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    if progress:
        progress(30)
    fonts = _font_config()
    document = weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_fetcher()).render(
        font_config=fonts
    )
    if progress:
        progress(75)
    if pdf_variant:
        return document.write_pdf(pdf_variant=pdf_variant)
    return document.write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# ------------------------------------------------------------------ documents made in the background
# A document that may take more than a couple of seconds is made by a task, not while the user waits
# on a link: the view asks for a job (``document_job_make``), the job's page shows its progress and
# then a download link. The function that renders it is marked ``document_kind``; the job keeps its
# dotted path and keyword arguments, so that a worker in another process finds it again.
JOB_KEPT = dt.timedelta(days=1)


def document_kind(function):
    """Mark ``function`` as one that renders a document for a job. It is called with the job's
    parameters as keyword arguments and ``progress`` (a function taking a per cent, or None), and
    returns the PDF bytes and the file name."""
    function.document_kind = True
    return function


def _kind_path(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def document_jobs_delete_old(now: dt.datetime | None = None) -> int:
    """Delete the jobs asked for more than a day ago, with their documents (each night, and whenever a
    job is asked for). Returns how many were deleted."""
    from .models import DocumentJob

    cutoff = (now or timezone.now()) - JOB_KEPT
    deleted, _by_model = DocumentJob.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def document_job_make(*, user, render, parameters: dict, title: str):
    """Ask for a document: a job for ``user`` that the task worker renders with ``render`` (a function
    marked ``document_kind``) and ``parameters``. With the immediate task backend (tests) it is done
    when this returns. Old jobs are deleted first."""
    from .models import DocumentJob
    from .tasks import document_job_run

    if not getattr(render, "document_kind", False):
        raise ValueError(f"{_kind_path(render)} is not marked as a document kind")
    document_jobs_delete_old()
    # The job and its task row are written together: a worker never sees a task without its job.
    with transaction.atomic():
        job = DocumentJob.objects.create(
            requested_by=user, kind=_kind_path(render), parameters=parameters, title=title[:200]
        )
        document_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


def document_job_of(user, pk: int, *, render, parameters: dict):
    """The job ``pk`` if ``user`` asked for it, for the same document (``render`` and ``parameters``, as
    the page's address says) and not older than a day; else None (the view answers 404)."""
    from .models import DocumentJob

    if not getattr(user, "is_authenticated", False):
        return None
    job = DocumentJob.objects.filter(
        pk=pk,
        requested_by=user,
        kind=_kind_path(render),
        created_at__gte=timezone.now() - JOB_KEPT,
    ).first()
    if job is None or job.parameters != parameters:
        return None
    return job


def document_job_render(job_id: int) -> str:
    """Render a job's document (the task's work): the job moves from queued to running to done, with
    its progress stored as it goes, or to failed. Returns the final status."""
    from .models import DocumentJob, DocumentJobStatus

    jobs = DocumentJob.objects.filter(pk=job_id)
    # Claimed once: a task run twice (a worker restarted) does not render twice.
    if not jobs.filter(status=DocumentJobStatus.QUEUED).update(status=DocumentJobStatus.RUNNING, progress=5):
        return "gone"
    job = jobs.get()

    def progress(per_cent: int) -> None:
        jobs.update(progress=max(0, min(99, int(per_cent))))

    try:
        render = import_string(job.kind)
        if not job.kind.startswith("lagrundt.") or not getattr(render, "document_kind", False):
            raise ValueError(f"{job.kind} is not a document kind")
        content, filename = render(**job.parameters, progress=progress)
    except Exception as exc:
        logger.exception("Document job %s (%s) failed", job_id, job.kind)
        jobs.update(
            status=DocumentJobStatus.FAILED, error=type(exc).__name__[:300], finished_at=timezone.now()
        )
        return DocumentJobStatus.FAILED
    jobs.update(
        status=DocumentJobStatus.DONE,
        progress=100,
        content=content,
        filename=filename[:200],
        finished_at=timezone.now(),
    )
    return DocumentJobStatus.DONE


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
