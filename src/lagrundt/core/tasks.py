"""The core's background work, on Django's tasks API (a worker runs it: ``manage.py db_worker``)."""

from django.tasks import task

from . import documents


@task
def document_job_run(job_id: int) -> str:
    """Make a document asked for in the background (``documents.document_job_make``)."""
    documents.warm_up()
    return documents.document_job_render(job_id)
