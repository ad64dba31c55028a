"""An import of one spreadsheet: its file, the dry run's findings and the import's outcome."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.tenancy.models import Municipality


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """One uploaded file: checked in the background (the dry run), then imported on the user's word.

    The file's bytes are kept only until the import is done (or for a day); the findings stay, as counts
    and a bounded list of rows for the job's page."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The page's language when the file was uploaded: the background work writes its messages in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"), null=True, editable=False)
    sha256 = models.CharField(_("checksum"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all (estimated)"), default=0)
    # {"new": n, "changed": n, "unchanged": n, "errors": n, "rows": n}
    counts = models.JSONField(_("counts"), default=dict)
    # [{"row": n, "column": label, "value": text, "message": text}], the first ones only
    errors = models.JSONField(_("errors"), default=list)
    # {"new": [...], "changed": [...], "unchanged": [...]}, the first rows of each
    preview = models.JSONField(_("preview"), default=dict)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [models.Index(fields=["created_by", "created_at"], name="import_job_user")]

    def __str__(self):
        return self.filename

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def progress(self) -> int:
        """Per cent of the rows done (the total is an estimate, so it stops at 99 until the end)."""
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))

    @property
    def error_count(self) -> int:
        return int(self.counts.get("errors", 0))

    @property
    def may_apply(self) -> bool:
        return (
            self.status == ImportStatus.CHECKED
            and self.error_count == 0
            and (self.counts.get("new", 0) + self.counts.get("changed", 0)) > 0
        )
