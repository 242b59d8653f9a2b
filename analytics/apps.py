from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Cookie-free page views, sources, goals and search terms, and their reports."""

    name = "analytics"
    verbose_name = "Analytics"

    def ready(self):
        from analytics import sources  # noqa: F401  (forgets the known hosts when edited)
