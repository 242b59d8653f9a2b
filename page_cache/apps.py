from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole pages and fragments kept for visitors, emptied by any change they could see."""

    name = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from page_cache import invalidation  # noqa: F401  (its receivers connect on import)
