"""Structured logs: one JSON object per line, each with its request's id, user and path, and no personal
data: no query strings, no national IDs, no e-mail addresses, no secret addresses."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.test import override_settings

from lagrundt.core.logging import JsonFormatter, redact, safe_path

MIDDLEWARE = "lagrundt.core.logging.RequestContextMiddleware"


@pytest.fixture
def json_lines():
    """Everything logged during the test, as the JSON lines production writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_line_is_json_with_time_level_logger_and_message(json_lines):
    logging.getLogger("lagrundt.test").warning("The nightly run took %d s", 42)
    (line,) = json_lines()
    assert line["level"] == "WARNING" and line["logger"] == "lagrundt.test"
    assert line["message"] == "The nightly run took 42 s"
    assert line["time"].endswith("+00:00") and "T" in line["time"]


def test_national_ids_and_email_addresses_never_reach_the_log(json_lines):
    logger = logging.getLogger("lagrundt.test")
    logger.error("Key (national_id)=(01419912345) already exists; contact ola.nordmann@example.org")
    logger.error("Typed with a space: 014199 12345")
    try:
        raise ValueError("duplicate 01419912345")
    except ValueError:
        logger.exception("Import failed")
    text = "\n".join(json.dumps(line) for line in json_lines())
    assert "01419912345" not in text and "014199 12345" not in text
    assert "ola.nordmann" not in text
    assert "[national-id]" in text and "[e-mail]" in text
    # Numbers that are not national IDs stay: ids, years, amounts.
    assert redact("person 123456, 2026, 1234567890123") == "person 123456, 2026, 1234567890123"


def test_a_secret_address_in_a_path_is_not_logged():
    token = "Qm9ndXMtdG9rZW4tZm9yLXRoZS1jYWxlbmRhci1mZWVk"
    assert safe_path(f"/kalender/{token}.ics") == "/kalender/[secret].ics"
    # A password link's token (Django's: a timestamp and a hash) is shorter, and mixes letters and digits.
    reset = "/konto/nytt-passord/MQ/cz1x8k-3f9a7b2c4d6e8f0a1b2c/"
    assert safe_path(reset) == "/konto/nytt-passord/MQ/[secret]/"
    ordinary = "/okonomi/personer/12/funksjonsnedsettelse/"
    assert safe_path(ordinary) == ordinary


def test_request_context_middleware_comes_first():
    # First, so that every other middleware's lines (and WhiteNoise's static files) carry the request id.
    assert settings.MIDDLEWARE[0] == MIDDLEWARE


@pytest.mark.django_db
def test_lines_written_during_a_request_carry_its_id_user_and_path_without_the_query(
    world, client, json_lines
):
    middleware = [MIDDLEWARE, *(m for m in settings.MIDDLEWARE if m != MIDDLEWARE)]
    user = world.users["integration"]
    with override_settings(MIDDLEWARE=middleware):
        client.force_login(user)
        # A search for a name on a page that does not exist: Django logs "Not Found" for it.
        response = client.get("/personer/finnes-ikke/?q=Nordmann")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == request_id
    assert line["user_id"] == user.pk
    assert line["path"] == "/personer/finnes-ikke/" and line["method"] == "GET"
    assert "Nordmann" not in json.dumps(line)


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client):
    middleware = [MIDDLEWARE, *(m for m in settings.MIDDLEWARE if m != MIDDLEWARE)]
    with override_settings(MIDDLEWARE=middleware):
        kept = client.get("/helse/", headers={"X-Request-ID": "proxy-7f3a9c21"})
        replaced = client.get("/helse/", headers={"X-Request-ID": "<script>"})
    assert kept["X-Request-ID"] == "proxy-7f3a9c21"
    assert replaced["X-Request-ID"] != "<script>" and len(replaced["X-Request-ID"]) == 32
