from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.tenancy.models import Role, Sector

from . import chain
from .sections import Section


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    DENIED = "denied", _("Denied")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOCKED_OUT = "locked_out", _("Locked out")
    # A credential made, changed or withdrawn: an API key, a password, a second factor.
    CREDENTIAL = "credential", _("Credential changed")
    ANONYMISED = "anonymised", _("Anonymised")
    # A data protection officer read a person's or a user's audit log (a page of it).
    LOG_READ = "log_read", _("Read the audit log")


class AuditChannel(models.TextChoices):
    PAGE = "page", _("Page")
    SEARCH = "search", _("Search or list")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    ADMIN = "admin", _("Administration")
    SYSTEM = "system", _("System job")
    IMPORT = "import", _("Spreadsheet import")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def bulk_create(self, objs, *args, **kwargs):
        """Append many entries, chained in the order given (see ``chain``)."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            chain.lock(transaction.get_connection(self.db))
            prev = chain.head(self.model._base_manager.using(self.db))
            for obj in objs:
                obj.prev_hash = prev
                obj.hash = prev = chain.entry_hash(obj.chained_values(), prev)
            return super().bulk_create(objs, *args, **kwargs)


class AuditEntry(models.Model):
    """Who did what to which section of which person, when, in which role. Never changed, never deleted.

    The database refuses updates and deletes too (triggers made by the migrations; on PostgreSQL the
    application's role has no right to change the table either, see docs/access.md). Each entry
    carries the hash of the one before it (``chain``), so a change made around all of that shows.
    Foreign keys carry no database constraint so that entries outlive the rows they name.

    ``changes`` names the fields that changed, never the content of a free-text field (see
    ``audit``). ``subject_user`` is the user whose log a data protection officer read.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    unit_id = models.BigIntegerField(_("unit"), null=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user whose log was read"),
    )
    section = models.CharField(_("section"), max_length=16, choices=Section.choices, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=AuditChannel.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"], name="audit_person_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            # Failed logins and lockouts name the account tried by its user name only.
            models.Index(fields=["username", "-at"], name="audit_username_at"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.section} {self.person_id}"

    def save(self, *args, **kwargs):
        """Append the entry at the head of the chain; an entry once saved is never saved again."""
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            chain.lock(transaction.get_connection(using))
            self.prev_hash = chain.head(type(self)._base_manager.using(using))
            self.hash = chain.entry_hash(self.chained_values(), self.prev_hash)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")

    def chained_values(self) -> dict:
        """The columns the hash covers (``chain.CHAINED_FIELDS``), as stored."""
        return {name: getattr(self, name) for name in chain.CHAINED_FIELDS}
