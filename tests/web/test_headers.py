"""Security headers on every page, the settings for running behind a TLS proxy, and private SQLite files.

Every URL of the access matrix is opened once, by a role that gets the page itself where one does, and
every answer must carry the Content Security Policy, Permissions-Policy, ``Cache-Control: no-store``
and the headers Django's SecurityMiddleware adds. The HTML is also searched for what the policy would
block (inline scripts, event handler attributes, style attributes and elements), so that a page the
browser test does not open cannot break under the policy unnoticed.
"""

import os
import re
import runpy
import sqlite3
import stat

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils.csp import build_policy

from lagrundt import settings as settings_module
from lagrundt.accounts.two_factor import client_login
from lagrundt.core.apps import private_directory
from lagrundt.web.middleware import SecurityHeadersMiddleware
from tests.access_matrix import ROLES
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# What the policy blocks, searched for in every page's HTML. A <script> with a src, or a data block
# (type="application/json", never run), is allowed.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
# Pages of libraries we serve as they come, and why their HTML is not searched (their headers are).
LIBRARY_PAGES = {
    # drf-spectacular's Swagger UI: SpectacularSwaggerSplitView serves its start-up script as a file;
    # the page keeps a small <style> block, which the policy drops (cosmetic only).
    "api_docs": "Swagger UI",
}


def test_the_policy_is_strict():
    policy = build_policy(settings.SECURE_CSP)
    assert policy == EXPECTED_CSP
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _matrix():
    from tests.test_url_access_matrix import MATRIX

    return MATRIX


def _role_that_sees(own: dict) -> str:
    """A role that gets the page itself (200), so that the page's own template is rendered and searched."""
    for role in ("integration", *ROLES):
        if own[role] == 200:
            return role
    return "integration"


def test_every_page_has_the_security_headers_and_nothing_the_policy_blocks(world, client):
    failures = []
    searched = 0
    for name, (build, method, own, _other) in sorted(_matrix().items()):
        role = _role_that_sees(own)
        client.logout()
        if role != "anonymous":
            client_login(client, world.users[role])
        url = reverse("admin:index" if name == "admin:*" else name, kwargs=build(world, role, "own"))
        response = getattr(client, method)(url)
        where = f"{method.upper()} {url} as {role} ({response.status_code})"
        headers = response.headers
        expected = {
            "Content-Security-Policy": EXPECTED_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Resource-Policy": "same-origin",
        }
        for header, value in expected.items():
            if headers.get(header) != value:
                failures.append(f"{where}: {header} is {headers.get(header)!r}")
        if "camera=()" not in headers.get("Permissions-Policy", ""):
            failures.append(f"{where}: Permissions-Policy is {headers.get('Permissions-Policy')!r}")
        if "no-store" not in headers.get("Cache-Control", ""):
            failures.append(f"{where}: Cache-Control is {headers.get('Cache-Control')!r}")
        is_html = headers.get("Content-Type", "").startswith("text/html")
        if is_html and response.status_code == 200 and name not in LIBRARY_PAGES:
            searched += 1
            html = response.content.decode()
            for what, pattern in (
                ("an inline script", INLINE_SCRIPT),
                ("an event handler attribute", EVENT_HANDLER),
                ("a style attribute", STYLE_ATTRIBUTE),
                ("a <style> element", STYLE_ELEMENT),
            ):
                if found := pattern.search(html):
                    failures.append(f"{where}: {what}: {found.group(0)[:100]}")
    assert not failures, "\n".join(failures)
    assert searched > 50  # the search reached the pages themselves, not only their refusals


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("intro:plan_pdf", "application/pdf"),
        ("plans:report_pdf", "application/pdf"),
        ("finance:scenarios_export", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("intro:nir_export", "text/csv"),
        ("person-detail", "application/json"),
    ],
)
def test_a_pdf_an_export_and_the_api_are_not_cached(world, client, name, content_type):
    build, method, _own, _other = _matrix()[name]
    client_login(client, world.users["integration"])
    response = getattr(client, method)(reverse(name, kwargs=build(world, "integration", "own")))
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_static_files_served_by_the_application_keep_their_cache(client):
    response = client.get(f"{settings.STATIC_URL}web/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_keep_their_cache_and_get_the_permissions_policy():
    """Whatever the order of the middleware, a static path is never marked no-store."""
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse("body { }", content_type="text/css"))
    static = middleware(RequestFactory().get(f"{settings.STATIC_URL}web/app.css"))
    assert "Cache-Control" not in static
    assert "microphone=()" in static["Permissions-Policy"]
    page = middleware(RequestFactory().get("/personer/"))
    assert "no-store" in page["Cache-Control"]


def test_the_permissions_policy_switches_off_what_no_page_uses(client):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert features[feature] == "()", feature


# ---------------------------------------------------------------------------- settings per environment
def settings_for(monkeypatch, tmp_path, **environment) -> dict:
    """The settings module run afresh with this environment, as a server would start with it."""
    for key in [k for k in os.environ if k.startswith("LAGRUNDT_") or k == "DATABASE_URL"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("LAGRUNDT_DATA_DIR", str(tmp_path / "data"))
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(settings_module.__file__)


PRODUCTION = dict(
    LAGRUNDT_ENV="production",
    LAGRUNDT_SECRET_KEY="a-secret-key-only-for-this-test-0123456789",
    LAGRUNDT_ALLOWED_HOSTS="kommune.example",
    LAGRUNDT_BASE_URL="https://kommune.example/",
    LAGRUNDT_BEHIND_PROXY="1",
)


def test_production_behind_a_proxy(monkeypatch, tmp_path):
    production = settings_for(monkeypatch, tmp_path, **PRODUCTION)
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["CSRF_TRUSTED_ORIGINS"] == ["https://kommune.example"]
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_REDIRECT_EXEMPT"] == [r"^helse/$"]
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in production["MIDDLEWARE"]


def test_demo_and_test_send_no_hsts_and_trust_no_proxy_header(monkeypatch, tmp_path):
    for environment in ("demo", "test"):
        values = settings_for(monkeypatch, tmp_path, LAGRUNDT_ENV=environment)
        assert not values.get("SECURE_HSTS_SECONDS"), environment
        assert not values.get("SECURE_SSL_REDIRECT"), environment
        assert "SECURE_PROXY_SSL_HEADER" not in values, environment
        assert values["SECURE_CSP"] == settings.SECURE_CSP


def test_more_trusted_origins_and_a_wrong_one(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    values = settings_for(
        monkeypatch,
        tmp_path,
        **PRODUCTION,
        LAGRUNDT_CSRF_TRUSTED_ORIGINS="https://lagrundt.kommune.example:8443/x, https://b.example",
    )
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://kommune.example",
        "https://lagrundt.kommune.example:8443",
        "https://b.example",
    ]
    with pytest.raises(ImproperlyConfigured, match="LAGRUNDT_CSRF_TRUSTED_ORIGINS"):
        settings_for(monkeypatch, tmp_path, **PRODUCTION, LAGRUNDT_CSRF_TRUSTED_ORIGINS="kommune.example")


def _proxy_login(client, username: str) -> int:
    """Log in through the login page as a browser behind the municipality's TLS proxy would."""
    https = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "kommune.example"}
    page = client.get(reverse("login"), **https)
    assert page.status_code == 200
    form = {
        "username": username,
        "password": PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    response = client.post(
        reverse("login"),
        form,
        HTTP_ORIGIN="https://kommune.example",
        HTTP_REFERER="https://kommune.example/logg-inn/",
        **https,
    )
    return response.status_code


def test_a_login_behind_an_https_proxy_succeeds(world, monkeypatch, tmp_path):
    production = settings_for(monkeypatch, tmp_path, **PRODUCTION)
    monkeypatch.undo()  # the test process keeps its own environment
    proxy = {
        key: production[key]
        for key in (
            "SECURE_PROXY_SSL_HEADER",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_REDIRECT_EXEMPT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
        )
    }
    with override_settings(**proxy):
        client = Client(enforce_csrf_checks=True)
        assert _proxy_login(client, world.users["integration"].username) == 302
        page = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="kommune.example")
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        plain = Client().get(reverse("home"), HTTP_HOST="kommune.example")
        assert (plain.status_code, plain["Location"]) == (301, "https://kommune.example/")
        health = Client().get("/helse/", HTTP_HOST="kommune.example")
        assert not health.get("Location", "").startswith("https://")  # checked from inside, over http
    # The settings before: the proxy's https was not believed, and the form's origin did not match.
    before = {
        **proxy,
        "SECURE_PROXY_SSL_HEADER": None,
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_SSL_REDIRECT": False,
    }
    with override_settings(**before):
        assert _proxy_login(Client(enforce_csrf_checks=True), world.users["integration"].username) == 403


# ---------------------------------------------------------------------------- private files
@pytest.fixture
def loose_umask():
    """The umask most servers start with (022), under which files are created world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_data_directory_is_the_owners_alone(loose_umask, tmp_path, monkeypatch):
    new = private_directory(tmp_path / "new" / "data")
    assert _mode(new) == 0o700
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    assert _mode(private_directory(old)) == 0o700  # an installation made before is tightened
    settings_for(monkeypatch, tmp_path, LAGRUNDT_ENV="demo")
    assert _mode(tmp_path / "data") == 0o700  # the settings make it so


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a SQLite file's mode; the suite runs on PostgreSQL"
)
def test_the_sqlite_file_and_its_companions_are_0600(loose_umask, tmp_path):
    path = tmp_path / "lagrundt.sqlite3"
    sqlite3.connect(path).close()  # a database created before, world-readable
    assert _mode(path) == 0o644
    database = DatabaseWrapper({**connections["default"].settings_dict, "NAME": str(path)}, alias="private")
    try:
        with database.cursor() as cursor:  # as the server opens it: WAL mode, from the settings
            cursor.execute("CREATE TABLE t (x)")
            cursor.execute("INSERT INTO t VALUES (1)")
        files = [path, tmp_path / "lagrundt.sqlite3-wal", tmp_path / "lagrundt.sqlite3-shm"]
        assert all(f.exists() for f in files)
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        database.close()
