"""``manage.py restore <path>``: a backup made by ``manage.py backup`` read into the configured database.

Into an empty database only (no tables at all: a new SQLite file, or a database just created with
``createdb``), so that a slip of the environment cannot overwrite a live register; ``--force`` replaces
what is there. A SQLite backup goes into a SQLite database through the online backup API, a PostgreSQL
dump into PostgreSQL with ``pg_restore`` in one transaction (all or nothing). Afterwards the command
prints the tables and rows it restored; run ``manage.py migrate`` if the code is newer than the backup,
and ``manage.py verify_audit`` to check the audit log's hash chain.
"""

import sqlite3
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from .backup import PG_DUMP_HEADER, SQLITE_HEADER, pg_environment, pg_tool, run_tool, table_counts

KINDS = {SQLITE_HEADER: "sqlite", PG_DUMP_HEADER: "postgresql"}


def backup_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    for header, kind in KINDS.items():
        if head.startswith(header):
            return kind
    raise CommandError(f"{path} is not a Lagrundt backup (neither a SQLite file nor a pg_dump archive).")


def restore_sqlite(connection, source: Path) -> None:
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = backup.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CommandError(f"The backup failed SQLite's check: {check}")
        has_migrations = backup.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        if not has_migrations:
            raise CommandError(f"{source} is a SQLite file, but not a Lagrundt database.")
        connection.ensure_connection()
        backup.backup(connection.connection)
    finally:
        backup.close()
    # A fresh connection, so that the settings' PRAGMAs (WAL …) apply to the restored file.
    connection.close()


def restore_postgresql(connection, source: Path, *, replace: bool) -> None:
    args = [
        pg_tool("pg_restore"),
        "--no-password",
        f"--dbname={connection.settings_dict['NAME']}",
        # Owned by the role restoring (the owner role); the application role's grants come back with it.
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
    ]
    if replace:
        args += ["--clean", "--if-exists"]
    run_tool([*args, str(source)], pg_environment(connection.settings_dict))
    connection.close()


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (--force to replace one)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a database that is not empty."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, force, database, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup at {source}.")
        connection = connections[database]
        kind = backup_kind(source)
        if kind != connection.vendor:
            raise CommandError(
                f"{source} is a {kind} backup, and the configured database is {connection.vendor}; "
                "restore it into the same kind of database."
            )
        existing = connection.introspection.table_names()
        if existing and not force:
            raise CommandError(
                f"The database is not empty ({len(existing)} tables). Restore into a new, empty database, "
                "or pass --force to replace what is in it."
            )
        started = time.perf_counter()
        if kind == "sqlite":
            restore_sqlite(connection, source)
        else:
            restore_postgresql(connection, source, replace=bool(existing))
        counts = table_counts(connection)
        if options["verbosity"] > 1:
            for table, rows in counts.items():
                self.stdout.write(f"  {table}: {rows}")
        self.stdout.write(
            f"Restored {len(counts)} tables, {sum(counts.values())} rows, from {source} "
            f"in {time.perf_counter() - started:.1f} s. Next: `manage.py migrate` if this code is newer "
            "than the backup, and `manage.py verify_audit`."
        )
