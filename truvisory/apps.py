from django.apps import AppConfig


class TruvisoryConfig(AppConfig):
    name = "truvisory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from guides.models import Author, Source, Statistic
        from pages.cache import bump_generation
        from pages.models import SiteSettings

        # Anything a visitor can see changing empties the page cache.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_generation, dispatch_uid=f"page-cache-{id(signal)}")
        post_delete.connect(_on_page_delete, dispatch_uid="page-cache-page-delete")
        for model in (Source, Statistic, Author, SiteSettings, Site, Redirect):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-{model}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-d-{model}")

        # The same changes purge the CDN, when one is configured (truvisory/cdn.py).
        from truvisory.cdn import purge_site

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_site, dispatch_uid=f"cdn-{id(signal)}")
        for model in (Source, Statistic, Author, SiteSettings, Redirect):
            post_save.connect(purge_site, sender=model, dispatch_uid=f"cdn-{model}")


def _on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    from pages.cache import bump_generation

    if isinstance(instance, Page):
        bump_generation()
