"""Background work of retention, on Django's tasks API (a worker runs them: ``manage.py db_worker``).

An approved run is queued at once; the nightly job carries out any run still waiting and reports
what is due and waits for approval. Enqueue it from the system's scheduler, e.g. with cron::

    45 2 * * *  manage.py run_retention --enqueue
"""

from dataclasses import asdict

from django.tasks import task

from . import retention


@task
def carry_out_retention_run(run_id: int) -> dict:
    run = retention.run_carry_out(run_id)
    return {"run": run.pk, "status": run.status}


@task
def nightly_retention() -> dict:
    return asdict(retention.nightly())
