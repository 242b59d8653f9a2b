from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole pages and fragments kept for visitors, emptied by any change they could see."""

    name = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from page_cache import invalidation

        # Anything a visitor can see changing empties the page cache and purges the CDN.
        invalidation.connect()
