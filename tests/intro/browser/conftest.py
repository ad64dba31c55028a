"""The browser fixtures of tests/browser (Playwright, Debian's Chromium, the live server, the committed
world), for the programme's browser stories."""

from tests.browser.conftest import (  # noqa: F401
    chromium_browser,
    new_page,
    page,
    pytest_runtest_makereport,
    world,
)
