"""The one model of the core: a document made in the background (``DocumentJob``).

A document that may take more than a moment (the report to the council) is not made while the user
waits on a link: the view asks for a job, a task renders it (``core.documents.document_job_run``) and
the job's page shows its progress, then a download link. Only the user who asked may see or fetch
it; a job is deleted a day after it was asked for (``core.documents.document_jobs_delete_old``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentJob(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked by")
    )
    # The dotted path of the function that renders the document (marked ``documents.document_kind``),
    # set by the code that asks for the job, never by a user.
    kind = models.CharField(_("kind"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentJobStatus.choices, default=DocumentJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.BinaryField(_("document"), null=True, editable=False)
    # What went wrong, for whoever looks at the job (the exception's kind); the traceback goes to the
    # log, and the user is shown a plain message, never this.
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        indexes = [models.Index(fields=["requested_by", "created_at"], name="document_job_user")]

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (DocumentJobStatus.DONE, DocumentJobStatus.FAILED)
