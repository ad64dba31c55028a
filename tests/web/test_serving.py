"""Production serving: static files under hashed names, compressed, cached for a year, served by WhiteNoise
from the collected folder; and gunicorn started with our settings answering /helse/ and a static file,
with its access log in JSON lines. (The suite itself reads the apps' files, with no collectstatic.)"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Third-party apps' files (the admin, the API browser, flags …) are collected in production too; leaving
# them out here keeps the collection to a few seconds.
THIRD_PARTY = ["admin", "rest_framework", "drf_spectacular_sidecar", "flags", "django_otp", "otp_totp"]
YEAR = 315360000


def production_static(root: Path):
    return override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": MANIFEST_STORAGE},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """``collectstatic`` as production runs it, into a folder of its own."""
    root = tmp_path_factory.mktemp("static")
    with production_static(root):
        call_command("collectstatic", interactive=False, ignore_patterns=THIRD_PARTY, stdout=io.StringIO())
    return root


def stylesheet_url(html: str) -> str:
    match = re.search(r'href="(/static/web/app\.[0-9a-f]{12}\.css)"', html)
    assert match, "the page does not link the stylesheet by its hashed name"
    return match.group(1)


@pytest.mark.django_db
def test_whitenoise_serves_hashed_compressed_files_cached_for_a_year(collected):
    with production_static(collected):
        client = Client()  # a new client loads the middleware again, with these settings
        page = client.get("/logg-inn/")
        url = stylesheet_url(page.content.decode())
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        unhashed = client.get("/static/web/app.css")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert f"max-age={YEAR}" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/css")
    # Only hashed names are kept: an old page's link cannot get a stale file.
    assert unhashed.status_code == 404


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_database(transactional_db, tmp_path):
    """The test database as the server will see it: on SQLite a copy (the suite's is in memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGRUNDT_")}
    env["DJANGO_SETTINGS_MODULE"] = "lagrundt.settings"
    if connection.vendor == "sqlite":
        call_command("backup", str(tmp_path / "served.sqlite3"), stdout=io.StringIO())
        env["LAGRUNDT_SQLITE_PATH"] = str(tmp_path / "served.sqlite3")
    else:
        from urllib.parse import urlsplit

        url = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = url._replace(path=f"/{connection.settings_dict['NAME']}").geturl()
    return env


def test_gunicorn_serves_health_and_static_files_and_logs_json(collected, served_database, tmp_path):
    port = free_port()
    env = {
        **served_database,
        "LAGRUNDT_ENV": "demo",
        "LAGRUNDT_STATIC_MANIFEST": "1",
        "LAGRUNDT_DATA_DIR": str(tmp_path),
        "LAGRUNDT_BIND": f"127.0.0.1:{port}",
        "LAGRUNDT_WORKERS": "1",
        "LAGRUNDT_LOG_FORMAT": "json",
    }
    (tmp_path / "static").symlink_to(collected, target_is_directory=True)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "src" / "lagrundt" / "gunicorn_conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health, started = None, time.monotonic()
        # A few seconds on a quiet machine; the bound is for a busy one (the suite on every core).
        while health is None and time.monotonic() - started < 60:
            try:
                health = requests.get(f"{base}/helse/?probe=1", timeout=30)
            except requests.ConnectionError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.1)
        assert health is not None, "gunicorn did not answer within a minute"
        assert health.status_code == 200 and health.json()["status"] == "ok"
        login = requests.get(f"{base}/logg-inn/", timeout=10)
        url = base + stylesheet_url(login.text)
        static = requests.get(url, headers={"Accept-Encoding": "br"}, timeout=10)
        assert static.status_code == 200 and static.headers["Content-Encoding"] == "br"
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=45)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    first = next(line for line in access if line["path"] == "/helse/")
    assert first["status"] == 200 and first["method"] == "GET" and first["duration_ms"] >= 0
    assert "probe" not in json.dumps(access), "the query string reached the log"
    assert all(line["level"] for line in lines)
