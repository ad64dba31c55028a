"""``/helse/``: whether this server can serve, for a load balancer, a monitor or systemd.

200 with ``{"status": "ok", "database": "ok", "migrations": "ok"}`` when the database answers and every
migration of this code is applied; 503 with what is wrong otherwise. No login (a monitor has none), so
the answer says nothing an attacker would like: no versions, no host names, no error texts, no counts.
"""

import functools
import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"


@functools.cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration this code has; read once per process (they change only with a new release)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _migrations_pending() -> bool:
    # One query on the usual path; the full plan (which reads the files again) only when something
    # seems missing, so that a squashed migration recorded under its old names is not taken for pending.
    applied = MigrationRecorder(connection).applied_migrations()
    if _migrations_on_disk() <= applied.keys():
        return False
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def check() -> dict[str, str]:
    """The state of each part, ``"ok"`` or a word for what is wrong."""
    result = {"database": "unavailable", "migrations": "unknown"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        result["database"] = OK
        result["migrations"] = "pending" if _migrations_pending() else OK
    except DatabaseError as exc:
        logger.warning("Health check: the database did not answer (%s).", type(exc).__name__)
    return result


@login_not_required
@require_safe
@never_cache
def health(request):
    parts = check()
    healthy = all(value == OK for value in parts.values())
    if not healthy and parts["database"] == OK:
        logger.warning("Health check: migrations are pending; run manage.py migrate.")
    return JsonResponse({"status": OK if healthy else "unavailable", **parts}, status=200 if healthy else 503)
