"""The core app: it registers the plug-in contract check and keeps the SQLite files private.

A SQLite database is a file holding every person's data. The data directory is made readable by the
server's own user only (0700, ``private_directory``, called by the settings), and the database file
with its ``-wal`` and ``-shm`` companions is set to 0600 whenever a connection opens it
(``make_sqlite_files_private``): an installation made before, or a file created under a loose umask,
is tightened at the next start.
"""

import contextlib
import logging
import os
from pathlib import Path

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")

logger = logging.getLogger(__name__)


def private_directory(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing, and make it the owner's alone."""
    path.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_DIRECTORY)
    return path


def make_sqlite_files_private(sender, connection, **kwargs) -> None:
    """On every new SQLite connection: the database file and its companions readable by the owner only.

    SQLite creates the ``-wal`` and ``-shm`` files with the database file's own mode, so once the
    database is 0600 they follow; the loop also catches companions left from before.
    """
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    name = os.fspath(connection.settings_dict["NAME"])
    if name.startswith("file:"):  # a URI (tests use them for shared in-memory databases)
        return
    for suffix in SQLITE_COMPANIONS:
        path = Path(name + suffix)
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mode & 0o077:
                try:
                    path.chmod(PRIVATE_FILE)
                except PermissionError:  # another user's file: say so, but keep serving
                    logger.warning("Cannot make %s private (mode 0600): it belongs to another user.", path)


class CoreConfig(AppConfig):
    name = "lagrundt.core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks  # noqa: F401  (registers the plug-in contract check)

        connection_created.connect(make_sqlite_files_private, dispatch_uid="lagrundt.core.private_sqlite")
