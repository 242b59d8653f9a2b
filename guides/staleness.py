"""When a statistic counts as stale: the threshold editors set in the site settings."""

from wagtail.models import Site

from pages.models import SiteSettings


def default_site_settings():
    """The default site's settings, or unsaved defaults before any site exists."""
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def stale_after_days():
    return default_site_settings().stale_after_days
