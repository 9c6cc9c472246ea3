from django.core.management.base import BaseCommand

from oig_site.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search's indexes and statistics on PostgreSQL (after a bulk load or "
        "a restore). Not needed day to day: the database keeps every page's search document up "
        "to date as it is saved."
    )

    def handle(self, *args, **options):
        tables = search_index_rebuild()
        if not tables:
            self.stdout.write("Nothing to rebuild: this database is searched without an index.")
            return
        for table in tables:
            self.stdout.write(f"Rebuilt the indexes of {table} and analysed it.")
        self.stdout.write(f"{len(tables)} table(s) done.")
