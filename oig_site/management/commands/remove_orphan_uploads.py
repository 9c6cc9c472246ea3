from datetime import timedelta

from django.core.management.base import BaseCommand

from oig_site.core.file_cleanup import uploads_remove_orphans


class Command(BaseCommand):
    help = (
        "Remove uploaded files that nothing on the site refers to any more (left by a save "
        "that failed, or replaced before replaced files were removed), in the public and the "
        "private uploads folders, and files kept for a form sent back with a mistake once they "
        "can no longer be used (after a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the files that would be removed."
        )
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1,
            help="Leave files younger than this (their save may be under way). Default: 1.",
        )

    def handle(self, *args, dry_run=False, min_age_hours=1, **options):
        removed = uploads_remove_orphans(
            dry_run=dry_run, min_age=timedelta(hours=max(min_age_hours, 0))
        )
        for name in removed:
            self.stdout.write(f"{'Would remove' if dry_run else 'Removed'} {name}")
        self.stdout.write(f"{len(removed)} file(s) {'to remove' if dry_run else 'removed'}.")
