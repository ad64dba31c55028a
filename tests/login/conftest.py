"""A real OpenID Connect provider for the single sign-on tests, and helpers that talk to it.

``start_provider`` runs panva's certified ``oidc-provider`` (npm, tests/login/oidc_provider.mjs) as a node
process on a free loopback port, with one client and the test accounts given. Its tokens carry the real
time, so the test's clock is moved to the machine's (the suite's clock is frozen on a fixed day): a
relying party and its provider agree on the time in real life too.
"""

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from time_machine import escape_hatch

from lagrundt.accounts import oidc, oidc_config

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
NODE_MODULE = Path(__file__).resolve().parents[2] / "node_modules" / "oidc-provider"
CLIENT_ID = "lagrundt-test"
CLIENT_SECRET = "test-client-secret-that-is-long-enough-0123456789"
CALLBACK_PATH = "/konto/kommunekonto/svar/"
START_SECONDS = 20


def _unavailable(reason: str):
    message = f"The OpenID provider cannot run: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen

    def settings(self, **options) -> dict:
        """The ``LAGRUNDT_OIDC`` setting for this provider (endpoints from its discovery document)."""
        return oidc_config.build(
            issuer=self.issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            require_https=False,
            **options,
        )


@pytest.fixture(autouse=True)
def fresh_state():
    """Throttles count in the cache and discovery documents are kept per process: each test starts anew."""
    cache.clear()
    oidc._metadata_cache.clear()
    yield
    cache.clear()
    oidc._metadata_cache.clear()


@pytest.fixture
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def start_provider(time_machine):
    """``start(redirect_uris, accounts)`` → a RunningProvider; the test's clock moves to the provider's."""
    started: list[subprocess.Popen] = []

    def start(redirect_uris: list[str], accounts: dict) -> RunningProvider:
        node = shutil.which("node")
        if node is None:
            _unavailable("node is not installed (Node 20 or newer).")
        if not NODE_MODULE.exists():
            _unavailable(f"{NODE_MODULE} is missing; run `npm ci` in the project directory.")
        clients = [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris}]
        env = {**os.environ, "OIDC_PROVIDER_CONFIG": json.dumps({"clients": clients, "accounts": accounts})}
        process = subprocess.Popen(  # noqa: S603 (our own script, with node from PATH)
            [node, str(SCRIPT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        started.append(process)
        first_line: list[str] = []
        reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_SECONDS)
        if not first_line or not first_line[0].strip():
            process.kill()
            pytest.fail(f"The OpenID provider did not start: {process.stderr.read()[-2000:]}")
        info = json.loads(first_line[0])
        # The provider's clock is the machine's; ours goes a second ahead of it, so that a token issued
        # this second is never "not yet valid" (PyJWT compares whole seconds).
        real_now = escape_hatch.time.time()
        time_machine.move_to(dt.datetime.fromtimestamp(real_now + 1, tz=dt.UTC))
        return RunningProvider(issuer=info["issuer"], process=process)

    yield start
    for process in started:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        if process.poll() is None:
            process.kill()


# ---------------------------------------------------------------------------- driving the provider's pages
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def sign_in_at_provider(session: requests.Session, url: str, login: str, password: str, redirect_uri: str):
    """Follow the provider from the authorization address through its login and consent pages, as a browser
    would, until it sends the browser back to ``redirect_uri``; returns that address (code and state)."""
    posted_login = False
    for _ in range(12):
        response = session.get(url, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303):
            location = urljoin(url, response.headers["Location"])
            if location.startswith(redirect_uri):
                return location
            url = location
            response = session.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        action = urljoin(url, unescape(FORM_ACTION.search(response.text).group(1)))
        if action.endswith("/login"):
            assert not posted_login, f"The provider refused the password: {response.text[:300]}"
            response = session.post(
                action, data={"login": login, "password": password}, allow_redirects=False, timeout=10
            )
            posted_login = True
        else:
            response = session.post(action, allow_redirects=False, timeout=10)
        if response.status_code == 200:
            return response  # the provider answered with a page (a wrong password): the caller looks
        assert response.status_code in (302, 303), (action, response.status_code, response.text[:500])
        location = urljoin(action, response.headers["Location"])
        if location.startswith(redirect_uri):
            return location
        url = location
    raise AssertionError("The provider never sent the browser back")
