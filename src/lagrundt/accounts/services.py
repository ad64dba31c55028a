"""Changes to a user's credentials, each audited once as the act of whoever did it.

- API keys: made (the key is returned once and only its hash is stored), revoked by the user or an
  administrator, and revoked all at once when the password changes or the user is deactivated.
- Passwords: the user changes their own; an administrator can only *force a reset*, which makes the
  password unusable and e-mails the user a link to choose a new one. No one sets a password for
  someone else, and the link is never shown to the administrator.
- The administration's own log (``LogEntry``) is copied into the audit log as the administrator's.

A password is saved by Django's forms and views; ``signals`` notices the change and calls
``password_changed``, so that every way a password changes (the pages, a reset link, a command)
revokes the keys and reaches the audit log.
"""

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_noop

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel

from .models import Account, ApiPart, ApiToken, ApiTokenScope

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------- API keys
API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365
API_TOKEN_LIFETIMES = (30, 90, 180, 365)
PREFIX_LENGTH = 8
# The key's bytes of randomness: 32 bytes give 43 URL-safe characters.
KEY_BYTES = 32
# How often the time a key was last used is written: not on every request of a busy script.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_make(
    *,
    user,
    name: str,
    scope: str,
    days: int,
    actor: Actor,
    channel: str,
    parts: list[str] | tuple[str, ...] = (),
) -> tuple[ApiToken, str]:
    """A new API key for ``user``: the stored row and the key itself, which is never stored.

    ``parts`` limits the key to those parts of the API (``ApiPart`` values); empty, it reaches them all.
    """
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValueError(f"An API key lives 1 to {API_TOKEN_MAX_DAYS} days, not {days}.")
    if scope not in ApiTokenScope.values:
        raise ValueError(f"Unknown scope {scope!r}.")
    unknown = set(parts) - set(ApiPart.values)
    if unknown:
        raise ValueError(f"Unknown parts of the API: {sorted(unknown)}.")
    # Stored in the order of the list of parts, once each.
    parts = [p for p in ApiPart.values if p in parts]
    key = secrets.token_urlsafe(KEY_BYTES)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or "API",
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
            scope=scope,
            parts=parts,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        record(
            actor,
            action=AuditAction.CREDENTIAL,
            channel=channel,
            detail=f"API key {token.prefix} made for {user.get_username()} "
            f"({scope}, {'parts ' + ' '.join(parts) if parts else 'every part'}, "
            f"expires {timezone.localdate(token.expires_at).isoformat()})",
        )
    return token, key


def api_token_find(key: str) -> ApiToken | None:
    """The key's row with its user, whatever its state, or None for a key that was never made."""
    if not key or len(key) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def api_token_used(token: ApiToken) -> None:
    """Note that the key was used now: at most once a minute, so a script's calls do not all write."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def api_token_revoke(token: ApiToken, *, actor: Actor | None = None, channel: str = "") -> bool:
    """Revoke one key; False when it was revoked already. Audited here when ``actor`` is given (the
    administration's own log reaches the audit log by itself)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed and actor is not None:
            record(
                actor,
                action=AuditAction.CREDENTIAL,
                channel=channel,
                detail=f"API key {token.prefix} of {token.user.get_username()} revoked",
            )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(changed)


def api_tokens_revoke_all(user) -> int:
    """Revoke every key of the user that is not revoked yet; how many were."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_of(user, *, limit: int = 100) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


# ---------------------------------------------------------------------------- passwords
# Who changed a password, when a view knows it better than "the user, on a page": set on the user
# before the save, read by ``password_changed`` (called from the post_save signal).
_CREDENTIAL_ACTOR = "_lagrundt_credential_actor"
AUDITED_ELSEWHERE = "elsewhere"


def note_password_actor(user, actor: Actor | str, channel: str = "") -> None:
    """Say who is changing ``user``'s password, before it is saved: ``(actor, channel)``, or
    ``AUDITED_ELSEWHERE`` when the caller writes the audit entry itself."""
    setattr(user, _CREDENTIAL_ACTOR, actor if actor == AUDITED_ELSEWHERE else (actor, channel))


def password_changed(user) -> None:
    """A user's password was saved with a new value: note it, revoke their API keys, audit it."""
    usable = user.has_usable_password()
    now = timezone.now()
    with transaction.atomic():
        account, _ = Account.objects.get_or_create(user=user)
        if usable:
            account.password_changed_at = now
            account.must_change_password = False
        else:  # made unusable: only a reset link lets the user in again
            account.must_change_password = True
        account.save(update_fields=["password_changed_at", "must_change_password"])
        revoked = api_tokens_revoke_all(user)
        how = getattr(user, _CREDENTIAL_ACTOR, None)
        if how != AUDITED_ELSEWHERE:
            actor, channel = how or (Actor(user=user), AuditChannel.SYSTEM)
            what = "password changed" if usable else "password made unusable"
            record(
                actor,
                action=AuditAction.CREDENTIAL,
                channel=channel,
                detail=f"{what} for {user.get_username()}; API keys revoked: {revoked}",
            )
    if hasattr(user, _CREDENTIAL_ACTOR):
        delattr(user, _CREDENTIAL_ACTOR)


def email_change(user, email: str, *, actor: Actor, channel: str) -> bool:
    """The user's own new e-mail address, where password links go; whether it changed. Audited as a
    credential change (it decides who can reset the password), without the addresses."""
    email = email.strip()
    if email == user.email:
        return False
    with transaction.atomic():
        user.email = email
        user.save(update_fields=["email"])
        record(
            actor,
            action=AuditAction.CREDENTIAL,
            channel=channel,
            detail=f"e-mail address changed for {user.get_username()}",
        )
    return True


def user_deactivated(user) -> int:
    """A user was deactivated: their API keys stop working (their sessions already do)."""
    return api_tokens_revoke_all(user)


def must_change_password(user) -> bool:
    """Whether the user must choose a new password before working. A user who logs in by single
    sign-on has no password in Lagrundt to change."""
    row = Account.objects.filter(user=user).values_list("must_change_password", "external_subject").first()
    return bool(row and row[0] and not row[1])


def force_password_reset(user) -> bool:
    """An administrator's forced reset: the password stops working at once (and with it the user's
    sessions and API keys), and a link to choose a new one is e-mailed to the user. Whether the
    e-mail went out; the caller audits the action (the administration's log does).
    """
    with transaction.atomic():
        note_password_actor(user, AUDITED_ELSEWHERE)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return send_password_link(user, purpose="reset", language=settings.LANGUAGE_CODE)


def new_user_made(user) -> bool:
    """A user made by an administrator has no password: they choose one through an e-mailed link,
    or log in by single sign-on. Whether a link was e-mailed."""
    if user.has_usable_password():
        raise ValueError("An administrator does not give a user a password.")
    Account.objects.update_or_create(user=user, defaults={"must_change_password": bool(user.email)})
    if not user.email:
        return False
    return send_password_link(user, purpose="welcome", language=settings.LANGUAGE_CODE)


def may_reset_password(user) -> bool:
    """Whether a reset link may be sent to the user: an active user with a password, or one who
    must choose one (new, or reset by an administrator). A user who only logs in by single
    sign-on gets none: their password lives at the identity provider."""
    if not user.is_active or not user.email:
        return False
    return user.has_usable_password() or must_change_password(user)


PURPOSES = ("welcome", "reset", "forgot")


def password_link(user) -> str:
    """The address that lets the user choose a new password (valid for ``PASSWORD_RESET_TIMEOUT``,
    and only until the password or the last login changes)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.BASE_URL}{path}"


def send_password_link(user, *, purpose: str, language: str | None = None) -> bool:
    """E-mail the user a link to choose a password. The link goes to the user's own address only,
    and is built from ``BASE_URL``, never from the request's host. Whether the e-mail was sent."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}.")
    if not user.email:
        return False
    context: dict[str, Any] = {
        "user": user,
        "purpose": purpose,
        "link": password_link(user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "base_url": settings.BASE_URL,
    }
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string("accounts/email/password_link_subject.txt", context).split())
        body = render_to_string("accounts/email/password_link.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:  # SMTP refused or unreachable (smtplib's errors are OSErrors)
        logger.exception("Could not e-mail a password link to user %s", user.pk)
        return False
    return True


# ---------------------------------------------------------------------------- the administration's log
# Change messages the administration writes for what concerns a credential (see admin.py).
FORCED_RESET_MESSAGE = gettext_noop("Forced a password reset: a link to choose a new one was e-mailed.")
FORCED_RESET_UNSENT_MESSAGE = gettext_noop(
    "Forced a password reset: the e-mail with a link to choose a new one could not be sent."
)
CREDENTIAL_MESSAGES = frozenset({FORCED_RESET_MESSAGE, FORCED_RESET_UNSENT_MESSAGE})
_ADMIN_ACTIONS = {1: AuditAction.CREATE, 2: AuditAction.UPDATE, 3: AuditAction.DELETE}
_AUDITED = "_lagrundt_audited"


def record_admin_entry(entry) -> None:
    """Copy one entry of the administration's log into the audit log, as the administrator's own.

    The detail names the model, the object (its name as the administration shows it) and what was
    done, with field names only, never their values. A change to an API key, a forced password
    reset, is a credential change.
    """
    if getattr(entry, _AUDITED, False):
        return
    setattr(entry, _AUDITED, True)
    model = entry.content_type.model_class() if entry.content_type_id else None
    action = _ADMIN_ACTIONS.get(entry.action_flag, AuditAction.UPDATE)
    if model is ApiToken or entry.change_message in CREDENTIAL_MESSAGES:
        action = AuditAction.CREDENTIAL
    with translation.override(settings.LANGUAGE_CODE):
        label = str(model._meta.verbose_name) if model is not None else "?"
        message = entry.get_change_message()
    detail = " ".join(part for part in (label, f"«{entry.object_repr}»", message) if part)
    record(Actor(user=entry.user), action=action, channel=AuditChannel.ADMIN, detail=detail[:300])
