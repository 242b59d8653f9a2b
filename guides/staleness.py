"""When a statistic counts as stale: the threshold editors set in the site settings."""

from pages.models import SiteSettings


def stale_after_days():
    return SiteSettings.for_default_site().stale_after_days
