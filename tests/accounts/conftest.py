import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttles count in the cache, which outlives a test: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english(client):
    """Pages in English (the language switch's cookie), so that tests read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
