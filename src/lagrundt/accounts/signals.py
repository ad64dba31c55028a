"""What accounts hears from Django: a password or an active flag saved, a login, the administration's log.

Connected in ``AccountsConfig.ready``.
"""

import datetime as dt

from django.contrib.admin.models import LogEntry, LogEntryManager
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_init, post_save
from django.utils import timezone

from . import middleware, services

_ORIGINAL = "_lagrundt_original"
# The time of the login before this one (a timestamp, or None at the first login): "since you last
# logged in" on the home page. Kept in the session, so that reading it costs no query.
PREVIOUS_LOGIN = "lagrundt_previous_login"


def remember_original(sender, instance, **kwargs):
    """The password hash and active flag as loaded, to tell a real change from any other save. A
    field left out of the query (``only()``, ``defer()``) is not read: that would load it row by row."""
    setattr(instance, _ORIGINAL, _current(instance))


def _current(user) -> tuple:
    return user.__dict__.get("password"), user.__dict__.get("is_active")


def user_saved(sender, instance, created, **kwargs):
    password, active = getattr(instance, _ORIGINAL, (None, None))
    new_password, new_active = _current(instance)
    setattr(instance, _ORIGINAL, (new_password, new_active))
    if created:
        return
    if new_password is not None and new_password != password and _password_was_set(instance):
        services.password_changed(instance)
    if new_active is False and active is not False:
        services.user_deactivated(instance)


def _password_was_set(user) -> bool:
    """A new password, or one made unusable; not Django re-hashing the same password at login with
    a stronger hasher (that saves a new hash without ``set_password`` having kept the raw one)."""
    return getattr(user, "_password", None) is not None or not user.has_usable_password()


def logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        middleware.start_session(request, must_change_password=services.must_change_password(user))


def remember_previous_login(sender, request, user, **kwargs):
    """Keep the user's previous login in the new session. Connected before Django's own
    ``update_last_login``, which overwrites ``last_login`` with this login's time."""
    if request is not None and hasattr(request, "session"):
        previous = user.last_login
        request.session[PREVIOUS_LOGIN] = previous.timestamp() if previous else None


def previous_login(request) -> dt.datetime | None:
    """The time of the user's login before the one of this session, or None (the first login)."""
    value = request.session.get(PREVIOUS_LOGIN) if hasattr(request, "session") else None
    if not isinstance(value, int | float):
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).astimezone(timezone.get_current_timezone())


def admin_entry_saved(sender, instance, created, **kwargs):
    if created:
        services.record_admin_entry(instance)


def _audit_bulk_entries(log_actions):
    """The administration logs many objects at once (deleting a selection) with ``bulk_create``,
    which sends no post_save: those entries are copied into the audit log here."""

    def wrapper(self, *args, **kwargs):
        result = log_actions(self, *args, **kwargs)
        for entry in [result] if isinstance(result, LogEntry) else list(result or []):
            services.record_admin_entry(entry)  # skips an entry the signal copied already
        return result

    wrapper._lagrundt_audits = True
    return wrapper


def connect() -> None:
    user_model = get_user_model()
    post_init.connect(remember_original, sender=user_model, dispatch_uid="accounts.remember_original")
    post_save.connect(user_saved, sender=user_model, dispatch_uid="accounts.user_saved")
    user_logged_in.connect(logged_in, dispatch_uid="accounts.logged_in")
    # Receivers run in the order they were connected: Django's ``update_last_login`` (connected when the
    # auth app was ready) is moved after ours, so that ours still reads the previous login.
    had_update = user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(remember_previous_login, dispatch_uid="accounts.previous_login")
    if had_update:
        from django.contrib.auth.models import update_last_login

        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
    post_save.connect(admin_entry_saved, sender=LogEntry, dispatch_uid="accounts.admin_entry_saved")
    if not getattr(LogEntryManager.log_actions, "_lagrundt_audits", False):
        LogEntryManager.log_actions = _audit_bulk_entries(LogEntryManager.log_actions)
