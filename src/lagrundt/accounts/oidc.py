"""Single sign-on with the municipality's identity provider (OpenID Connect, through mozilla-django-oidc).

The provider (an Entra ID tenant, or Ansattporten) logs the employee in, with its own second factor;
Lagrundt takes the code back, checks the ID token (signature, issuer, audience, nonce, PKCE) and logs in
the EXISTING user it names, and so the memberships that user holds. Nobody is created here:

1. A user already linked to this issuer and subject (``Account.external_issuer``/``external_subject``) is
   that user.
2. Otherwise the claim ``match_claim`` (e.g. ``email``, ``preferred_username``, Entra's ``oid``) must equal
   the user field ``match_field`` (``email`` or ``username``) of exactly one active user, not linked to
   another subject; the issuer and subject are then stored in its Account, and later logins match on them.
3. Anything else is refused with a page that says why, and no user is logged in or made.

Successful and failed logins reach the audit log through Django's ``user_logged_in`` and
``user_login_failed`` signals; ``request.lagrundt_login_name`` holds the claim value a failed login tried.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel

from .models import Account

logger = logging.getLogger(__name__)

REFUSAL_KEY = "lagrundt_sso_refusal"
TIMEOUT_SECONDS = 10
_metadata_cache: dict[str, dict] = {}


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read or does not name the issuer."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    scopes: str
    match_claim: str
    match_field: str
    sign_algo: str
    acr_values: tuple[str, ...]


def configured() -> bool:
    return bool(getattr(settings, "LAGRUNDT_OIDC", None))


def provider() -> Provider:
    """The configured provider, its missing endpoints read from its discovery document (kept per process)."""
    cfg = settings.LAGRUNDT_OIDC
    endpoints = dict(cfg["endpoints"])
    if not all(endpoints.get(name) for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
        metadata = _metadata(cfg["issuer"])
        for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
            endpoints.setdefault(name, metadata.get(name, ""))
    return Provider(
        issuer=cfg["issuer"],
        client_id=cfg["client_id"],
        client_secret=cfg["client_secret"],
        authorization_endpoint=endpoints.get("authorization_endpoint", ""),
        token_endpoint=endpoints.get("token_endpoint", ""),
        userinfo_endpoint=endpoints.get("userinfo_endpoint", ""),
        jwks_uri=endpoints.get("jwks_uri", ""),
        scopes=cfg["scopes"],
        match_claim=cfg["match_claim"],
        match_field=cfg["match_field"],
        sign_algo=cfg["sign_algo"],
        acr_values=tuple(cfg["acr_values"]),
    )


def _metadata(issuer: str) -> dict:
    if issuer not in _metadata_cache:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        if not isinstance(metadata, dict) or metadata.get("issuer") != issuer:
            raise ProviderUnavailable("the discovery document names another issuer")
        _metadata_cache[issuer] = metadata
    return _metadata_cache[issuer]


def setting(attr: str, *default):
    """mozilla-django-oidc's settings, answered from ``LAGRUNDT_OIDC`` (and never an unsigned token)."""
    cfg = settings.LAGRUNDT_OIDC or {}
    ours = {
        "OIDC_RP_CLIENT_ID": cfg.get("client_id"),
        "OIDC_RP_CLIENT_SECRET": cfg.get("client_secret"),
        "OIDC_RP_SIGN_ALGO": cfg.get("sign_algo", "RS256"),
        "OIDC_RP_SCOPES": cfg.get("scopes", "openid"),
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": (
            {"acr_values": " ".join(cfg["acr_values"])} if cfg.get("acr_values") else {}
        ),
    }
    if attr in ours:
        return ours[attr]
    return import_from_settings(attr, *default)


def login_button(next_url: str) -> dict | None:
    """The login page's "log in with the municipality's account" link, when single sign-on is set up."""
    if not configured():
        return None
    url = reverse("accounts:oidc_start")
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return {"url": url, "label": settings.LAGRUNDT_OIDC.get("label", "")}


# ---------------------------------------------------------------------------- matching a user
class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def refusal_message(reason: str) -> str:
    messages = {
        "no_match": _(
            "Your municipality account is not linked to a user in Lagrundt. Ask the system administrator "
            "to give you access."
        ),
        "ambiguous": _(
            "More than one user in Lagrundt matches your municipality account. Ask the system administrator "
            "to correct it."
        ),
        "linked_elsewhere": _(
            "The user in Lagrundt that matches your municipality account is linked to another account. "
            "Ask the system administrator."
        ),
        "inactive": _("Your user in Lagrundt is deactivated. Ask the system administrator."),
        "missing_claim": _(
            "Your municipality account did not tell Lagrundt who you are. Ask the system administrator."
        ),
        "level": _("The login was not at a high enough security level. Log in again with a stronger method."),
    }
    return messages.get(
        reason,
        _(
            "The login with your municipality account did not complete. Try again, or log in with your "
            "username and password."
        ),
    )


def match_user(request, cfg: Provider, claims: dict):
    """The existing user the verified claims name (see the module's docstring), linking it on first use."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise Refused("missing_claim")
    linked = Account.objects.filter(external_issuer=cfg.issuer, external_subject=subject).select_related(
        "user"
    )
    account = linked.first()
    if account is not None:
        request.lagrundt_login_name = account.user.get_username()
        if not account.user.is_active:
            raise Refused("inactive")
        return account.user
    value = claims.get(cfg.match_claim)
    if not isinstance(value, str) or not value.strip():
        raise Refused("missing_claim")
    request.lagrundt_login_name = value[:150]
    if cfg.match_claim == "email" and claims.get("email_verified") is False:
        raise Refused("missing_claim")
    users = list(get_user_model().objects.filter(**{f"{cfg.match_field}__iexact": value.strip()})[:2])
    if not users:
        raise Refused("no_match")
    if len(users) > 1:
        raise Refused("ambiguous")
    user = users[0]
    if not user.is_active:
        raise Refused("inactive")
    _link(request, user, cfg.issuer, subject)
    return user


def _link(request, user, issuer: str, subject: str) -> None:
    try:
        with transaction.atomic():
            account, _created = Account.objects.select_for_update().get_or_create(user=user)
            if account.external_subject:
                # Linked to another subject (or another provider): the link wins over a matching claim.
                raise Refused("linked_elsewhere")
            account.external_issuer = issuer
            account.external_subject = subject
            account.save(update_fields=["external_issuer", "external_subject"])
            record(
                Actor(user=user, detail=request.path[:300]),
                action=AuditAction.CREDENTIAL,
                channel=AuditChannel.LOGIN,
                detail="Single sign-on: linked to the municipality account on first login",
            )
    except IntegrityError as exc:  # the subject was linked to another user at the same moment
        raise Refused("linked_elsewhere") from exc


class MunicipalityAccountBackend(OIDCAuthenticationBackend):
    """Authenticates the code the identity provider sends back; only ever called by the callback view."""

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads its settings here; ours are read when a login comes back, so that
        # Django can load this backend for every session without the provider being configured.
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        if request is None or kwargs or nonce is None or not configured():
            return None  # a password login, or no single sign-on here
        try:
            self.cfg = provider()
            self.OIDC_OP_TOKEN_ENDPOINT = self.cfg.token_endpoint
            self.OIDC_OP_USER_ENDPOINT = self.cfg.userinfo_endpoint
            self.OIDC_OP_JWKS_ENDPOINT = self.cfg.jwks_uri
            self.OIDC_RP_CLIENT_ID = self.cfg.client_id
            self.OIDC_RP_CLIENT_SECRET = self.cfg.client_secret
            self.OIDC_RP_SIGN_ALGO = self.cfg.sign_algo
            self.OIDC_RP_IDP_SIGN_KEY = None
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Refused as refused:
            request.lagrundt_sso_refusal = refused.reason
        except (ProviderUnavailable, requests.RequestException, SuspiciousOperation, jwt.PyJWTError) as exc:
            logger.warning("Single sign-on failed: %s", exc)
            request.lagrundt_sso_refusal = "provider_error"
        return None

    def verify_token(self, token, **kwargs):
        """The signature and nonce (mozilla-django-oidc), then issuer, audience and security level."""
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss") != self.cfg.issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.cfg.client_id not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if len(audiences) > 1 and payload.get("azp") != self.cfg.client_id:
            raise SuspiciousOperation("The ID token's authorised party is another client.")
        if self.cfg.acr_values and payload.get("acr") not in self.cfg.acr_values:
            raise Refused("level")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.cfg.match_claim not in claims and self.cfg.userinfo_endpoint:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The user info is about another subject.")
            claims = {**userinfo, **payload}
        return match_user(self.request, self.cfg, claims)

    def get_user(self, user_id):
        # Django's check, which mozilla-django-oidc leaves out: a deactivated user's session ends.
        return ModelBackend().get_user(user_id)


# ---------------------------------------------------------------------------- views
def _refuse(request, reason: str):
    request.session[REFUSAL_KEY] = reason
    return redirect("accounts:oidc_refused")


@method_decorator(login_not_required, name="dispatch")
class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider, with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    get_settings = staticmethod(setting)

    def get(self, request):
        if not configured():
            return redirect("login")
        try:
            cfg = provider()
        except ProviderUnavailable as exc:
            logger.warning("Single sign-on: the provider cannot be reached: %s", exc)
            return _refuse(request, "provider_error")
        self.OIDC_OP_AUTH_ENDPOINT = cfg.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = cfg.client_id
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back with a code (or an error)."""

    get_settings = staticmethod(setting)

    def get(self, request):
        if not configured():
            return redirect("login")
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this session never sent: an old tab, or a forged link
            return _refuse(request, "provider_error")

    def login_failure(self):
        return _refuse(self.request, getattr(self.request, "lagrundt_sso_refusal", "provider_error"))


@login_not_required
def refused(request):
    """Why the municipality account did not log in, in words; nobody was logged in or made."""
    if not configured():
        return redirect("login")
    reason = request.session.pop(REFUSAL_KEY, "")
    return render(request, "accounts/oidc_refused.html", {"message": refusal_message(reason)}, status=403)
