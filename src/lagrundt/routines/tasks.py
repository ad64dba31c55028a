"""Background work of the routines, on Django's tasks API (a worker runs them: ``manage.py db_worker``).

Enqueue them from the system's scheduler each night and morning, e.g. with cron::

    30 2 * * *  manage.py run_routines --enqueue
    0 6 * * 1-5 manage.py send_task_digests --enqueue
"""

from dataclasses import asdict

from django.tasks import task

from lagrundt.core import documents

from . import engine, notices


@task
def nightly_routines() -> dict:
    """Recompute every task from the facts: birthdays pass and calendar routines reach a new year. And,
    as the night's housekeeping, delete the documents made in the background more than a day ago."""
    result = asdict(engine.refresh_all())
    result["document_jobs_deleted"] = documents.document_jobs_delete_old()
    return result


@task
def daily_digests() -> int:
    return notices.send_digests()
