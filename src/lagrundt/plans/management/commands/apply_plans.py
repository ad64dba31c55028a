"""Load the action plans that ship with Lagrundt (plans/profiles/*.yaml) into their municipalities."""

from django.core.management.base import BaseCommand, CommandError

from lagrundt.core.yaml_files import ProfileError
from lagrundt.plans.services import apply_plan_files


class Command(BaseCommand):
    help = (
        "Load the plan files (Hemsedal 2025, Ål 2026–2027) into the municipalities that exist. A plan "
        "already loaded is left as it is: later versions are made in Lagrundt by revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="plan files to load instead of the built-in ones")

    def handle(self, *args, files, **options):
        try:
            counts = apply_plan_files(files or None)
        except ProfileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Plans: {counts['created']} loaded, {counts['existing']} already there, "
            f"{counts['skipped']} for municipalities not in this installation."
        )
