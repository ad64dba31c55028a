"""Load the leisure profiles (leisure/profiles/*.yaml) into the municipalities that exist."""

from django.core.management.base import BaseCommand, CommandError

from lagrundt.core.yaml_files import ProfileError
from lagrundt.leisure.profiles import apply_profile_files


class Command(BaseCommand):
    help = (
        "Load the leisure profiles (interest list, activity catalogue, support schemes) into the "
        "municipalities that exist. What a key already names is left as the municipality keeps it."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="profile files to load instead of the built-in ones")

    def handle(self, *args, files, **options):
        try:
            made = apply_profile_files(files or None)
        except ProfileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Leisure: {made['municipalities']} municipalities; made {made['interests']} interests, "
            f"{made['activities']} activities and {made['schemes']} support schemes."
        )
