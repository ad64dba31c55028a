"""API keys on the API: ``Authorization: Token <key>``.

A key that was never made, has expired or is revoked, or whose user is deactivated, answers 401
(with ``WWW-Authenticate: Token``). A read-only key answers 403 to anything but GET, HEAD and
OPTIONS: the scope belongs to the credential, so the key says it, not each view.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from lagrundt.accounts import services


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key as: Authorization: Token <key>."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The API key is not valid.")) from None
        token = services.api_token_find(key)
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The API key is revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The API key's user is deactivated."))
        if token.is_read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("The API key is read-only."))
        services.api_token_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API key, made on the account page or at /api/v1/auth/token/: "Token <key>".',
        }
