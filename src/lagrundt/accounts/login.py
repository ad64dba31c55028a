"""The way in: lockout after failed logins on every login endpoint (django-axes), the address a request
comes from, the lockout answer, lockouts in the audit log, and the guard on every request.

Limits (docs/login.md says why): 5 failed logins for one username from one address, or 50 from one
address whatever the usernames, within 15 minutes, lock that out for 15 minutes. A locked-out
client's login attempts are answered before any password is checked, so they add no failed-login entry
to the audit log: one address can add at most 50 in 15 minutes, however many usernames it tries.
"""

import json

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel

from . import oidc, two_factor

# The views that check a password: the login page, the administration's login and the API's key endpoint.
LOGIN_VIEWS = frozenset({"login", "admin:login", "api_token"})
API_PREFIX = "/api/"
# Open to a session that has not shown its second factor yet (besides the pages open to anyone).
SECOND_FACTOR_VIEWS = frozenset(
    {"accounts:two_factor_setup", "accounts:two_factor_verify", "logout", "set_language"}
)


# ---------------------------------------------------------------------------- lockout
class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one.

    ``AXES_LOCKOUT_PARAMETERS`` counts failures per username and address, then per address. Axes
    compares the larger count with one limit (``AXES_FAILURE_LIMIT``, the username's); an address
    that reaches its own, higher limit (``LAGRUNDT_LOCKOUT_ADDRESS_LIMIT``) counts as having reached it.
    """

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:  # other lockout parameters than ours: axes' own rule
            return max(counts)
        user_and_address, address = counts
        if address >= settings.LAGRUNDT_LOCKOUT_ADDRESS_LIMIT:
            return max(user_and_address, get_failure_limit(request, credentials))
        return user_and_address

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # The user's own mistakes from this address are forgiven once the password is right; the
        # address's count of other usernames stays, so a login between guesses does not reset a spray.
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=getattr(request, "axes_ip_address", None)
        ).delete()


def client_ip(request) -> str:
    """The address a request comes from: the socket's, or behind ``LAGRUNDT_PROXY_COUNT`` proxies the one
    the outermost of them saw. Each proxy appends what it saw to X-Forwarded-For; what a client wrote
    there itself stays further left and is never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LAGRUNDT_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a locked-out client: 429 with the time to wait, as a page or (the API) as JSON."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60))
    message = _("Too many failed logins. Try again in %(minutes)d minutes.") % {"minutes": minutes}
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": message}, status=429)
    else:
        context = {
            "locked_out": True,
            "minutes": minutes,
            "single_sign_on": oidc.login_button(""),
            "second_factor_optional": two_factor.is_optional(),
        }
        response = render(request, "web/login.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def refused_login(request):
    """The lockout answer to a login attempt from a locked-out client, before the view checks a password."""
    match = request.resolver_match
    if request.method != "POST" or not settings.AXES_ENABLED or match is None:
        return None
    if match.view_name not in LOGIN_VIEWS:
        return None
    credentials = {settings.AXES_USERNAME_FORM_FIELD: _posted_username(request)}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return lockout_response(request, credentials=credentials)


def username_tried(request, credentials=None) -> str | None:
    """The username a login attempt gave, as axes counts it: without NUL characters (which PostgreSQL
    refuses in text, so a forged one would fail the count instead of counting) and at most 150 long."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return None if value is None else str(value).replace("\x00", "")[:150]


def _posted_username(request) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, RequestDataTooBig, RawPostDataException):  # the view answers bad or big bodies
            return None
        value = data.get(field) if isinstance(data, dict) else None
        return None if value is None else str(value).replace("\x00", "")[:150]
    try:
        return username_tried(request)
    except (MultiPartParserError, RequestDataTooBig):  # the view answers a broken form with its 400
        return None


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    """A lockout goes to the audit log once, when it begins (the count is set only then)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    record(
        Actor(user=None, detail=request.path[:300]),
        action=AuditAction.LOCKED_OUT,
        channel=AuditChannel.LOGIN,
        username=str(username or "")[:150],
    )


# ---------------------------------------------------------------------------- the guard on every request
class LoginGuardMiddleware:
    """Two guards between the login and the page.

    A locked-out client's login attempt is answered with the lockout page before the view runs (so no
    password is checked and nothing is logged again). A logged-in session that must still show its
    second factor reaches only the second-factor pages, logging out and the pages open to anyone; the
    rest send it to verify (or set up) its second factor, or answer 403 on the API.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        refused = refused_login(request)
        if refused is not None:
            return refused
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_VIEWS:
            return None
        if request.path.startswith(API_PREFIX):
            # The API's views are all open to Django (REST framework authenticates): a session that owes
            # its second factor is refused; a key, not a session, speaks for a call with a header.
            if "HTTP_AUTHORIZATION" in request.META or two_factor.pending_step(request) is None:
                return None
            return JsonResponse({"detail": _("Show your second factor on the login page first.")}, status=403)
        if not getattr(view_func, "login_required", True):
            return None
        step = two_factor.pending_step(request)
        if step is None:
            return None
        url = two_factor.step_url(step, request.get_full_path() if request.method == "GET" else "/")
        if request.headers.get("HX-Request"):  # htmx would swap the page into a part of this one
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)
