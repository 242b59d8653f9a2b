"""Empty the page cache, every release's, as Settings > Page cache does (a release needs none)."""

from django.core.management.base import BaseCommand

from page_cache import invalidation


class Command(BaseCommand):
    help = "Empty the page cache (and purge the CDN when one is configured)."

    def handle(self, *args, **options):
        invalidation.empty(by="manage.py clear_page_cache")
        self.stdout.write("The page cache is empty: each page renders afresh on its next request.")
