"""Structured logs: one JSON object per line on stdout, with the request each line belongs to.

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``; a line written while a
request is handled also has ``request_id``, ``method``, ``path`` and, once the user is known,
``user_id``. The application server's access log (``lagrundt.gunicorn_conf``) adds ``status`` and
``duration_ms`` to one line per request.

No personal data reaches the log, in three ways:

- a request is named by its path only, never its query string (a name search is ``?q=<name>``); our
  paths carry database ids, never names or national IDs, and a long random segment (the secret address
  of a calendar feed, a password link's token) is replaced by ``[secret]``;
- a user is their numeric id, never their username or name; the client's address is not logged;
- every message and traceback passes ``redact``, which replaces anything shaped like a national ID or
  D-number (eleven digits) and any e-mail address, in case a library puts a value into an error message
  (PostgreSQL's "Key (national_id)=(…) already exists", for instance).

The request context lives in a context variable set by ``RequestContextMiddleware``, which also answers
with the request id in ``X-Request-ID`` (taking the proxy's, when it sends a well-formed one) so that a
user's report, the proxy's log and ours can be matched.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# What the access log reads back from the WSGI environ, where the middleware leaves it.
ENVIRON_REQUEST_ID = "lagrundt.request_id"
ENVIRON_USER_ID = "lagrundt.user_id"

_current_request: contextvars.ContextVar = contextvars.ContextVar("lagrundt_request", default=None)

# Eleven digits, optionally split 6+5 (a national ID or D-number as typed), not part of a longer number.
_NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# A random path segment is a secret (a calendar feed's address, a password link's token): 32 characters
# or more, or 20 or more mixing letters and digits (no word of a page's address does).
_SECRET_SEGMENT = re.compile(
    r"(?<=/)(?:[A-Za-z0-9_-]{32,}|(?=[^/.]*\d)(?=[^/.]*[A-Za-z])[A-Za-z0-9_-]{20,})(?=[./]|$)"
)
# Fields a caller may add with ``extra=``; anything else given that way is left out of the line.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "request_id", "user_id", "bytes")


def redact(text: str) -> str:
    """``text`` with national IDs, D-numbers and e-mail addresses replaced by a marker."""
    return _EMAIL.sub("[e-mail]", _NATIONAL_ID.sub("[national-id]", text))


def safe_path(path: str) -> str:
    """A request path as it may be logged: secrets in it replaced, and redacted like any message."""
    return redact(_SECRET_SEGMENT.sub("[secret]", path))


def request_context(request=None) -> dict:
    """A request as logged: ``request``, or else the one being handled in this thread (empty if none)."""
    request = request if request is not None else _current_request.get()
    if request is None or not hasattr(request, "environ"):
        return {}
    context = {
        "request_id": request.environ.get(ENVIRON_REQUEST_ID),
        "method": request.method,
        "path": safe_path(request.path),
    }
    user_id = _user_id(request)
    if user_id is not None:
        context["user_id"] = user_id
    return context


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON, with the request context and without personal data."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        # Django logs a 4xx or 5xx answer after the middleware is done, naming the request itself.
        line.update(request_context(getattr(record, "request", None)))
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        elif record.stack_info:
            line["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class RedactingFormatter(logging.Formatter):
    """The plain-text format for a terminal (the demo), with the same redaction as the JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _request_id(request) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _WELL_FORMED_ID.fullmatch(offered) else uuid.uuid4().hex


def _user_id(request):
    """The user's id if the request has already looked the user up; never a query of its own."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return getattr(user, "pk", None)


class RequestContextMiddleware:
    """Give every request an id, and every log line written while handling it the request's context.

    First in ``MIDDLEWARE``, so that what the other middleware log carries the request id too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _request_id(request)
        request.environ[ENVIRON_REQUEST_ID] = request_id
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        user_id = _user_id(request)
        if user_id is not None:
            request.environ[ENVIRON_USER_ID] = user_id
        response[REQUEST_ID_HEADER] = request_id
        return response


def logging_config(*, json_lines: bool, level: str = "INFO") -> dict:
    """The ``LOGGING`` setting: everything to stdout, as JSON lines or as redacted text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "lagrundt.core.logging.JsonFormatter"},
            "text": {
                "()": "lagrundt.core.logging.RedactingFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            },
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["stdout"], "level": "WARNING"},
        "loggers": {
            "lagrundt": {"level": level},
            "django": {"level": "INFO"},
            # Django's own request line duplicates the access log, and names the query string.
            "django.server": {"level": "WARNING"},
            # django-axes names the username and address it saw; lockouts are in the audit log instead.
            "axes": {"level": "ERROR"},
        },
    }
