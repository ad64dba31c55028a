"""Shared fixtures of the community tests."""

import pytest


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, as the assertions are written (they speak bokmål unless the user chooses)."""
    client.cookies.load({"django_language": "en"})
    return client
