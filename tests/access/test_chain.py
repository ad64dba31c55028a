"""The audit log's hash chain: every path that appends chains, and a change made around the database's
own refusals (a trigger dropped) is found by ``verify_audit``, which names the entry."""

import itertools
import os
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.test import override_settings
from django.urls import reverse

from lagrundt.access import chain
from lagrundt.access.audit import Actor, record, record_many
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.access.selectors import verify_chain
from lagrundt.people.models import Person

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table
CHANGE = {"x": {"old": 1, "new": 2}}
SYSTEM = dict(username="system", channel=AuditChannel.SYSTEM)
POSTGRES = connection.vendor == "postgresql"


def _write_some(world):
    """Entries through every path: record, record_many, the model's save and bulk_create."""
    actor = Actor(world.users["integration"], detail="test")
    adult, spouse = world.persons["adult"], world.persons["spouse"]
    record(actor, action=AuditAction.READ, channel=AuditChannel.PAGE, person_id=adult.pk, section="identity")
    record_many(
        actor,
        [
            dict(action=AuditAction.READ, channel=AuditChannel.SEARCH, person_id=p.pk, section="identity")
            for p in (adult, spouse)
        ]
        + [dict(action=AuditAction.UPDATE, channel="page", person_id=adult.pk, changes=CHANGE)],
    )
    AuditEntry.objects.create(action=AuditAction.ANONYMISED, **SYSTEM)
    AuditEntry.objects.bulk_create([AuditEntry(action=AuditAction.READ, **SYSTEM) for _ in range(3)])
    return list(AuditEntry.objects.order_by("pk"))


def skip_unless_owner() -> None:
    """Tampering needs the table's owner: under the application's role (``LAGRUNDT_PG_AS=app``) the
    database refuses it, which test_postgres_roles.py proves."""
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE relname = %s", [TABLE]
            )
            if not cursor.fetchone()[0]:
                pytest.skip("the application's role cannot drop the audit log's trigger")


def _without_triggers(sql: str, params=()) -> None:
    """What someone with the database's owner rights could do: drop the refusal, change, put it back."""
    skip_unless_owner()
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER access_auditentry_no_change")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER access_auditentry_no_change")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS access_auditentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS access_auditentry_no_delete")
            cursor.execute(sql, params)  # the test's transaction is rolled back: the triggers come back


def test_every_path_chains_each_entry_to_the_one_before(world):
    entries = _write_some(world)
    assert len(entries) >= 8
    assert entries[0].prev_hash == chain.GENESIS
    for before, entry in itertools.pairwise(entries):
        assert entry.prev_hash == before.hash and len(entry.hash) == 64
    result = verify_chain()
    assert result.ok and result.checked == len(entries) and result.last_id == entries[-1].pk
    assert verify_chain(newest=3).ok and verify_chain(newest=3).checked == 3


def test_verify_names_an_altered_entry(world, capsys):
    entries = _write_some(world)
    victim = entries[3]
    _without_triggers(f"UPDATE {TABLE} SET detail = 'nothing to see' WHERE id = %s", [victim.pk])
    result = verify_chain()
    assert not result.ok and result.broken.entry_id == victim.pk and result.broken.reason == "altered"
    assert result.checked == 3
    with pytest.raises(CommandError, match=f"entry #{victim.pk} .*altered"):
        call_command("verify_audit")


def test_verify_names_the_entry_after_one_removed_even_with_its_hash_made_again(world):
    entries = _write_some(world)
    removed, following = entries[4], entries[5]
    _without_triggers(f"DELETE FROM {TABLE} WHERE id = %s", [removed.pk])
    result = verify_chain()
    assert result.broken == chain.Break(following.pk, following.at, "gap")
    # Whoever also recomputes the next entry's hash moves the break on, but cannot hide it.
    values = AuditEntry.objects.get(pk=following.pk).chained_values()
    forged = chain.entry_hash(values, entries[3].hash)
    _without_triggers(
        f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [entries[3].hash, forged, following.pk]
    )
    assert verify_chain().broken.entry_id == entries[6].pk


def test_verify_audit_exits_non_zero_on_a_break_and_zero_when_whole(world, capsys):
    from django.core.management import ManagementUtility

    entries = _write_some(world)
    call_command("verify_audit")
    assert f"{len(entries)} entries verified" in capsys.readouterr().out
    forged = '{"x": {"old": 1, "new": 3}}'
    _without_triggers(f"UPDATE {TABLE} SET changes = %s WHERE id = %s", [forged, entries[2].pk])
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code != 0
    assert f"entry #{entries[2].pk}" in capsys.readouterr().err


def test_the_officers_page_checks_the_newest_entries(world, login):
    client = login(world, "dpo")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _write_some(world)
    page = client.get(reverse("access:audit_search")).content.decode()
    count = AuditEntry.objects.count()
    assert f"The newest {count} entries of the log are unbroken" in page and "tampered" not in page
    newest = AuditEntry.objects.latest("pk")
    _without_triggers(f"UPDATE {TABLE} SET username = 'someone else' WHERE id = %s", [newest.pk])
    page = client.get(reverse("access:audit_search")).content.decode()
    assert "tampered" in page and f"entry {newest.pk} " in page


def test_the_chain_covers_nothing_that_anonymisation_changes(world):
    """Retention anonymises persons; the log names them by id only, and still verifies."""
    entries = _write_some(world)
    Person.objects.filter(pk__in=[e.person_id for e in entries if e.person_id]).update(
        given_name="Anonymisert", family_name="Anonymisert", phone="", address=""
    )
    assert verify_chain().ok


def test_the_database_refuses_to_delete_entries(world):
    """UPDATE was refused before; DELETE now too, on SQLite as on PostgreSQL."""
    entry = _write_some(world)[0]
    # In production; and in tests too, outside the test runner's flush.
    with (
        override_settings(ENVIRONMENT="production"),
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_triggers_are_there_after_the_migrations():
    """A migration that rebuilds the table (SQLite does for many changes) must make them again."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
            assert {r[0] for r in cursor.fetchall()} == {"access_auditentry_no_change"}
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            names = {r[0] for r in cursor.fetchall()}
            assert names == {"access_auditentry_no_update", "access_auditentry_no_delete"}


@pytest.mark.skipif(not POSTGRES, reason="SQLite's IMMEDIATE transactions serialise writers already")
@pytest.mark.skipif(
    os.environ.get("LAGRUNDT_PG_AS") == "app",
    reason="the database is emptied afterwards with TRUNCATE, which only the audit table's owner may do",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain_on_postgresql(world):
    actor = Actor(world.users["integration"], detail="test")
    person, IDENTITY = world.persons["adult"], Section.IDENTITY
    start = threading.Barrier(8)
    failures = []

    def write():
        try:
            start.wait()
            for _ in range(10):
                record(actor, action=AuditAction.READ, channel="page", person_id=person.pk, section=IDENTITY)
                record_many(actor, [dict(action=AuditAction.READ, channel="search", person_id=person.pk)] * 3)
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    result = verify_chain()
    assert result.ok and result.checked == AuditEntry.objects.count() >= 8 * 10 * 4
