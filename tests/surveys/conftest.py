"""Shared fixtures of the survey tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, as the assertions are written (they speak bokmål unless the user chooses)."""
    client.cookies.load({"django_language": "en"})
    with translation.override("en"):  # and the services' messages, asked outside a request
        yield client
