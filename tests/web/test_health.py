"""``/helse/`` answers 200 when the database answers and every migration is applied, 503 otherwise, to
anyone, with nothing in it but the state of each part."""

import pytest
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db

URL = "/helse/"


def test_healthy_server_answers_ok_without_login(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-store" in response["Cache-Control"]
    # Nothing to identify the server by, and no session started for a monitor that polls every minute.
    assert not response.cookies


def test_healthy_for_a_logged_in_user_too(world, login):
    assert login(world, "integration").get(URL).json()["status"] == "ok"


def test_head_is_answered_and_writes_are_refused(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_pending_migration_answers_503(client):
    # The newest migration of the register taken out of the record (the test's transaction puts it back):
    # the code now has a migration the database lacks, as after a release without `migrate`.
    newest = MigrationRecorder.Migration.objects.filter(app="people").order_by("-applied", "-id").first()
    newest.delete()
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "migrations": "pending"}


@pytest.fixture
def unreachable_database(tmp_path):
    """The default connection swapped for one to a database that does not exist, then put back."""
    original = connections["default"]
    settings = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "no-such-folder" / "lagrundt.sqlite3")
    else:
        settings["NAME"] = "lagrundt_no_such_database"
    broken = type(original)(settings, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def test_unreachable_database_answers_503_without_details(client, unreachable_database):
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "unavailable", "database": "unavailable", "migrations": "unknown"}
    # No error text, file name, host or version leaks to an anonymous caller.
    text = response.content.decode()
    assert "no-such" not in text and "sqlite" not in text.lower() and "postgres" not in text.lower()
