"""Add the grant rates and rule parameters of the facts file that are not set yet. Re-runnable."""

from django.core.management.base import BaseCommand

from lagrundt.finance import services


class Command(BaseCommand):
    help = (
        "Legger inn tilskuddssatsene og regelparameterne fra faktafila som ikke finnes fra før. "
        "Overskriver aldri det en administrator har lagt inn."
    )

    def handle(self, *args, **options):
        counts = services.seed_from_facts()
        self.stdout.write(f"Satser lagt til: {counts['rates']}, parametere lagt til: {counts['parameters']}.")
