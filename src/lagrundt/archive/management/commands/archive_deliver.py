"""Deliver the archive messages that are due to the folder the municipality's integration reads.

Run it every few minutes (a timer or cron). Each message is claimed with a lease, written, and marked
delivered; a failed one is tried again later, and one whose run died is taken again when its lease has
run out. See docs/archive.md.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from lagrundt.archive import services


class Command(BaseCommand):
    help = "Deliver pending archive messages to the integration's folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder", help="The folder to deliver to (default: the ARCHIVE_OUTBOX_DIR setting)."
        )
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=int(services.LEASE.total_seconds()),
            help="How long a claimed message is held before another run may take it.",
        )
        parser.add_argument("--limit", type=int, help="Deliver at most this many messages.")

    def handle(self, *args, folder=None, lease_seconds=600, limit=None, **options):
        counts = services.deliver_pending(
            target=services.FolderTarget(folder),
            lease=dt.timedelta(seconds=max(1, lease_seconds)),
            limit=limit,
        )
        self.stdout.write(f"delivered {counts['delivered']}, failed {counts['failed']}")
