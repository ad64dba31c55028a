"""The import's background work, on Django's tasks API (a worker runs it: ``manage.py db_worker``)."""

from django.tasks import task

from . import services


@task
def import_check(job_id: int) -> str:
    """The dry run of an uploaded file (``services.dry_run``)."""
    return services.dry_run(job_id)


@task
def import_apply(job_id: int) -> str:
    """The import of a checked file (``services.apply``)."""
    return services.apply(job_id)
