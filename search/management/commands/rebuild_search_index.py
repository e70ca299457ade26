"""Index every published article afresh (after a bulk import, or a SEARCH_LANGUAGE change)."""

from django.core.management.base import BaseCommand
from django.db import connection

from search import indexing, schema


class Command(BaseCommand):
    help = "Rebuild the search index from the live articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recreate",
            action="store_true",
            help="Recreate the full-text structure too (SQLite: picks up a new language).",
        )

    def handle(self, *args, recreate=False, **options):
        if recreate:
            schema.uninstall(connection)
            schema.install(connection)
        count = indexing.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} article(s)."))
