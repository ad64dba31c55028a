"""The import of a spreadsheet: a dry run that checks every row and shows what would change, then the
import, all or nothing, through the kind's services.

``job_start`` stores the file and asks the task worker for the dry run (``dry_run``); the job's page
follows it. ``apply_start`` asks for the import (``apply``), which reads the file again, checks every row
again (the register may have changed since the dry run) and writes new and changed rows in one
transaction: one bad row rolls back every row. Importing the same file twice writes nothing the second
time, since every row is then unchanged.
"""

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor
from lagrundt.people import signals as people_signals
from lagrundt.tenancy.selectors import municipalities_for

from . import reading
from .kinds import all_kinds
from .kinds.base import Context, Kind, RowError, RowErrors, RowsErrors
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)

MAX_BYTES = 20_000_000
MAX_SHOWN = 500  # rows of each list kept for the job's page (the counts are of every row)
PROGRESS_EVERY = 200
SAVE_BATCH = 500  # new rows written at once by the kind's ``save_many``
KEEP_FILE_FOR = dt.timedelta(days=1)


class Rollback(Exception):
    """Raised inside the import's transaction to undo every row."""


def candidate_municipalities(user) -> list:
    """The municipalities the user's units serve: the only ones a kind could let them import into."""
    return municipalities_for(user)


def kinds_for(user, municipalities=None) -> dict[str, tuple[Kind, list]]:
    """The kinds the user may import, each with the municipalities they may import it into."""
    if municipalities is None:
        municipalities = candidate_municipalities(user)
    found = {}
    for key, kind in all_kinds().items():
        allowed = [m for m in municipalities if kind.may_import(user, m)]
        if allowed:
            found[key] = (kind, allowed)
    return found


def job_of(user, pk: int) -> ImportJob | None:
    """The job ``pk`` if ``user`` uploaded it (and may still import its kind there); else None (404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    job = ImportJob.objects.select_related("municipality").filter(pk=pk, created_by=user).first()
    if job is None:
        return None
    kind = all_kinds().get(job.kind)
    if kind is None or not kind.may_import(user, job.municipality):
        return None
    return job


def job_start(*, user, kind: Kind, municipality, filename: str, content: bytes, language: str) -> ImportJob:
    """Store the file and ask for its dry run. The caller has checked ``kind.may_import``."""
    from .tasks import import_check

    if not kind.may_import(user, municipality):
        raise PermissionError("may not import")
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 1_000_000})
    clear_old_files()
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=user,
            municipality=municipality,
            kind=kind.key,
            language=language,
            filename=filename[:200],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            rows_total=reading.estimate_rows(content),
        )
        import_check.enqueue(job.pk)
    job.refresh_from_db()
    return job


def apply_start(job: ImportJob) -> bool:
    """Ask for the import of a checked job without errors; False when it may not (yet) be imported."""
    from .tasks import import_apply

    if not job.may_apply:
        return False
    with transaction.atomic():
        # Only one import of a job, however often the button is pressed.
        if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING, rows_done=0
        ):
            return False
        import_apply.enqueue(job.pk)
    return True


def clear_old_files() -> int:
    """Forget the files of jobs older than a day (their findings stay)."""
    return (
        ImportJob.objects.filter(created_at__lt=timezone.now() - KEEP_FILE_FOR, content__isnull=False)
        .exclude(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING])
        .update(content=None)
    )


# ------------------------------------------------------------------------------------- the runs
def dry_run(job_id: int) -> str:
    """Check every row of the job's file and store what an import would do. Writes nothing but the job."""
    job = ImportJob.objects.select_related("municipality", "created_by").get(pk=job_id)
    with translation.override(job.language or None):
        try:
            outcome = _run(job, save=False)
        except Exception:
            log.exception("dry run of import %s failed", job.pk)
            message = _(
                "The file could not be checked. Try again; if it fails again, tell the system administrator."
            )
            return _finish(job, ImportStatus.FAILED, errors=[_error(None, None, "", message)])
    # A file with errors can never be imported: it is not kept (the user uploads a corrected one).
    kept = {"content": None} if outcome["counts"]["errors"] else {}
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        checked_at=timezone.now(),
        rows_done=outcome["counts"]["rows"],
        **outcome,
        **kept,
    )
    return ImportStatus.CHECKED


def apply(job_id: int) -> str:
    """Import the job's file in one transaction, if its dry run found no error and the file is the same."""
    job = ImportJob.objects.select_related("municipality", "created_by").get(pk=job_id)
    with translation.override(job.language or None):
        if job.content is None or hashlib.sha256(bytes(job.content)).hexdigest() != job.sha256:
            message = _("The file is no longer kept. Upload it again.")
            return _finish(job, ImportStatus.FAILED, errors=[_error(None, None, "", message)])
        outcome: dict[str, Any] = {}
        try:
            with transaction.atomic(), people_signals.collecting():
                outcome = _run(job, save=True)
                if outcome["counts"]["errors"]:
                    raise Rollback
        except Rollback:
            return _finish(job, ImportStatus.FAILED, **outcome)
        except Exception:
            log.exception("import %s failed", job.pk)
            message = _(
                "The import failed and nothing was imported. "
                "Try again; if it fails again, tell the system administrator."
            )
            return _finish(job, ImportStatus.FAILED, errors=[_error(None, None, "", message)])
    return _finish(job, ImportStatus.DONE, **outcome)


def _finish(job: ImportJob, status: str, *, errors=None, counts=None, preview=None) -> str:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "content": None}
    if errors is not None:
        fields["errors"] = errors
        fields["counts"] = {
            **(counts or job.counts),
            "errors": max(len(errors), (counts or {}).get("errors", 0)),
        }
    elif counts is not None:
        fields["counts"] = counts
    if preview is not None:
        fields["preview"] = preview
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    return status


def _error(kind: Kind | None, column: str | None, value, message) -> dict:
    label = ""
    if kind is not None and column is not None:
        label = next((str(c.label) for c in kind.columns if c.key == column), column)
    return {"row": None, "column": label, "value": _shown(value), "message": str(message)}


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return reading.cells_text(value)


def _run(job: ImportJob, *, save: bool) -> dict:
    """Read every row: clean, key, find, compare, and (``save``) write. The outcome for the job."""
    kind = all_kinds()[job.kind]
    context = Context(
        actor=Actor(user=job.created_by, detail=f"/import/{job.pk}/"), municipality=job.municipality
    )
    counts = {"rows": 0, "new": 0, "changed": 0, "unchanged": 0, "errors": 0}
    errors: list[dict] = []
    preview: dict[str, list] = {"new": [], "changed": [], "unchanged": []}
    seen: dict[bytes, int] = {}

    def add_error(number, column, value, message):
        counts["errors"] += 1
        if len(errors) < MAX_SHOWN:
            errors.append({**_error(kind, column, value, message), "row": number})

    pending: list[tuple[int, dict, dict]] = []  # new rows waiting for ``save_many``: number, values, cleaned

    def flush():
        batch = pending[:]
        pending.clear()
        if not batch or counts["errors"]:
            return
        try:
            kind.save_many([cleaned for _n, _v, cleaned in batch], context)
        except RowsErrors as exc:
            for index, row_errors in sorted(exc.errors.items()):
                number, values, _cleaned = batch[index]
                for error in row_errors.errors:
                    add_error(
                        number, error.column, values.get(error.column) if error.column else "", error.message
                    )

    try:
        kind.prepare(context)
        for number, values in reading.rows(bytes(job.content), kind):
            counts["rows"] += 1
            if counts["rows"] % PROGRESS_EVERY == 0 and not save:
                ImportJob.objects.filter(pk=job.pk).update(rows_done=counts["rows"])
            try:
                cleaned = kind.clean(values, context)
                # The keys seen so far as short digests: a long file's keys take a fraction of the memory.
                key = hashlib.blake2b(repr(kind.natural_key(cleaned)).encode(), digest_size=8).digest()
                if key in seen:
                    raise RowErrors([RowError(None, _("The same as row %(row)s.") % {"row": seen[key]})])
                seen[key] = number
                existing = kind.find(cleaned, context)
                changes = {} if existing is None else kind.changes(existing, cleaned)
                if existing is None or changes:
                    state = "new" if existing is None else "changed"
                    if save and not counts["errors"]:
                        if existing is None:
                            pending.append((number, values, cleaned))
                            if len(pending) >= SAVE_BATCH:
                                flush()
                        else:
                            kind.save(cleaned, existing, context)
                else:
                    state = "unchanged"
            except RowErrors as exc:
                for error in exc.errors:
                    add_error(
                        number, error.column, values.get(error.column) if error.column else "", error.message
                    )
                continue
            except ValidationError as exc:
                for message in exc.messages:
                    add_error(number, None, "", message)
                continue
            counts[state] += 1
            if len(preview[state]) < MAX_SHOWN:
                row = {"row": number, "name": kind.describe(cleaned)}
                if changes:
                    row["changes"] = [
                        [_column_label(kind, field), kind.display(field, old), kind.display(field, new)]
                        for field, (old, new) in changes.items()
                    ]
                preview[state].append(row)
        flush()
    except reading.FileError as exc:
        add_error(None, None, "", exc.message)
    if not counts["rows"] and not counts["errors"]:
        add_error(None, None, "", _("The file has no rows below the header row."))
    return {"counts": counts, "errors": errors, "preview": preview}


def _column_label(kind: Kind, key: str) -> str:
    return next((str(c.label) for c in kind.columns if c.key == key), key)
