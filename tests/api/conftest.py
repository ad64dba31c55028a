import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.world import PASSWORD


def authenticator_code(user) -> str:
    """The current code of the user's authenticator app (one is set up if the user has none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def api_key(world, client):
    """An API key for the integration service of the world, made the way a script makes one: with its
    user name, password and second factor at ``POST /api/v1/auth/token/``."""
    cache.clear()  # the endpoint's throttles count in the cache, which outlives a test
    user = world.users["integration"]
    response = client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, "code": authenticator_code(user)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def api(client, api_key):
    """The test client speaking to the API with that key."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_key}"
    return client


# ---------------------------------------------------------------------------- the fuzz's summary
# Each call of tests/api/test_schemathesis.py is recorded on its test's report (``record_property``,
# which reaches the main process under xdist too); the run ends with what the lead quotes.
_FUZZ: dict[str, dict] = {}


def pytest_runtest_logreport(report):
    if "test_schemathesis.py::test_api" not in report.nodeid or report.when != "call":
        return
    calls = [value for name, value in report.user_properties if name == "schemathesis_call"]
    if not calls:
        return
    operation = calls[0][0]
    _FUZZ[operation] = {"statuses": [status for _label, status in calls], "failed": report.failed}


def pytest_terminal_summary(terminalreporter):
    if not _FUZZ:
        return
    write = terminalreporter.write_line
    terminalreporter.section("schemathesis")
    totals: dict[int, int] = {}
    for operation in sorted(_FUZZ):
        row = _FUZZ[operation]
        by_status: dict[int, int] = {}
        for status in row["statuses"]:
            by_status[status] = by_status.get(status, 0) + 1
            totals[status] = totals.get(status, 0) + 1
        counts = " ".join(f"{s}×{n}" for s, n in sorted(by_status.items()))
        write(
            f"{'FAILED' if row['failed'] else 'ok    '} {operation}: {len(row['statuses'])} calls ({counts})"
        )
    failed = sum(row["failed"] for row in _FUZZ.values())
    calls = sum(totals.values())
    write(
        f"schemathesis: {len(_FUZZ)} operations, {calls} calls, {failed} failed operations; answers "
        + " ".join(f"{s}×{n}" for s, n in sorted(totals.items()))
    )
