"""The second factor for local accounts: an authenticator app (TOTP) with ten recovery codes, through
django-otp. Who must show one, setting one up, checking a code, and where a session must go next.

Every role that sees persons (a membership whose sector reads a section of a person or the audit log)
and everyone who may open the administration must show a second factor after the password when
``LAGRUNDT_SECOND_FACTOR`` is ``required`` (production and tests); the demo sets ``optional``, where
only users who set one up are asked for it. A session logged in by the municipality's single sign-on
counts as verified: the identity provider asks for its own second factor (docs/login.md).
"""

import base64
import os
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.rules import rule_for
from lagrundt.tenancy.models import Membership

REQUIRED = "required"
OPTIONAL = "optional"
MODES = (REQUIRED, OPTIONAL)
RECOVERY_CODES = 10
# The authentication backend a single sign-on session is logged in with (see ``oidc``).
SINGLE_SIGN_ON_BACKEND = "lagrundt.accounts.oidc.MunicipalityAccountBackend"
# The secret of an authenticator being set up, kept in the session until its first code confirms it.
PENDING_KEY = "lagrundt_pending_totp_key"
VERIFY, ENROL = "verify", "enrol"
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def mode() -> str:
    return settings.LAGRUNDT_SECOND_FACTOR


def is_optional() -> bool:
    return mode() == OPTIONAL


# ---------------------------------------------------------------------------- who, and what is left to do
def needs_second_factor(user) -> bool:
    """Whether the user's roles call for a second factor: one that reads persons or the audit log, or the
    administration. Read from the memberships each time (never cached on the user object)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    sectors = Membership.objects.filter(user=user).values_list("sector", flat=True)
    return any(rule_for(sector).read or rule_for(sector).reads_audit_log for sector in set(sectors))


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if one is set up."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_single_sign_on(request) -> bool:
    """Logged in by the municipality's identity provider: the backend is written in the session at login."""
    return request.session.get(BACKEND_SESSION_KEY) == SINGLE_SIGN_ON_BACKEND


def is_verified(request) -> bool:
    """Whether this session has shown a second factor (or came through single sign-on)."""
    if is_single_sign_on(request):
        return True
    check = getattr(request.user, "is_verified", None)
    if check is not None:
        return bool(check())
    # Right after the password was checked, ``request.user`` is the plain user django-otp has not seen.
    return False


def pending_step(request) -> str | None:
    """What a logged-in session must still do before it may open a page: ``VERIFY``, ``ENROL`` or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if authenticator(user) is not None:
        return VERIFY
    if mode() == REQUIRED and needs_second_factor(user):
        return ENROL
    return None


def step_url(step: str, next_url: str) -> str:
    name = "accounts:two_factor_verify" if step == VERIFY else "accounts:two_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def after_password(request, next_url: str) -> str:
    """Where the login page sends a user whose password was right: the second factor first, if due."""
    step = pending_step(request)
    return step_url(step, next_url) if step else next_url


def safe_next(request) -> str:
    """The ``next`` address of a form or link if it stays on this site, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# ---------------------------------------------------------------------------- setting up an authenticator
def pending_key(request) -> str:
    """The secret (hex) of the authenticator being set up; kept in the session, so a reload shows the same."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = os.urandom(20).hex()
        request.session[PENDING_KEY] = key
    return key


def secret_text(key_hex: str) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, key_hex: str) -> str:
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_svg(uri: str) -> str:
    """The provisioning address as a QR code: inline SVG, drawn with attributes only (no style, no script)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="lg-qr",
        title=_("QR code for the authenticator app"),
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def matching_step(key_hex: str, code: str) -> int | None:
    """The time step a code from an authenticator with this secret belongs to (one step either way)."""
    code = normalise(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


@transaction.atomic
def enrol(actor: Actor, user, key_hex: str, step: int) -> tuple[TOTPDevice, list[str]]:
    """Set up the confirmed authenticator (replacing any other) and ten new recovery codes, audited.

    The step of the code that confirmed it is used up, so the same code cannot log in a second time.
    """
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, key=key_hex, confirmed=True, last_t=step
    )
    codes = _make_recovery_codes(user)
    record(
        actor,
        action=AuditAction.CREDENTIAL,
        channel=AuditChannel.LOGIN,
        detail="Second factor: authenticator app set up, new recovery codes made",
    )
    return device, codes


@transaction.atomic
def renew_recovery_codes(actor: Actor, user) -> list[str]:
    codes = _make_recovery_codes(user)
    record(
        actor,
        action=AuditAction.CREDENTIAL,
        channel=AuditChannel.LOGIN,
        detail="Second factor: new recovery codes made, the old ones no longer work",
    )
    return codes


def _make_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def shown_code(code: str) -> str:
    """A recovery code as shown: two groups of four (typing the dash or not is the same)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def mark_verified(request, device) -> None:
    """The session has shown its second factor: a new session key, and the device in the session."""
    request.session.cycle_key()
    request.session.pop(PENDING_KEY, None)
    otp_login(request, device)


# ---------------------------------------------------------------------------- a code after the password
@dataclass(frozen=True)
class Outcome:
    device: object = None
    recovery_codes_left: int | None = None  # set when a recovery code was used
    error: str = ""


def verify(request, code: str) -> Outcome:
    """Check a code for the session's user (``check_code``); a right one marks the session verified."""
    outcome = check_code(request.user, code, Actor.from_request(request))
    if outcome.device is not None:
        mark_verified(request, outcome.device)
    return outcome


def check_code(user, code: str, actor: Actor) -> Outcome:
    """Check a code from the user's authenticator app, or a recovery code (used up by this).

    Wrong codes slow further tries down (django-otp doubles the wait after each) and are audited as
    failed logins; a recovery code used is audited as a credential change. Without a session, this is
    what an endpoint that takes a code with the password (the API key endpoint) calls.
    """
    code = normalise(code)
    is_app_code = code.isdigit() and len(code) == 6
    if is_app_code:
        device = authenticator(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return Outcome(error=_("The code is not right. Try again."))
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Outcome(error=_wait_message((details or {}).get("locked_until")))
    if verify_token(user, device.persistent_id, code) is None:
        record(
            actor,
            action=AuditAction.LOGIN_FAILED,
            channel=AuditChannel.LOGIN,
            detail="Second factor: wrong code",
        )
        return Outcome(error=_("The code is not right. Try again."))
    if is_app_code:
        return Outcome(device=device)
    left = recovery_codes_left(user)
    record(
        actor,
        action=AuditAction.CREDENTIAL,
        channel=AuditChannel.LOGIN,
        detail=f"Second factor: a recovery code was used, {left} left",
    )
    return Outcome(device=device, recovery_codes_left=left)


def _wait_message(until) -> str:
    seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 1
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second before you try again.",
        "Too many wrong codes. Wait %(seconds)d seconds before you try again.",
        seconds,
    ) % {"seconds": seconds}


# ---------------------------------------------------------------------------- tests and benchmarks
def client_login(client, user):
    """Log a Django test client in as ``user`` with the second factor shown, as after the verify page.

    For tests and benchmarks, which drive pages through ``django.test.Client``: a user whose roles need a
    second factor (or who has one) gets an authenticator app if it has none, and the session holds it
    exactly as ``django_otp.login`` leaves it.
    """
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = authenticator(user)
    if device is None and needs_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
