from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    """What Lagrundt keeps about a user's way in, beside Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account", verbose_name=_("user")
    )
    # Set by an administrator: the user must choose a new password at the next login.
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
