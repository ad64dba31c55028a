from django.core.management.base import BaseCommand, CommandError

from lagrundt.core.yaml_files import ProfileError

from ...services import apply_routine_files


class Command(BaseCommand):
    help = "Load the routine files (baseline and profiles) into every municipality's routines."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Routine files; default: the built-in ones.")

    def handle(self, *args, files, **options):
        try:
            counts = apply_routine_files(files or None)
        except ProfileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Routines: {counts['created']} created, {counts['changed']} changed, "
            f"{counts['deactivated']} no longer in the files."
        )
