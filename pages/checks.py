"""System checks for the canonical host: a valid SITE_URL, and a public default Site."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from wagtail.models import Site

from pages.site_url import LOCAL_HOSTNAMES, parse_site_url, site_base


@register(Tags.compatibility)
def site_url_is_valid(app_configs, **kwargs):
    try:
        if settings.SITE_URL:
            parse_site_url(settings.SITE_URL)
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="Fix the SITE_URL environment variable.", id="pages.E001")]
    return []


@register(Tags.security, deploy=True)
def canonical_host_is_public(app_configs, **kwargs):
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # no database to ask (a build step); migrate will apply SITE_URL
    if site is None or site.hostname not in LOCAL_HOSTNAMES:
        return []
    return [
        Warning(
            f"The default Site is {site_base(site)}, so canonical URLs, the sitemap, robots.txt, "
            "the feed and llms.txt all point at a local host.",
            hint="Set SITE_URL (e.g. https://truvisory.com) and run migrate, or set the "
            "Site's hostname in Settings › Sites.",
            id="pages.W001",
        )
    ]
