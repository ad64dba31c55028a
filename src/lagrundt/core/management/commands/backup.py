"""``manage.py backup <path>``: a consistent copy of the whole database, safe while Lagrundt runs.

SQLite is copied through SQLite's online backup API (``sqlite3.Connection.backup``): it reads one
snapshot while the server goes on reading and writing (WAL), and the copy is a single self-contained
file. PostgreSQL is dumped with ``pg_dump -Fc`` (one snapshot too), restored with ``pg_restore``.

``<path>`` is a file, or a folder to put a dated file in (``lagrundt-20261104-023000.sqlite3`` or
``….pgdump``), which is what a nightly cron job wants. The backup holds every person's data: it is
created readable by its owner only (0600), written under a temporary name and renamed when complete,
and checked before the command says it is done. ``manage.py restore`` reads it back.
"""

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

PRIVATE_FILE = 0o600
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from PATH, else the newest PostgreSQL's own folder (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]), reverse=True
    )
    if candidates:
        return str(candidates[0])
    raise CommandError(
        f"{name} was not found. Install the PostgreSQL client (Debian: apt-get install postgresql-client)."
    )


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's environment for a Django database: the password stays out of the process list."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    for variable, value in (
        ("PGHOST", settings_dict.get("HOST")),
        ("PGPORT", settings_dict.get("PORT")),
        ("PGUSER", settings_dict.get("USER")),
        ("PGPASSWORD", settings_dict.get("PASSWORD")),
        ("PGDATABASE", settings_dict.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def run_tool(args: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise CommandError(f"{Path(args[0]).name} failed: {completed.stderr.strip()[-2000:]}")
    return completed.stdout


def table_counts(connection) -> dict[str, int]:
    """Rows in every table of the database (Django's and ours), by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def private_new_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, before anything is written into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def backup_sqlite(connection, target: Path) -> str:
    if connection.in_atomic_block:
        # The copy would wait for this very connection's transaction to end, for ever.
        raise CommandError("A SQLite backup cannot be made inside a transaction.")
    connection.ensure_connection()
    private_new_file(target)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): a single read snapshot; writers go on meanwhile (WAL).
        connection.connection.backup(copy)
        # A backup is one file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        tables = copy.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        ).fetchone()[0]
    finally:
        copy.close()
    if check != "ok":
        raise CommandError(f"The copy failed SQLite's check: {check}")
    return f"{tables} tables"


def backup_postgresql(connection, target: Path) -> str:
    env = pg_environment(connection.settings_dict)
    private_new_file(target)
    run_tool([pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], env)
    # The archive's table of contents is read back: a truncated or broken dump fails here.
    listing = run_tool([pg_tool("pg_restore"), "--list", str(target)], env)
    tables = sum(1 for line in listing.splitlines() if " TABLE DATA " in line)
    return f"{tables} tables"


class Command(BaseCommand):
    help = "Back up the whole database to a file (or a dated file in a folder), safely while Lagrundt runs."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A new file, or an existing folder to put a dated file in.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, database, **options):
        connection = connections[database]
        if connection.vendor not in SUFFIX:
            raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
        target = Path(path)
        if target.is_dir():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = target / f"lagrundt-{stamp}{SUFFIX[connection.vendor]}"
        if target.exists():
            raise CommandError(f"{target} exists already; a backup never overwrites a file.")
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        started = time.perf_counter()
        try:
            if connection.vendor == "sqlite":
                summary = backup_sqlite(connection, partial)
            else:
                summary = backup_postgresql(connection, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(
            f"Backed up the {connection.vendor} database ({summary}) to {target}: "
            f"{size / 1_000_000:.1f} MB in {time.perf_counter() - started:.1f} s."
        )
