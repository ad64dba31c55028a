import os

import pytest

os.environ.setdefault("LAGRUNDT_ENV", "test")


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def login(client):
    """Log the test client in as a user of the world by key ("integration", "school" …)."""

    def _login(world, key):
        client.force_login(world.users[key])
        return client

    return _login
