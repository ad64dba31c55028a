"""The audit log's hash chain, the officer's reads of the log, and DELETE refused on SQLite too.

Each entry gets ``prev_hash`` and ``hash`` (``lagrundt.access.chain``); the entries already there are
chained here in the order of their ids (after 0005 took the content out of them). The database
refuses updates to entries, so the update trigger is dropped while the chain is filled in and made
again in the same transaction. On SQLite adding the columns rebuilds the table, which drops its
triggers: both are made again here, UPDATE and now DELETE too. On PostgreSQL, no role but the
table's owner keeps the right to update, delete or truncate entries (``POSTGRES_RIGHTS``).

SQLite's DELETE trigger asks ``lagrundt_audit_may_delete()``, a function each connection of the
application registers (``access.signals``): it answers yes only while Django's test runner empties
the test database. Any other connection (the ``sqlite3`` shell has no such function) cannot delete.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SQLITE_TRIGGERS_DROP = """
DROP TRIGGER IF EXISTS access_auditentry_no_update;
DROP TRIGGER IF EXISTS access_auditentry_no_delete;
"""
SQLITE_TRIGGERS = """
CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER access_auditentry_no_delete BEFORE DELETE ON access_auditentry
WHEN NOT lagrundt_audit_may_delete()
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
"""
# Only the table's owner (the role that migrates) may change the audit table at all; any other role,
# the application's among them, may read and append. Default privileges may have granted more when
# the table was made: take it back from every role but the owner (docs/access.md, two roles).
POSTGRES_RIGHTS = """
DO $$
DECLARE grantee_name text;
BEGIN
  REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON access_auditentry FROM PUBLIC;
  FOR grantee_name IN
    SELECT DISTINCT pg_get_userbyid(acl.grantee)
    FROM pg_class c, aclexplode(c.relacl) acl
    WHERE c.oid = 'access_auditentry'::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
  LOOP
    EXECUTE format(
      'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON access_auditentry FROM %I', grantee_name
    );
  END LOOP;
END $$;
"""
POSTGRES_TRIGGERS_DROP = "DROP TRIGGER IF EXISTS access_auditentry_no_change ON access_auditentry;"
POSTGRES_TRIGGERS = """
CREATE TRIGGER access_auditentry_no_change BEFORE UPDATE OR DELETE ON access_auditentry
FOR EACH ROW EXECUTE FUNCTION access_auditentry_refuse();
"""


def _run(connection, sql: str) -> None:
    with connection.cursor() as cursor:
        for statement in filter(None, (s.strip() for s in sql.split(";\n"))):
            cursor.execute(statement)


def chain_entries(connection, entries) -> int:
    """Chain the existing entries (the historical model's queryset) in order of id; returns how many."""
    from lagrundt.access import chain

    prev, count, last = chain.GENESIS, 0, 0
    fields = [f for f in chain.VERIFY_FIELDS if f not in ("prev_hash", "hash")]
    while True:
        batch = list(entries.filter(pk__gt=last).order_by("pk").values(*fields)[:2000])
        if not batch:
            return count
        for row in batch:
            digest = chain.entry_hash(row, prev)
            entries.filter(pk=row["id"]).update(prev_hash=prev, hash=digest)
            prev, count, last = digest, count + 1, row["id"]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_TRIGGERS_DROP)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_TRIGGERS_DROP)
    chain_entries(connection, apps.get_model("access", "AuditEntry")._base_manager.all())
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_TRIGGERS)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_TRIGGERS)
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_RIGHTS)


def backwards(apps, schema_editor):
    # Removing the columns rebuilds the table on SQLite; the UPDATE trigger of 0002 is made again.
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_TRIGGERS_DROP)


def backwards_after(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_TRIGGERS_DROP)
        _run(
            connection,
            "CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry\n"
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_audit_without_content"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, backwards_after),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="previous entry's hash"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="subject_user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user whose log was read",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("read", "Read"),
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("delete", "Deleted"),
                    ("export", "Exported"),
                    ("denied", "Denied"),
                    ("login_failed", "Failed login"),
                    ("login", "Logged in"),
                    ("logout", "Logged out"),
                    ("locked_out", "Locked out"),
                    ("credential", "Credential changed"),
                    ("anonymised", "Anonymised"),
                    ("log_read", "Read the audit log"),
                ],
                max_length=16,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[("employee", "Employee"), ("leader", "Leader")],
                max_length=16,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="sector",
            field=models.CharField(
                blank=True,
                choices=[
                    ("integration_service", "Integration service"),
                    ("health", "Health"),
                    ("school", "School"),
                    ("kindergarten", "Kindergarten"),
                    ("nav", "Nav"),
                    ("housing", "Housing"),
                    ("culture_leisure", "Culture and leisure"),
                    ("volunteer_centre", "Volunteer centre"),
                    ("leadership", "Leadership"),
                    ("data_protection", "Data protection"),
                    ("system_administration", "System administration"),
                ],
                max_length=32,
                verbose_name="sector",
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["username", "-at"], name="audit_username_at"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
