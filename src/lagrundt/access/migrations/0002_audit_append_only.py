"""Make the database itself refuse changes to audit entries.

UPDATE is refused on SQLite and PostgreSQL. DELETE is refused on PostgreSQL; on SQLite the ORM
refuses it (a SQLite DELETE trigger would also stop the test database from being emptied).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS access_auditentry_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION access_auditentry_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit entries are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditentry_no_change BEFORE UPDATE OR DELETE ON access_auditentry
FOR EACH ROW EXECUTE FUNCTION access_auditentry_refuse();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS access_auditentry_no_change ON access_auditentry;
DROP FUNCTION IF EXISTS access_auditentry_refuse();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
