from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    """What Lagrundt keeps about a user's way in, beside Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account", verbose_name=_("user")
    )
    # Set by an administrator (a forced reset, a new user): the user must choose a new password,
    # through a link e-mailed to them, before working in Lagrundt.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # Single sign-on: the identity provider and the subject it gives this user (the matching claim).
    external_issuer = models.CharField(_("identity provider"), max_length=300, blank=True)
    external_subject = models.CharField(_("subject at the identity provider"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["external_issuer", "external_subject"],
                condition=~models.Q(external_subject=""),
                name="account_unique_external_subject",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiPart(models.TextChoices):
    """The parts of the API a key can be limited to, with the label its owner reads.

    Every viewset of the API names its part (``api_part``); a key whose ``parts`` is empty reaches
    every part, as the keys made before keys had parts.
    """

    REGISTER = "register", _("Register: persons, households, settlements and moves")
    PROGRAMME = "programme", _("Introduction programme")
    WORK = "work", _("Work and employers")
    FINANCE = "finance", _("Grants and economy")
    PLANS = "plans", _("Action plans and indicators")
    SETTLEMENT = "settlement", _("Settlement requests and process")
    HOUSING = "housing", _("Housing")
    ARCHIVE = "archive", _("Archive outbox")


class ApiToken(models.Model):
    """An API key of one user: ``Authorization: Token <key>``. Only a hash of the key is kept.

    The key is 32 random bytes, shown once when it is made. Its SHA-256 is enough to store: a key
    that random cannot be guessed from its hash, unlike a password, so no slow hash is needed, and
    a plain hash can be looked up by index on every request. ``prefix`` (the key's first characters)
    lets the user and the administrator tell keys apart without the key.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(_("hash of the key"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("access"), max_length=16, choices=ApiTokenScope.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # The parts of the API the key reaches (``ApiPart`` values); empty: every part.
    parts = models.JSONField(_("parts of the API"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_read_only(self) -> bool:
        return self.scope == ApiTokenScope.READ

    def covers(self, part: str) -> bool:
        """Whether the key reaches this part of the API (a key without parts reaches them all)."""
        return not self.parts or part in self.parts

    def parts_display(self) -> str:
        """The parts the key reaches, as their labels; "All parts" for a key without parts."""
        if not self.parts:
            return str(_("All parts"))
        labels = dict(ApiPart.choices)
        return ", ".join(str(labels[p]) for p in ApiPart.values if p in self.parts)

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def status(self, now=None) -> str:
        """What the key's owner reads in the list: active, expired or revoked."""
        if self.revoked_at is not None:
            return _("Revoked")
        if self.expires_at <= (now or timezone.now()):
            return _("Expired")
        return _("Active")
