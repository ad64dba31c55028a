"""Single sign-on's configuration, read from the environment by the settings (no model is imported here).

The municipality registers Lagrundt as a client at its identity provider (an Entra ID tenant, or
Ansattporten) and gives Lagrundt the issuer, the client's id and secret, and the claim that names a
user. The endpoints are read from the provider's discovery document when not given. ``docs/login.md``
says what to register.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# The user fields a claim may be compared with (case-insensitively).
MATCH_FIELDS = ("email", "username")
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


def build(
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    match_claim: str = "email",
    match_field: str = "",
    scopes: str = "openid email profile",
    label: str = "",
    sign_algo: str = "RS256",
    acr_values: str = "",
    require_https: bool = True,
    **endpoints: str,
) -> dict:
    """The ``LAGRUNDT_OIDC`` setting: a plain dict, checked here so that a wrong value stops the start."""
    issuer = issuer.strip().rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"LAGRUNDT_OIDC_ISSUER must be an address, not {issuer!r}.")
    if require_https and not issuer.startswith("https://"):
        raise ImproperlyConfigured("LAGRUNDT_OIDC_ISSUER must use https in production.")
    if not client_id or not client_secret:
        raise ImproperlyConfigured(
            "Single sign-on needs LAGRUNDT_OIDC_CLIENT_ID and LAGRUNDT_OIDC_CLIENT_SECRET."
        )
    if not match_claim:
        raise ImproperlyConfigured("LAGRUNDT_OIDC_MATCH_CLAIM names the claim that identifies a user.")
    match_field = match_field or ("email" if match_claim == "email" else "username")
    if match_field not in MATCH_FIELDS:
        raise ImproperlyConfigured(f"LAGRUNDT_OIDC_MATCH_FIELD must be one of {', '.join(MATCH_FIELDS)}.")
    unknown = set(endpoints) - set(ENDPOINTS)
    if unknown:
        raise ImproperlyConfigured(f"Unknown single sign-on endpoints: {sorted(unknown)}")
    if "openid" not in scopes.split():
        raise ImproperlyConfigured("LAGRUNDT_OIDC_SCOPES must include openid.")
    return {
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": client_secret,
        "match_claim": match_claim,
        "match_field": match_field,
        "scopes": scopes,
        "label": label,
        "sign_algo": sign_algo,
        "acr_values": acr_values.split(),
        "endpoints": {name: value for name, value in endpoints.items() if value},
    }


def from_environment(environment: str) -> dict | None:
    """``LAGRUNDT_OIDC_*`` as the ``LAGRUNDT_OIDC`` setting, or None when single sign-on is not set up."""
    env = os.environ
    if not env.get("LAGRUNDT_OIDC_ISSUER"):
        return None
    return build(
        issuer=env["LAGRUNDT_OIDC_ISSUER"],
        client_id=env.get("LAGRUNDT_OIDC_CLIENT_ID", ""),
        client_secret=env.get("LAGRUNDT_OIDC_CLIENT_SECRET", ""),
        match_claim=env.get("LAGRUNDT_OIDC_MATCH_CLAIM", "email"),
        match_field=env.get("LAGRUNDT_OIDC_MATCH_FIELD", ""),
        scopes=env.get("LAGRUNDT_OIDC_SCOPES", "openid email profile"),
        label=env.get("LAGRUNDT_OIDC_LABEL", ""),
        sign_algo=env.get("LAGRUNDT_OIDC_SIGN_ALGO", "RS256"),
        acr_values=env.get("LAGRUNDT_OIDC_ACR_VALUES", ""),
        require_https=environment == "production",
        authorization_endpoint=env.get("LAGRUNDT_OIDC_AUTHORIZATION_ENDPOINT", ""),
        token_endpoint=env.get("LAGRUNDT_OIDC_TOKEN_ENDPOINT", ""),
        userinfo_endpoint=env.get("LAGRUNDT_OIDC_USERINFO_ENDPOINT", ""),
        jwks_uri=env.get("LAGRUNDT_OIDC_JWKS_ENDPOINT", ""),
    )
