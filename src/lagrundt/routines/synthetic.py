"""A synthetic history of done work for the demo and the benchmark: past tasks done, mostly on time.

Without it, a demo of persons settled years ago would show every duty of five years as overdue.
Deterministic for a seed, and only for tasks nobody has touched.
"""

import datetime as dt
import random

from django.utils import timezone

from lagrundt.core.bulk import update_rows

from . import engine
from .models import Task, TaskStatus

ON_TIME, LATE, NOT_APPLICABLE = 0.78, 0.14, 0.03  # the rest stays open, overdue
NOTE = "Syntetisk historikk (demo)"


def simulate_history(today: dt.date | None = None, *, seed: int = 2026, grace_days: int = 10) -> int:
    """Close open tasks that were due more than ``grace_days`` ago; returns how many were closed."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    now = timezone.now()
    rows = []
    for pk, due, counts_from in (
        Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today - dt.timedelta(days=grace_days))
        .order_by("pk")
        .values_list("pk", "due_on", "counts_from")
    ):
        draw = rng.random()
        if draw < ON_TIME:
            done = max(counts_from, due - dt.timedelta(days=rng.randint(0, 10)))
            rows.append((pk, TaskStatus.DONE, done, NOTE, "", now))
        elif draw < ON_TIME + LATE:
            done = min(today, due + dt.timedelta(days=rng.randint(1, 45)))
            rows.append((pk, TaskStatus.DONE, done, NOTE, "", now))
        elif draw < ON_TIME + LATE + NOT_APPLICABLE:
            rows.append((pk, TaskStatus.NOT_APPLICABLE, due, NOTE, "Gjaldt ikke (syntetisk)", now))
    update_rows(Task, ("status", "closed_on", "note", "reason", "updated_at"), rows)
    return len(rows)


def demo_tasks(today: dt.date | None = None, *, seed: int = 2026) -> dict[str, int]:
    """Compute every task, close the old ones as a plausible history, and follow what counts from them."""
    today = today or timezone.localdate()
    first = engine.refresh_all(today=today)
    closed = simulate_history(today, seed=seed)
    again = engine.refresh_all(today=today)  # routines that count from a done task
    closed += simulate_history(today, seed=seed + 1)
    return {"created": first.created + again.created, "closed": closed}
