"""Shared fixtures, and the suite's clock.

Every test runs on a frozen calendar: the suite starts on ``TEST_TODAY`` at noon in Oslo, and the
clock ticks on from there (so timeouts and durations still work), never past the day. A test that
needs another day moves the clock on purpose with time-machine's ``time_machine`` fixture:
``time_machine.move_to(dt.datetime(2028, 2, 29, 12, tzinfo=OSLO))``. Set ``LAGRUNDT_TEST_TODAY``
(YYYY-MM-DD) to run the suite on another day; CI does so for the date-sensitive folders
(``scripts/date_sweep.sh``).
"""

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine

os.environ.setdefault("LAGRUNDT_ENV", "test")

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# A Wednesday in autumn, in a year that is not a leap year: far from the edges the sweep tries.
DEFAULT_TEST_TODAY = "2026-11-04"
TEST_TODAY = dt.date.fromisoformat(os.environ.get("LAGRUNDT_TEST_TODAY") or DEFAULT_TEST_TODAY)

_clock = time_machine.travel(dt.datetime.combine(TEST_TODAY, dt.time(12), tzinfo=OSLO), tick=True)


def pytest_configure(config):
    # Before collection, so that a module that reads the date when imported sees the suite's day.
    _clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def pytest_report_header(config):
    return f"clock: the suite runs on {TEST_TODAY:%A %d %B %Y} (set LAGRUNDT_TEST_TODAY to change)"


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def login(client):
    """Log the test client in as a user of the world by key ("integration", "school" …), with the second
    factor shown where the user's roles need one (an authenticator app made for it, as after the verify
    page: ``lagrundt.accounts.two_factor.client_login``)."""
    from lagrundt.accounts.two_factor import client_login

    def _login(world, key):
        return client_login(client, world.users[key])

    return _login
