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
