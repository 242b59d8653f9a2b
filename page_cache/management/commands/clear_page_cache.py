"""Empty the page cache: every kept page, fragment and menu, of every release, and the CDN
when one is configured (page_cache/). Administrators can do the same under
Settings > Page cache. A new release needs no run of this: it starts a new generation by
itself."""

from django.core.management.base import BaseCommand

from page_cache import invalidation


class Command(BaseCommand):
    help = "Empty the page cache (and purge the CDN when one is configured)."

    def handle(self, *args, **options):
        invalidation.empty(by="manage.py clear_page_cache")
        self.stdout.write("The page cache is empty: each page renders afresh on its next request.")
