from django.apps import AppConfig


class TruvisoryConfig(AppConfig):
    name = "truvisory"

    def ready(self):
        from truvisory.page_cache import invalidation

        # Anything a visitor can see changing empties the page cache and purges the CDN.
        invalidation.connect()
