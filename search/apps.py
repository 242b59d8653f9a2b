from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over the pages visitors may see."""

    name = "search"
    verbose_name = "Site search"
