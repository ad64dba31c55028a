from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class AuditChannel(models.TextChoices):
    PAGE = "page", _("Page")
    SEARCH = "search", _("Search or list")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    ADMIN = "admin", _("Administration")
    SYSTEM = "system", _("System job")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """Who did what to which section of which person, when, in which role. Never changed, never deleted.

    The database refuses updates too (a trigger made by the migration), and on PostgreSQL deletes.
    Foreign keys carry no database constraint so that entries outlive the rows they name.
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
    sector = models.CharField(_("sector"), max_length=32, blank=True)
    role = models.CharField(_("role"), max_length=16, blank=True)
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
    section = models.CharField(_("section"), max_length=16, choices=Section.choices, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=AuditChannel.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"], name="audit_person_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.section} {self.person_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")
