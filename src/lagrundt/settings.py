"""Settings for Lagrundt, read from the environment.

One module for every environment; what differs comes from environment variables:

- ``LAGRUNDT_ENV``: ``production`` (default), ``demo`` or ``test``.
- ``LAGRUNDT_SECRET_KEY``: required in production; demo and test generate one.
- ``DATABASE_URL``: a PostgreSQL URL; without it a SQLite file in WAL mode is used.
- ``LAGRUNDT_DATA_DIR``: where the SQLite file and generated files live (default ``var/``).
- ``LAGRUNDT_ALLOWED_HOSTS``: comma-separated host names.
- ``LAGRUNDT_BASE_URL``: the address users open, for links in e-mails and calendar feeds.
- ``LAGRUNDT_BEHIND_PROXY`` (``1``): a TLS proxy in front sets X-Forwarded-Proto;
  ``LAGRUNDT_CSRF_TRUSTED_ORIGINS``: more origins forms may be posted from;
  ``LAGRUNDT_SSL_REDIRECT=0``: production leaves redirecting to the proxy (docs/security.md).
- ``LAGRUNDT_EMAIL_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_TLS`` (``1``), ``LAGRUNDT_EMAIL_FROM``:
  SMTP for the daily digest. Without a host, e-mail is printed to the console (the demo).
- ``LAGRUNDT_SECOND_FACTOR``, ``LAGRUNDT_PROXY_COUNT`` and ``LAGRUNDT_OIDC_*``: logging in (docs/login.md).
- ``LAGRUNDT_SESSION_IDLE_MINUTES`` (30), ``LAGRUNDT_SESSION_MAX_HOURS`` (10): sessions (docs/accounts.md).
- ``LAGRUNDT_LOG_FORMAT`` (``json`` or ``text``), ``LAGRUNDT_LOG_LEVEL``, ``LAGRUNDT_STATIC_MANIFEST``:
  logs and hashed static files (docs/operations.md).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from lagrundt.accounts import oidc_config
from lagrundt.core.apps import private_directory
from lagrundt.core.countries import cldr_overrides
from lagrundt.core.logging import logging_config

# ---------------------------------------------------------------------------- paths and environment
BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
ENVIRONMENT = os.environ.get("LAGRUNDT_ENV", "production")
if ENVIRONMENT not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"LAGRUNDT_ENV must be production, demo or test, not {ENVIRONMENT!r}")
DATA_DIR = Path(os.environ.get("LAGRUNDT_DATA_DIR", PROJECT_DIR / "var"))

# ---------------------------------------------------------------------------- security
SECRET_KEY = os.environ.get("LAGRUNDT_SECRET_KEY", "")
if not SECRET_KEY:
    if ENVIRONMENT == "production":
        raise ImproperlyConfigured("Set LAGRUNDT_SECRET_KEY: production never runs on a generated key.")
    # Demo and test only: a fresh random key per process. Sessions do not outlive a restart.
    SECRET_KEY = secrets.token_urlsafe(50)

DEBUG = os.environ.get("LAGRUNDT_DEBUG", "") == "1" and ENVIRONMENT != "production"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("LAGRUNDT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if ENVIRONMENT == "test":
    ALLOWED_HOSTS = ["*"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after LAGRUNDT_SESSION_IDLE_MINUTES without a request and LAGRUNDT_SESSION_MAX_HOURS
# after the login (lagrundt.accounts.middleware), and with the browser.
LAGRUNDT_SESSION_IDLE_MINUTES = int(os.environ.get("LAGRUNDT_SESSION_IDLE_MINUTES", "30"))
LAGRUNDT_SESSION_MAX_HOURS = int(os.environ.get("LAGRUNDT_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_AGE = LAGRUNDT_SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (Django's ContentSecurityPolicyMiddleware): scripts, styles and fonts from our own
# static files only; no inline script, no inline style, no eval. The one allowance is data: images, which
# Designsystemet's stylesheet uses for its icons (checkboxes, radios, select arrows). docs/security.md.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Behind a TLS proxy (nginx, a load balancer): the proxy ends HTTPS and must set X-Forwarded-Proto, and
# must overwrite one a client sent; only then may Django trust the header to tell an https request.
if os.environ.get("LAGRUNDT_BEHIND_PROXY", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _origins(variable: str) -> list[str]:
    """The origins (``https://host[:port]``) of the comma-separated addresses in an environment variable."""
    origins = []
    for address in filter(None, (a.strip() for a in os.environ.get(variable, "").split(","))):
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(f"{variable}: {address!r} is not an http(s) address.")
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


# Forms may be posted from the address users open (LAGRUNDT_BASE_URL) and from any other listed origin
# (LAGRUNDT_CSRF_TRUSTED_ORIGINS, comma-separated, e.g. ``https://lagrundt.kommune.no``).
CSRF_TRUSTED_ORIGINS = _origins("LAGRUNDT_BASE_URL") + _origins("LAGRUNDT_CSRF_TRUSTED_ORIGINS")
if ENVIRONMENT == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # HTTPS for a year, subdomains included (not preloaded: that is the municipality's choice for its domain).
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Plain http is redirected, except the health check a proxy or load balancer makes on the inside.
    # LAGRUNDT_SSL_REDIRECT=0 leaves redirecting to a proxy that already does it.
    SECURE_SSL_REDIRECT = os.environ.get("LAGRUNDT_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^helse/$"]

# ---------------------------------------------------------------------------- applications
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    # Logging in: second factors (TOTP and recovery codes), lockout, single sign-on (docs/login.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mozilla_django_oidc",
    "lagrundt.core",
    "lagrundt.tenancy",
    "lagrundt.access",
    "lagrundt.accounts",
    "lagrundt.people",
    "lagrundt.routines",
    "lagrundt.settlement",
    "lagrundt.housing",
    "lagrundt.records",
    "lagrundt.intro",
    "lagrundt.work",
    "lagrundt.finance",
    "lagrundt.plans",
    # Leisure before community: its interest list is loaded first (demo) and read by guide matching.
    "lagrundt.leisure",
    "lagrundt.community",
    "lagrundt.surveys",
    "lagrundt.privacy",
    # Spreadsheets in, archive messages out: they read and write through every capability app.
    "lagrundt.imports",
    "lagrundt.archive",
    "django_tasks_db",
    "lagrundt.web",
    "lagrundt.api",
    # Last, so that our templates in web/templates/django/forms/ override Django's own.
    "django.forms",
]

MIDDLEWARE = [
    # First: a request id and the user id for every log line of the request (no personal data).
    "lagrundt.core.logging.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names and far-future caching, before sessions and logins.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "lagrundt.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lagrundt.web.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Lockout answered before a password is checked; a session that owes its second factor is kept to it.
    "lagrundt.accounts.login.LoginGuardMiddleware",
    # Deny by default: every page needs a login unless marked @login_not_required.
    "lagrundt.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session timeouts, and a forced password change; after messages, to leave one.
    "lagrundt.accounts.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout found while logging in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lagrundt.urls"
WSGI_APPLICATION = "lagrundt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lagrundt.web.context_processors.navigation",
            ],
        },
    },
]
# Our own templates for Django's form widgets, so that {{ form }} renders Designsystemet fields.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# ---------------------------------------------------------------------------- database
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    private_directory(DATA_DIR)  # 0700: the database holds every person's data (core/apps.py)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("LAGRUNDT_SQLITE_PATH", str(DATA_DIR / "lagrundt.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
                # the start of a transaction so two writers queue instead of failing half-way.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA temp_store=MEMORY;PRAGMA cache_size=-65536;PRAGMA mmap_size=268435456"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------- authentication
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
if ENVIRONMENT == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on; answers only the callback from the identity provider, and only when set up.
    "lagrundt.accounts.oidc.MunicipalityAccountBackend",
]
# The second factor (docs/login.md): "required" for every role that sees persons and for administrators;
# "optional" (only who set one up is asked) for the demo, whose logins share a published password.
LAGRUNDT_SECOND_FACTOR = os.environ.get(
    "LAGRUNDT_SECOND_FACTOR", "optional" if ENVIRONMENT == "demo" else "required"
)
if LAGRUNDT_SECOND_FACTOR not in {"required", "optional"}:
    raise ImproperlyConfigured("LAGRUNDT_SECOND_FACTOR must be required or optional.")
if ENVIRONMENT == "production" and LAGRUNDT_SECOND_FACTOR != "required":
    raise ImproperlyConfigured("Production requires the second factor (LAGRUNDT_SECOND_FACTOR=required).")
OTP_TOTP_ISSUER = "Lagrundt"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Lockout (django-axes): 5 failed logins for a username from one address, or 50 from one address, lock
# that out for 15 minutes. Proxies in front (LAGRUNDT_PROXY_COUNT, 1 when LAGRUNDT_BEHIND_PROXY=1) tell
# the client's address in X-Forwarded-For.
AXES_FAILURE_LIMIT = 5
LAGRUNDT_LOCKOUT_ADDRESS_LIMIT = 50
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "lagrundt.accounts.login.LockoutHandler"
AXES_USERNAME_CALLABLE = "lagrundt.accounts.login.username_tried"
AXES_LOCKOUT_CALLABLE = "lagrundt.accounts.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lagrundt.accounts.login.client_ip"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # the handler forgives the user's own failures, not the address's
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log; no second log of addresses
AXES_HTTP_RESPONSE_CODE = 429
LAGRUNDT_PROXY_COUNT = int(
    os.environ.get("LAGRUNDT_PROXY_COUNT", "1" if os.environ.get("LAGRUNDT_BEHIND_PROXY") == "1" else "0")
)
# Single sign-on with the municipality's identity provider (LAGRUNDT_OIDC_*; docs/login.md), or None.
LAGRUNDT_OIDC = oidc_config.from_environment(ENVIRONMENT)

# ---------------------------------------------------------------------------- languages and time
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Country names from the Unicode CLDR in nb, nn and en (django-countries has no nynorsk).
COUNTRIES_OVERRIDE = cldr_overrides()

# ---------------------------------------------------------------------------- static files
# WhiteNoise serves them from the application server. In production, and in the demo when
# `scripts/serve.sh` serves it (LAGRUNDT_STATIC_MANIFEST=1), `collectstatic` writes each file under a name
# with its content hash and a gzip and brotli copy, so browsers may cache them for a year. `make demo`
# (runserver) and the tests read the apps' files as they are, with Django's plain storage: no collectstatic.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_MANIFEST = ENVIRONMENT == "production" or (
    ENVIRONMENT == "demo" and os.environ.get("LAGRUNDT_STATIC_MANIFEST") == "1"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Only the hashed names are kept (every page asks `{% static %}`), and neither source maps nor the TrueType
# cuts the PDFs read are compressed: browsers hardly ask for them, and brotli takes most of a minute.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "ttf"]
if not STATIC_MANIFEST:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# ---------------------------------------------------------------------------- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # API keys first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        "lagrundt.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "lagrundt.api.permissions.TokenPartPermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "lagrundt.api.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["lagrundt.api.filters.ChangedSinceFilter"],
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lagrundt.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lagrundt API",
    "DESCRIPTION": (
        "Settlement and five-year follow-up of refugees: the register, the introduction programme, work, "
        "grants, action plans, settlement, housing and the archive outbox, under the same access policy "
        "and audit log as the pages (docs/api.md)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The one error shape on every operation's 4xx answers (api/errors.py), also for `manage.py spectacular`.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lagrundt.api.errors.error_responses",
    ],
    # Two apps' choices share a field name: each list of choices gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "SettlementCaseKindEnum": "lagrundt.settlement.models.CaseKind",
        "GoalKindEnum": "lagrundt.plans.models.GoalKind",
        "MeasureStatusEnum": "lagrundt.plans.models.MeasureStatus",
        "PlanStatusEnum": "lagrundt.plans.models.PlanStatus",
    },
}

# ---------------------------------------------------------------------------- cache
# Throttles (the API key endpoint, password resets) count in the cache: a table that every worker
# process shares (`manage.py createcachetable`, run by `make demo` and `make serve`). Tests keep
# Django's per-process memory cache.
if ENVIRONMENT != "test":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lagrundt_cache"}
    }

# ---------------------------------------------------------------------------- e-mail and background work
BASE_URL = os.environ.get("LAGRUNDT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if os.environ.get("LAGRUNDT_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["LAGRUNDT_EMAIL_HOST"],
                "port": int(os.environ.get("LAGRUNDT_EMAIL_PORT", "587")),
                "username": os.environ.get("LAGRUNDT_EMAIL_USER", ""),
                "password": os.environ.get("LAGRUNDT_EMAIL_PASSWORD", ""),
                "use_tls": os.environ.get("LAGRUNDT_EMAIL_TLS", "1") == "1",
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("LAGRUNDT_EMAIL_FROM", "Lagrundt <ikke-svar@lagrundt.invalid>")

# Nightly routine runs and digests are tasks (Django's tasks API); a worker (`manage.py db_worker`)
# runs them from the database queue. Tests run them at once.
# Where archive messages wait for the municipality's integration to pick them up (docs/archive.md).
ARCHIVE_OUTBOX_DIR = Path(os.environ.get("LAGRUNDT_ARCHIVE_OUTBOX_DIR", DATA_DIR / "arkiv-ut"))

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if ENVIRONMENT == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# ---------------------------------------------------------------------------- logging
# Everything to stdout (systemd's journal or the container's log collects it): JSON lines in production,
# redacted text elsewhere; LAGRUNDT_LOG_FORMAT (json, text) and LAGRUNDT_LOG_LEVEL override. What is
# kept out of the log, and how, is in lagrundt.core.logging and docs/operations.md.
LOG_FORMAT = os.environ.get("LAGRUNDT_LOG_FORMAT", "json" if ENVIRONMENT == "production" else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LAGRUNDT_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=os.environ.get("LAGRUNDT_LOG_LEVEL", "INFO"))
