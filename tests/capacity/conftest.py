import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english(client):
    """Pages are asserted in English, the source language, so that translations can change."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
