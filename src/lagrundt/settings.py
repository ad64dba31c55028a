"""Settings for Lagrundt, read from the environment.

One module for every environment; what differs comes from environment variables:

- ``LAGRUNDT_ENV``: ``production`` (default), ``demo`` or ``test``.
- ``LAGRUNDT_SECRET_KEY``: required in production; demo and test generate one.
- ``DATABASE_URL``: a PostgreSQL URL; without it a SQLite file in WAL mode is used.
- ``LAGRUNDT_DATA_DIR``: where the SQLite file and generated files live (default ``var/``).
- ``LAGRUNDT_ALLOWED_HOSTS``: comma-separated host names.
- ``LAGRUNDT_BASE_URL``: the address users open, for links in e-mails and calendar feeds.
- ``LAGRUNDT_EMAIL_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_TLS`` (``1``), ``LAGRUNDT_EMAIL_FROM``:
  SMTP for the daily digest. Without a host, e-mail is printed to the console (the demo).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lagrundt.core.countries import cldr_overrides

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
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if ENVIRONMENT == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# ---------------------------------------------------------------------------- applications
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "lagrundt.core",
    "lagrundt.tenancy",
    "lagrundt.access",
    "lagrundt.accounts",
    "lagrundt.people",
    "lagrundt.routines",
    "lagrundt.intro",
    "lagrundt.work",
    "lagrundt.finance",
    "lagrundt.plans",
    "lagrundt.privacy",
    "django_tasks_db",
    "lagrundt.web",
    "lagrundt.api",
    # Last, so that our templates in web/templates/django/forms/ override Django's own.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lagrundt.web.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every page needs a login unless marked @login_not_required.
    "lagrundt.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    DATA_DIR.mkdir(parents=True, exist_ok=True)
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
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

# ---------------------------------------------------------------------------- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "lagrundt.api.pagination.NoCountPagination",
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
    "DESCRIPTION": "Register of settled refugees, under the same access policy and audit log as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
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
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
