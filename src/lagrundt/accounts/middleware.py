"""Sessions that end, and a password that must be changed before anything else.

- A session ends after ``LAGRUNDT_SESSION_IDLE_MINUTES`` without a request (30), and at the latest
  ``LAGRUNDT_SESSION_MAX_HOURS`` after the login (10): the user is logged out and sent to the login
  page with a message. The time of the last request is written at most once a minute, so that
  reading pages does not write the session on every request.
- A user who must change their password (``Account.must_change_password``) is sent to the password
  page until they have, except to log out, switch language or finish the second factor.

Both read only the session (set at login by ``start_session``): no query on an ordinary request.
It comes after Django's message middleware in ``MIDDLEWARE``, so that it can leave a message.
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOGIN_AT = "lagrundt_login_at"
SEEN_AT = "lagrundt_seen_at"
MUST_CHANGE = "lagrundt_must_change_password"
# How often the time of the last request is written to the session.
SEEN_PRECISION = dt.timedelta(minutes=1)
API_PREFIX = "/api/"


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LAGRUNDT_SESSION_IDLE_MINUTES)


def lifetime_limit() -> dt.timedelta:
    return dt.timedelta(hours=settings.LAGRUNDT_SESSION_MAX_HOURS)


def start_session(request, *, must_change_password: bool) -> None:
    """Mark a session as just logged in (called on every login)."""
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    if must_change_password:
        request.session[MUST_CHANGE] = True
    else:
        request.session.pop(MUST_CHANGE, None)


def password_changed(request) -> None:
    """The user has chosen a new password in this session: let them on."""
    request.session.pop(MUST_CHANGE, None)


class AccountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.session_ended(request) or self.password_first(request)
            if response is not None:
                return response
        return self.get_response(request)

    def session_ended(self, request) -> HttpResponse | None:
        session = request.session
        now = timezone.now()
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:  # a session from before these were kept
            session[LOGIN_AT] = session.get(LOGIN_AT, now.timestamp())
            session[SEEN_AT] = now.timestamp()
            return None
        if now.timestamp() - seen_at > idle_limit().total_seconds():
            minutes = settings.LAGRUNDT_SESSION_IDLE_MINUTES
            message = ngettext(
                "You were logged out after %(minutes)d minute without activity. Log in again to go on.",
                "You were logged out after %(minutes)d minutes without activity. Log in again to go on.",
                minutes,
            ) % {"minutes": minutes}
        elif now.timestamp() - login_at > lifetime_limit().total_seconds():
            hours = settings.LAGRUNDT_SESSION_MAX_HOURS
            message = ngettext(
                "You were logged out %(hours)d hour after you logged in. Log in again to go on.",
                "You were logged out %(hours)d hours after you logged in. Log in again to go on.",
                hours,
            ) % {"hours": hours}
        else:
            if now.timestamp() - seen_at >= SEEN_PRECISION.total_seconds():
                session[SEEN_AT] = now.timestamp()
            return None
        request.lagrundt_logout_reason = "session_expired"
        logout(request)
        if request.path.startswith(API_PREFIX):
            return None  # the API goes on as anonymous: DRF answers 401 or 403
        messages.info(request, message)
        return _to(request, redirect_to_login(request.get_full_path() if request.method == "GET" else "/"))

    def password_first(self, request) -> HttpResponse | None:
        if not request.session.get(MUST_CHANGE) or _may_open_first(request):
            return None
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": _("Choose a new password before you use Lagrundt.")}, status=403)
        messages.warning(request, _("Choose a new password before you go on."))
        return _to(request, HttpResponseRedirect(reverse("accounts:password_change")))


def _to(request, redirect: HttpResponseRedirect) -> HttpResponse:
    """A redirect, or for htmx (which would swap the next page into a part of this one) an
    instruction to load it as a whole page."""
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": redirect["Location"]})
    return redirect


def _may_open_first(request) -> bool:
    """Pages a user who must change their password may still open."""
    from . import factor_urls

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.view_name in {"accounts:password_change", "logout", "set_language", "login"}:
        return True
    # The second factor and single sign-on come before the password (their own middleware may send
    # the user there first).
    factor_names = {p.name for p in factor_urls.urlpatterns if getattr(p, "name", None)}
    return match.namespace == "accounts" and match.url_name in factor_names
