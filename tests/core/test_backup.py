"""The restore drill: a small demo backed up while it is the live database, restored into a fresh database
by ``manage.py restore`` in its own process, as an operator would, and checked table by table; then the
audit log's hash chain verified on the copy. On SQLite the copy is a second file; on PostgreSQL (the suite
under scripts/with_postgres.sh) a second database on the same server."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from lagrundt.access.models import AuditEntry
from lagrundt.core.management.commands.backup import table_counts
from lagrundt.people.models import Person

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
# Persons per municipality: enough for every app's demo data to find someone, small enough to be quick.
SMALL_DEMO = {"hemsedal": 12, "aal": 10}


def manage(*args, env):
    """``manage.py`` in a process of its own, on the database ``env`` names."""
    return subprocess.run(  # noqa: S603
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def small_demo(transactional_db, monkeypatch):
    """``manage.py load_demo`` with fewer persons, committed (another process reads it)."""
    from lagrundt.web.management.commands import load_demo

    monkeypatch.setattr(load_demo, "DEMO_PEOPLE", SMALL_DEMO)
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def fresh_database(tmp_path):
    """A second, empty database beside the test database: its environment for ``manage.py`` and a
    connection to it (for counting)."""
    env = {**os.environ, "LAGRUNDT_ENV": "test"}
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        env.pop("DATABASE_URL", None)
        env["LAGRUNDT_SQLITE_PATH"] = settings["NAME"]
    else:
        settings["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        env["DATABASE_URL"] = (
            urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{settings['NAME']}").geturl()
        )
    restored = type(connections["default"])(settings, alias="restored")
    yield env, restored
    restored.close()
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def test_restore_drill(small_demo, fresh_database, tmp_path):
    env, restored = fresh_database
    before = table_counts(connection)
    # The register's demo persons, and those the settlement demo registers on their arrival.
    assert before[Person._meta.db_table] >= sum(SMALL_DEMO.values())
    assert before[AuditEntry._meta.db_table] > 0, "the demo wrote no audit entries: nothing to verify"

    folder = tmp_path / "backups"
    folder.mkdir()
    call_command("backup", str(folder), stdout=io.StringIO())
    (backup,) = folder.iterdir()
    assert backup.stat().st_mode & 0o777 == 0o600, "a backup holds every person's data: owner only"

    result = manage("restore", str(backup), env=env)
    assert result.returncode == 0, result.stderr
    after = table_counts(restored)
    assert after == before
    rows, audit = sum(after.values()), after[AuditEntry._meta.db_table]
    print(f"drill on {connection.vendor}: {len(after)} tables, {rows} rows, {audit} audit entries")

    # The copy's audit log verifies, and ends in the same entry with the same hash as the original's.
    original = io.StringIO()
    call_command("verify_audit", stdout=original)
    result = manage("verify_audit", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the chain is unbroken" in result.stdout
    assert result.stdout.strip() == original.getvalue().strip()


def _a_backup_of_this_kind(tmp_path) -> Path:
    path = tmp_path / "backup"
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE django_migrations (id integer)")
    else:
        path.write_bytes(b"PGDMP not a real archive")
    return path


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    # The test database has every table: a restore into it must not start.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(_a_backup_of_this_kind(tmp_path)), stdout=io.StringIO())


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    with pytest.raises(CommandError, match="not a Lagrundt backup"):
        call_command("restore", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    path = tmp_path / "existing.backup"
    path.write_text("yesterday's backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path), stdout=io.StringIO())
    assert path.read_text() == "yesterday's backup"


@pytest.mark.django_db
def test_sqlite_backup_inside_a_transaction_is_refused_not_left_waiting(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads from a connection of its own")
    # The suite's own test runs inside a transaction: the copy would wait for it for ever.
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", str(tmp_path / "copy.sqlite3"), stdout=io.StringIO())
    assert not list(tmp_path.iterdir()), "nothing half-written is left behind"
