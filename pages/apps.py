from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The ground floor: the base page, site settings, generic pages, contact and search."""

    name = "pages"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pages import changes, checks  # noqa: F401  (checks registers the system checks)
        from pages.roles import grant_roles
        from pages.site_url import update_default_site

        post_migrate.connect(update_default_site, sender=self, dispatch_uid="pages-site-url")
        post_migrate.connect(grant_roles, sender=self, dispatch_uid="pages-roles")
        # The pages' last-change times follow their content and what they show.
        changes.connect()
