from django.core.management.base import BaseCommand

from ...retention import nightly


class Command(BaseCommand):
    help = (
        "Carry out the approved anonymisation runs, and report what is due and waits for approval "
        "(the nightly retention job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue for a worker."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from ...tasks import nightly_retention

            result = nightly_retention.enqueue()
            self.stdout.write(f"Queued as {result.id}.")
            return
        result = nightly()
        self.stdout.write(f"{result.carried_out} runs carried out, {result.refused} refused.")
        for municipality, count in result.due.items():
            self.stdout.write(f"  {municipality}: {count} sections of persons due, waiting for approval.")
