from django.core.management.base import BaseCommand

from ...notices import send_digests
from ...tasks import daily_digests


class Command(BaseCommand):
    help = "Send each user the daily e-mail of tasks that became due (at most one a day)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Put it on the task queue for a worker.")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = daily_digests.enqueue()
            self.stdout.write(f"Queued as {result.id}.")
            return
        self.stdout.write(f"{send_digests()} digests sent.")
