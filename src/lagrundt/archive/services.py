"""The archive's outbox: queue a letter (``archive_letter``), deliver what is due (``deliver_pending``),
take the archive's receipt (``receipt_save``) and try a failed message again (``retry``).

Delivery claims one message at a time with one UPDATE … WHERE (the status and the lease are the
condition), which is atomic on SQLite and PostgreSQL alike: two workers never hold the same message,
and a message whose worker died is taken again once its lease has run out.
"""

import datetime as dt
import hashlib
import io
import logging
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor
from lagrundt.core import documents

from . import codes, letters, message
from .models import ArchiveMessage, Status

logger = logging.getLogger(__name__)

# What went wrong, in the reader's language; a message keeps the key.
ERRORS = {
    "delivery": _("The message could not be handed to the archive's integration."),
    "rejected": _("The archive did not accept the message."),
}
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 10  # after these, a message waits for someone to press "Try again"
_REFERENCE = re.compile(r"^[A-Za-z0-9._-]+$")


# ---------------------------------------------------------------------------- PDF/A
def pdfa_claim(pdf: bytes) -> tuple[str, str] | None:
    """The PDF/A part and conformance the PDF claims in its XMP metadata (("2", "B")), or None."""
    from pypdf import PdfReader

    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    if metadata is None:
        return None
    part, conformance = metadata.pdfaid_part, metadata.pdfaid_conformance
    if not part:
        return None
    return str(part), str(conformance or "")


def _expected_claim() -> tuple[str, str]:
    variant = codes.PDF_VARIANT.removeprefix("pdf/a-")  # "2b"
    return variant[:-1], variant[-1].upper()


# ---------------------------------------------------------------------------- queueing
def _fingerprint(kind: letters.LetterKind, obj, access: letters.Access, document: letters.Document) -> str:
    """What makes two archivings of a letter the same: the letter's text and what the message shows."""
    text = kind.fingerprint_text(obj, document)
    content = "\n".join([kind.key, str(obj.pk), str(access.reads_national_id), text])
    return hashlib.sha256(content.encode()).hexdigest()


def archive_letter(actor: Actor, kind_key: str, pk: int) -> tuple[ArchiveMessage, bool]:
    """Queue the letter ``pk`` of ``kind_key`` for the archive, if the user may make and read it.

    Returns the message and whether it is new: the same letter archived again is the message already
    queued, unless the letter changed. The message is validated against the schema before it is saved,
    and the letter leaving is audited as an export, in the same transaction. Http404 where the user may
    not see the letter; ValidationError where it cannot be archived (yet).
    """
    kind = letters.KINDS.get(kind_key)
    obj = kind.load(pk) if kind else None
    if obj is None:
        raise Http404
    access = kind.authorise(actor, obj)
    document = kind.document(obj)
    fingerprint = _fingerprint(kind, obj, access, document)
    found = ArchiveMessage.objects.filter(kind=kind.key, object_id=obj.pk, fingerprint=fingerprint).first()
    if found is not None:
        return found, False
    pdf = documents.render_pdf(
        document.template, document.context, language=document.language, pdf_variant=codes.PDF_VARIANT
    )
    if pdfa_claim(pdf) != _expected_claim():
        logger.error("The %s letter %s did not come out as PDF/A", kind.key, obj.pk)
        raise ValidationError(_("The letter could not be made as PDF/A for the archive."), code="pdfa")
    reference = (
        f"lagrundt-{_municipality_number(access)}-{kind.key.replace('_', '-')}-{obj.pk}-{fingerprint[:12]}"
    )
    letter = message.Letter(
        reference=reference,
        title=kind.title(obj),
        public_title=kind.public_title(obj),
        dated=kind.dated(obj),
        folder=kind.folder(obj, access),
        recipients=kind.recipients(obj, access),
        sender=letters.unit_name(_municipality(access)),
        author=_author(actor),
        pdf=pdf,
        filename=document.filename,
        document_type=kind.document_type,
        screened=kind.screened,
    )
    xml = message.build(letter)
    problems = message.errors(xml)
    if problems:
        # The schema's words may quote a value (a name): the log gets the count, the tests the words.
        logger.error("The archive message %s broke the schema in %d places", reference, len(problems))
        raise ValidationError(
            _("The archive message could not be made: the letter was not queued."), code="schema"
        )
    try:
        with transaction.atomic():
            queued = ArchiveMessage.objects.create(
                kind=kind.key,
                object_id=obj.pk,
                municipality_id=access.municipality_id,
                person=access.person,
                title=letter.title[:300],
                reference=reference,
                fingerprint=fingerprint,
                xml=xml.decode(),
                pdf=pdf,
                filename=document.filename,
                next_try_at=timezone.now(),
                created_by=actor.user,
            )
            kind.record_export(actor, obj, access)
    except IntegrityError:
        # The same letter queued at the same moment by another request.
        return ArchiveMessage.objects.get(reference=reference), False
    return queued, True


def _municipality(access: letters.Access):
    from lagrundt.tenancy.models import Municipality

    return Municipality.objects.get(pk=access.municipality_id)


def _municipality_number(access: letters.Access) -> str:
    return _municipality(access).number


def _author(actor: Actor) -> str:
    user = actor.user
    return (user.get_full_name() or user.get_username())[:200]


def visible_to(user):
    """The outbox's messages the user follows (the page and the API start here)."""
    return ArchiveMessage.objects.filter(letters.visible_q(user))


# ---------------------------------------------------------------------------- delivery
class FolderTarget:
    """The municipality's integration reads a folder: each message is ``<reference>.pdf`` and then
    ``<reference>.xml``, each written to a temporary name and renamed, so that a reader never sees half a
    file and the XML's presence means the message is complete. Delivering again writes the same names."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(
            folder or getattr(settings, "ARCHIVE_OUTBOX_DIR", None) or settings.DATA_DIR / "arkiv-ut"
        )

    def deliver(self, queued: ArchiveMessage) -> None:
        if not _REFERENCE.match(queued.reference):
            raise ValueError("A message's reference names its files and may hold no other characters")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write(f"{queued.reference}.pdf", bytes(queued.pdf))
        self._write(f"{queued.reference}.xml", queued.xml.encode(), pause=True)

    def _write(self, name: str, content: bytes, pause: bool = False) -> None:
        temporary = self.folder / f".{name}.tmp"
        with open(temporary, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        # Only the tests set this: it holds the worker between writing and renaming, to be killed there.
        wait = getattr(settings, "ARCHIVE_DELIVERY_PAUSE", 0)
        if pause and wait:
            time.sleep(wait)
        os.replace(temporary, self.folder / name)


def _due(now: dt.datetime) -> Q:
    return Q(status__in=[Status.PENDING, Status.FAILED], next_try_at__lte=now) | Q(
        status=Status.DELIVERING, lease_until__lt=now
    )


def claim_next(*, now: dt.datetime | None = None, lease: dt.timedelta = LEASE) -> ArchiveMessage | None:
    """Take the next message that is due, with a lease; None when there is none."""
    now = now or timezone.now()
    for pk in (
        ArchiveMessage.objects.filter(_due(now))
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:20]
    ):
        taken = ArchiveMessage.objects.filter(_due(now), pk=pk).update(
            status=Status.DELIVERING, lease_until=now + lease, attempts=F("attempts") + 1, updated_at=now
        )
        if taken:
            return ArchiveMessage.objects.get(pk=pk)
    return None


def backoff(attempts: int) -> dt.timedelta:
    """Two minutes after the first failure, doubling, at most a day."""
    return min(dt.timedelta(minutes=2 ** max(1, attempts)), dt.timedelta(days=1))


def _failed(pk: int, attempts: int, code: str, detail: str = "", now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    ArchiveMessage.objects.filter(pk=pk).update(
        status=Status.FAILED,
        error_code=code,
        error_detail=detail[:500],
        lease_until=None,
        next_try_at=now + backoff(attempts) if attempts < MAX_ATTEMPTS else None,
        updated_at=now,
    )


def deliver_pending(*, target=None, lease: dt.timedelta = LEASE, limit: int | None = None) -> dict[str, int]:
    """Deliver every message that is due, one at a time. Returns how many were delivered and failed."""
    target = target or FolderTarget()
    counts = {"delivered": 0, "failed": 0}
    while limit is None or sum(counts.values()) < limit:
        queued = claim_next(lease=lease)
        if queued is None:
            break
        try:
            target.deliver(queued)
        except Exception:
            logger.exception("Delivering the archive message %s failed", queued.reference)
            _failed(queued.pk, queued.attempts, "delivery")
            counts["failed"] += 1
            continue
        now = timezone.now()
        ArchiveMessage.objects.filter(pk=queued.pk, status=Status.DELIVERING).update(
            status=Status.DELIVERED,
            delivered_at=now,
            lease_until=None,
            next_try_at=None,
            error_code="",
            error_detail="",
            updated_at=now,
        )
        counts["delivered"] += 1
    return counts


# ---------------------------------------------------------------------------- receipts and retries
RECEIVABLE = (Status.PENDING, Status.DELIVERING, Status.DELIVERED, Status.FAILED)


def receipt_save(
    *, queued: ArchiveMessage, archived: bool, archive_id: str = "", error: str = ""
) -> ArchiveMessage:
    """The archive's receipt (kvittering): archived with its journal entry's id, or an error.

    The same receipt twice changes nothing; a message already archived takes no other receipt. Once
    archived, the message's XML and PDF are removed: the archive keeps the letter."""
    archive_id, error = (archive_id or "").strip(), (error or "").strip()
    if archived and not archive_id:
        raise ValidationError({"archive_id": [_("Give the archive's id of the journal entry.")]})
    if not archived and not error:
        raise ValidationError({"error": [_("Say what the archive answered.")]})
    with transaction.atomic():
        locked = ArchiveMessage.objects.select_for_update().get(pk=queued.pk)
        if locked.status == Status.ACKNOWLEDGED:
            if archived and archive_id == locked.archive_id:
                return locked
            raise ValidationError(_("The message is already archived."), code="archived")
        now = timezone.now()
        if archived:
            locked.status, locked.archive_id, locked.acknowledged_at = (
                Status.ACKNOWLEDGED,
                archive_id[:100],
                now,
            )
            locked.error_code = locked.error_detail = ""
            locked.next_try_at = locked.lease_until = None
            # The archive holds the letter now: Lagrundt keeps no second copy of it.
            locked.xml, locked.pdf = "", b""
        else:
            locked.status, locked.error_code, locked.error_detail = Status.FAILED, "rejected", error[:500]
            locked.lease_until = None
            locked.next_try_at = now + backoff(locked.attempts) if locked.attempts < MAX_ATTEMPTS else None
        locked.save()
    return locked


def retry(*, queued: ArchiveMessage) -> ArchiveMessage:
    """A failed message tried again at once (the outbox's button)."""
    if queued.status != Status.FAILED:
        raise ValidationError(_("Only a failed message can be tried again."), code="not_failed")
    now = timezone.now()
    ArchiveMessage.objects.filter(pk=queued.pk, status=Status.FAILED).update(
        status=Status.PENDING, next_try_at=now, updated_at=now
    )
    queued.refresh_from_db()
    return queued


def error_text(queued: ArchiveMessage) -> str:
    """The last error in the reader's language, with the archive's own words where it gave some."""
    if not queued.error_code:
        return ""
    text = str(ERRORS.get(queued.error_code, ERRORS["delivery"]))
    if queued.error_code == "rejected" and queued.error_detail:
        text = f"{text} {_('The archive said:')} {queued.error_detail}"
    return text
