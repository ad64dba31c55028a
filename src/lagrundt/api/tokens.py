"""``POST /api/v1/auth/token/``: a script logs in with a user name and password and gets a new API key.

The password is checked by ``django.contrib.auth.authenticate``, so that lockout and the audit of
failed logins apply here as on the login page. A user who shows a second factor on the login page
shows it here too: a code from the authenticator app in ``code`` (a key is a login that lasts).
A request that names a user is throttled, five a minute from one address and five a minute for one
user name; one without credentials is refused before it counts. Every key made is audited, and the
key is in the answer only.
"""

import hashlib

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.accounts import login, services, two_factor
from lagrundt.accounts.models import ApiPart, ApiTokenScope


class ApiTokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    name = serializers.CharField(max_length=100, required=False, default="Script")
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=services.API_TOKEN_MAX_DAYS,
        required=False,
        default=services.API_TOKEN_DEFAULT_DAYS,
    )
    # Read and write by default, as the keys this endpoint gave before keys had a scope.
    scope = serializers.ChoiceField(
        choices=ApiTokenScope.choices, required=False, default=ApiTokenScope.READ_WRITE
    )
    parts = serializers.ListField(
        child=serializers.ChoiceField(choices=ApiPart.choices),
        required=False,
        default=list,
        max_length=len(ApiPart.values),
        help_text="The parts of the API the key reaches; none given: every part.",
    )
    code = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text="The code from the authenticator app, if you have one.",
    )


class ApiTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: shown this once, never stored.")
    name = serializers.CharField()
    prefix = serializers.CharField()
    scope = serializers.ChoiceField(choices=ApiTokenScope.choices)
    parts = serializers.ListField(
        child=serializers.ChoiceField(choices=ApiPart.choices),
        help_text="The parts of the API the key reaches; empty: every part.",
    )
    expires_at = serializers.DateTimeField()


class PerAddressThrottle(SimpleRateThrottle):
    scope = "api_token_address"
    rate = "5/min"

    def get_cache_key(self, request, view):
        # The address as the lockout sees it: X-Forwarded-For only as far as our own proxies wrote it.
        return self.cache_format % {"scope": self.scope, "ident": login.client_ip(request)}


class PerUsernameThrottle(SimpleRateThrottle):
    scope = "api_token_username"
    rate = "5/min"

    def get_cache_key(self, request, view):
        username = view.username_tried.casefold().encode()
        return self.cache_format % {"scope": self.scope, "ident": hashlib.sha256(username).hexdigest()[:32]}


class ApiTokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = ApiTokenRequestSerializer
    username_tried = ""

    @extend_schema(
        request=ApiTokenRequestSerializer,
        responses={200: ApiTokenSerializer},
        summary="Make an API key with a user name and password",
        examples=[
            OpenApiExample(
                "A read-only key for the register",
                request_only=True,
                value={
                    "username": "warehouse",
                    "password": "…",
                    "name": "Data warehouse",
                    "expires_in_days": 90,
                    "scope": "read",
                    "parts": ["register"],
                    "code": "123456",
                },
            ),
            OpenApiExample(
                "The key, shown once",
                response_only=True,
                status_codes=["200"],
                value={
                    "token": "kR3v…(43 characters)",
                    "name": "Data warehouse",
                    "prefix": "kR3vQ9xa",
                    "scope": "read",
                    "parts": ["register"],
                    "expires_at": "2027-02-02T12:00:00+01:00",
                },
            ),
        ],
    )
    def post(self, request):
        data = ApiTokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        self.username_tried = fields["username"]
        # Throttled after the shape is checked: a request without credentials guesses nothing.
        for throttle in (PerAddressThrottle(), PerUsernameThrottle()):
            if not throttle.allow_request(request, self):
                self.throttled(request, throttle.wait())
        user = authenticate(request._request, username=fields["username"], password=fields["password"])
        if user is None:
            if getattr(request._request, "axes_locked_out", False):
                return Response(
                    {"detail": _("Too many failed logins. Try again later.")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to log in with the user name and password given.")]}
            )
        refused = second_factor_refusal(request, user, fields.get("code", ""))
        if refused:
            raise serializers.ValidationError({"code": [refused]})
        token, key = services.api_token_make(
            user=user,
            name=fields["name"],
            scope=fields["scope"],
            days=fields["expires_in_days"],
            parts=fields["parts"],
            actor=Actor(user=user, detail=request.path[:300]),
            channel=AuditChannel.API,
        )
        return Response(
            ApiTokenSerializer(
                {
                    "token": key,
                    "name": token.name,
                    "prefix": token.prefix,
                    "scope": token.scope,
                    "parts": token.parts,
                    "expires_at": token.expires_at,
                }
            ).data,
            headers={"Cache-Control": "no-store"},
        )


def second_factor_refusal(request, user, code: str) -> str:
    """Why the key is refused for want of a second factor, or "" when none is due or the code is right.

    As on the login page: who has an authenticator app shows a code from it (or a recovery code); who
    must have one and has none sets it up on the web first. ``two_factor.check_code`` slows wrong codes
    down and audits them as failed logins.
    """
    if two_factor.authenticator(user) is None:
        if not two_factor.is_optional() and two_factor.needs_second_factor(user):
            return _("Set up your second factor by logging in on the web page first.")
        return ""
    if not code.strip():
        return _("Give the code from your authenticator app.")
    return two_factor.check_code(user, code, Actor(user=user, detail=request.path[:300])).error
