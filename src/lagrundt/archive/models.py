"""The archive's outbox: one message per letter to be archived, until the archive's receipt says it is.

A message is built and checked against the Fiks Arkiv schema before it is saved (``services``), so an
invalid message is never queued. Delivery claims one message at a time with a lease; a claim whose
lease ran out (the process died) is taken again, so no message is lost and none is delivered twice
under two names (the file's name is the message's reference).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERING = "delivering", _("Being delivered")
    DELIVERED = "delivered", _("Delivered to the archive's integration")
    ACKNOWLEDGED = "acknowledged", _("Archived")
    FAILED = "failed", _("Failed, will be tried again")


class ArchiveMessage(models.Model):
    kind = models.CharField(_("kind of letter"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("letter"))
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    # The persons the letter is about (their audit entries and the privacy hooks find it by these).
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=120, unique=True)
    fingerprint = models.CharField(max_length=64)
    xml = models.TextField()
    pdf = models.BinaryField()
    filename = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # What went wrong, as a message key of ``services.ERRORS`` (shown in the reader's language) and the
    # archive's own words where its receipt gave some.
    error_code = models.CharField(max_length=40, blank=True)
    error_detail = models.CharField(max_length=500, blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    archive_id = models.CharField(_("the archive's journal entry"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("archived by")
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="archive_due"),
            models.Index(fields=["kind", "object_id"], name="archive_letter"),
        ]
        verbose_name = _("archive message")
        verbose_name_plural = _("archive messages")

    def __str__(self) -> str:
        return self.reference
