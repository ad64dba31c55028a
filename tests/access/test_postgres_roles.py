"""On PostgreSQL the application runs as a role that does not own the audit table: it may read and append
entries, and nothing else. Not the trigger refuses here (the owner could drop that), the rights do.

Runs under scripts/with_postgres.sh, which makes the two roles and names the application's in
``LAGRUNDT_PG_APP_ROLE`` (docs/access.md).
"""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from lagrundt.access.audit import Actor, record
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.access.selectors import verify_chain

APP_ROLE = os.environ.get("LAGRUNDT_PG_APP_ROLE", "")
TABLE = AuditEntry._meta.db_table
NOOP = "suppress_redundant_updates_trigger"  # any trigger function: making a trigger is what is refused

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's roles"),
    pytest.mark.skipif(not APP_ROLE, reason="scripts/with_postgres.sh names the application's role"),
]

REFUSED = {
    f"UPDATE {TABLE} SET detail = 'changed'": "permission denied",
    f"DELETE FROM {TABLE}": "permission denied",
    f"TRUNCATE {TABLE}": "permission denied",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER access_auditentry_no_change": "must be owner",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL": "must be owner",
    f"DROP TRIGGER access_auditentry_no_change ON {TABLE}": "must be owner",
    f"CREATE TRIGGER sneaky BEFORE INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {NOOP}()": "denied",
}


@pytest.fixture
def as_app_role():
    """The connection as the application's role: SET ROLE when the suite runs as the owner."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
        if current != APP_ROLE:
            cursor.execute(f'SET ROLE "{APP_ROLE}"')
        yield
        if current != APP_ROLE:
            cursor.execute("RESET ROLE")


def test_the_application_role_owns_nothing_of_the_audit_table(as_app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner), current_user FROM pg_class WHERE relname = %s", [TABLE]
        )
        owner, current = cursor.fetchone()
    assert current == APP_ROLE and owner != APP_ROLE


@pytest.mark.parametrize("sql", sorted(REFUSED))
def test_the_application_role_cannot_change_the_audit_log(world, as_app_role, sql):
    record(Actor(world.users["integration"]), action=AuditAction.READ, channel=AuditChannel.PAGE)
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert REFUSED[sql] in str(refused.value), str(refused.value)
    assert "append-only" not in str(refused.value)  # the rights refused it, not the trigger


def test_the_application_role_reads_and_appends(world, as_app_role):
    actor = Actor(world.users["integration"])
    record(actor, action=AuditAction.READ, channel=AuditChannel.PAGE, person_id=world.persons["adult"].pk)
    assert AuditEntry.objects.filter(person_id=world.persons["adult"].pk).exists()
    assert verify_chain().ok
