from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The ground floor: the base page, site settings, generic pages, contact and search."""

    name = "pages"

    def ready(self):
        from django.db.models.signals import post_migrate

        # The system checks, and the receivers that keep the pages' last-change times.
        from pages import changes, checks  # noqa: F401
        from pages.roles import grant_roles
        from pages.site_url import update_default_site

        post_migrate.connect(update_default_site, sender=self, dispatch_uid="pages-site-url")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="pages-roles")
