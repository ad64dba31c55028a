"""Failed logins go to the audit log, whether they came through the login page, the admin or the API."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .audit import Actor, record
from .models import AuditAction, AuditChannel


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        Actor(user=None, detail=(request.path if request is not None else "")[:300]),
        action=AuditAction.LOGIN_FAILED,
        channel=AuditChannel.LOGIN,
        username=username,
    )
