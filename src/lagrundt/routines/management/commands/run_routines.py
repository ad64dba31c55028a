import time

from django.core.management.base import BaseCommand

from ...engine import refresh_all


class Command(BaseCommand):
    help = "Recompute every person's, household's and unit's tasks from the facts (the nightly run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the run on the task queue for a worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from ...tasks import nightly_routines

            result = nightly_routines.enqueue()
            self.stdout.write(f"Queued as {result.id}.")
            return
        started = time.perf_counter()

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} persons ({time.perf_counter() - started:.0f} s)")

        stats = refresh_all(progress=progress if options["verbosity"] > 1 else None)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{stats.persons} persons and {stats.households} households in {seconds:.1f} s: "
            f"{stats.created} tasks created, {stats.updated} changed, {stats.reopened} reopened, "
            f"{stats.closed} closed as no longer applying."
        )
