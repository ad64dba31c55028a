"""Logins, logouts and failed logins go to the audit log, through the login page, the admin or the API.

A failed login names the user name tried (``username``; ``user`` stays empty, as nobody was logged
in): the data protection officer's page for that user shows them, and lockouts, by that name.

This module also gives SQLite connections the function the audit log's DELETE trigger asks
(``lagrundt_audit_may_delete``; migration 0006): it allows deletes only while the test runner empties
the test database. A connection without it (the ``sqlite3`` shell) cannot delete entries either.
"""

import sys

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from .audit import Actor, record
from .models import AuditAction, AuditChannel


def _path(request) -> str:
    return (request.path if request is not None else "")[:300]


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        Actor(user=None, detail=_path(request)),
        action=AuditAction.LOGIN_FAILED,
        channel=AuditChannel.LOGIN,
        username=username,
    )


@receiver(user_logged_in)
def record_login(sender, request=None, user=None, **kwargs):
    if user is not None:
        record(Actor(user=user, detail=_path(request)), action=AuditAction.LOGIN, channel=AuditChannel.LOGIN)


@receiver(user_logged_out)
def record_logout(sender, request=None, user=None, **kwargs):
    if user is not None and getattr(user, "is_authenticated", False):
        record(Actor(user=user, detail=_path(request)), action=AuditAction.LOGOUT, channel=AuditChannel.LOGIN)


# ---------------------------------------------------------------------------- SQLite's DELETE trigger
_FLUSH = "execute_sql_flush"  # django.db.backends.base.operations: how the test runner empties tables


def audit_delete_allowed() -> int:
    """1 while Django's flush empties the database in the test environment, else 0."""
    if getattr(settings, "ENVIRONMENT", "") != "test":
        return 0
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == _FLUSH:
            return 1
        frame = frame.f_back
    return 0


@receiver(connection_created)
def add_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("lagrundt_audit_may_delete", 0, audit_delete_allowed)
