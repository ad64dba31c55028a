"""Verify the audit log's hash chain: every entry's hash, and that each follows the one before it.

    manage.py verify_audit              the whole log, from the first entry
    manage.py verify_audit --newest N   the newest N entries (what the officer's page checks)

Exits with 0 when the chain is unbroken and prints the newest entry's hash (keep it elsewhere, with
the backups: the chain cannot show that entries were cut off at its end, a head kept outside can).
Exits non-zero and names the first broken entry otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from lagrundt.access.selectors import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--newest", type=int, default=None, help="verify only the newest N entries")

    def handle(self, *args, newest=None, **options):
        if newest is not None and newest < 1:
            raise CommandError("--newest must be 1 or more.")
        result = verify_chain(newest=newest)
        if not result.ok:
            raise CommandError(
                f"The audit log's hash chain is broken after {result.checked} good entries: "
                f"{result.broken.describe()}."
            )
        if not result.checked:
            self.stdout.write("The audit log is empty.")
            return
        self.stdout.write(
            f"{result.checked} entries verified (#{result.first_id} to #{result.last_id}): "
            f"the chain is unbroken. Newest hash: {result.last_hash}"
        )
