"""Take the content out of the changes of entries written before the log stopped keeping it.

Until now every change kept the whole old and new value of each field, so a note's text sat in the
append-only log. This rewrites each entry's ``changes`` as the log stores them now
(``audit.scrub_changes``: names of the fields changed, values only where they are not content).
These entries were written without knowing their fields' models, so the rule for values given by
hand applies: a text stays only when it is a date, a short number or a choice's code.

It has to come before the hash chain (0006): once entries are chained, rewriting one breaks the chain.
The database refuses to update entries (0002's trigger), so the trigger is dropped for this one
rewrite and made again in the same transaction; nothing else can write in between.
"""

from django.db import migrations

SQLITE_DROP = "DROP TRIGGER IF EXISTS access_auditentry_no_update;"
SQLITE_MAKE = """
CREATE TRIGGER access_auditentry_no_update BEFORE UPDATE ON access_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
"""
POSTGRES_DROP = "DROP TRIGGER IF EXISTS access_auditentry_no_change ON access_auditentry;"
POSTGRES_MAKE = """
CREATE TRIGGER access_auditentry_no_change BEFORE UPDATE OR DELETE ON access_auditentry
FOR EACH ROW EXECUTE FUNCTION access_auditentry_refuse();
"""


def scrub_entries(connection, entries) -> int:
    """Rewrite the changes of ``entries`` (the historical model's queryset); returns how many changed."""
    from lagrundt.access.audit import scrub_changes

    vendor = connection.vendor
    rewritten = 0
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP)
        for pk, section, changes in _batches(entries.values_list("pk", "section", "changes")):
            stored = scrub_changes(changes, section)
            if changes and stored != changes:
                # A queryset's update() is refused by the model's own manager; this is the one rewrite.
                entries.model._base_manager.filter(pk=pk).update(changes=stored)
                rewritten += 1
        cursor.execute(SQLITE_MAKE if vendor == "sqlite" else POSTGRES_MAKE)
    return rewritten


def _batches(rows, size=2000):
    """Rows in order of id, a batch at a time: not a cursor left open on the table being rewritten."""
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield from batch
        last = batch[-1][0]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    scrub_entries(connection, apps.get_model("access", "AuditEntry")._base_manager.all())


class Migration(migrations.Migration):
    dependencies = [("access", "0004_audit_login_admin_choices")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
