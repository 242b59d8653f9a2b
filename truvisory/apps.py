from django.apps import AppConfig


class TruvisoryConfig(AppConfig):
    name = "truvisory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from guides.models import Author, Source, Statistic
        from pages.models import SiteSettings

        # Anything a visitor can see changing empties the page cache and purges the CDN.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(content_changed, dispatch_uid=f"content-changed-{id(signal)}")
        post_delete.connect(_on_page_delete, dispatch_uid="content-changed-page-delete")
        for model in (Source, Statistic, Author, SiteSettings, Site, Redirect):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-saved-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-gone-{model}")


def content_changed(**kwargs):
    """Empty the page cache (pages/cache.py) and purge the CDN, when one is configured
    (truvisory/cdn.py)."""
    from pages.cache import bump_generation
    from truvisory.cdn import purge_site

    bump_generation()
    purge_site()


def _on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()
