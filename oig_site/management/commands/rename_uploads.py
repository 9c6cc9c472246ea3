from django.core.management.base import BaseCommand

from oig_site.core.file_cleanup import uploads_rename_to_random


class Command(BaseCommand):
    help = (
        "Give uploads stored under the name they were uploaded with (before uploads got random "
        "names) a random name, with their smaller copies, and remove the old files. Safe to run "
        "again: files with random names are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the files that would be renamed."
        )

    def handle(self, *args, dry_run=False, **options):
        renamed, missing = uploads_rename_to_random(dry_run=dry_run)
        for name in renamed:
            self.stdout.write(f"{'Would rename' if dry_run else 'Renamed'} {name}")
        for name in missing:
            self.stdout.write(f"Missing, left as it is: {name}")
        self.stdout.write(
            f"{len(renamed)} file(s) {'to rename' if dry_run else 'renamed'}, "
            f"{len(missing)} missing."
        )
