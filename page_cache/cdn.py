"""Purging the CDN after every change: every URL of every site and the URLs the change took
away; only with WAGTAILFRONTENDCACHE set (docs/operations.md)."""

import logging

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from pages.models import BasePage, SiteSettings
from pages.social import card_digest

from . import indexnow

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.page_cache.cdn")

MACHINE_READABLE = [
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/guides/",
    "/llms.txt",
    "/llms-full.txt",
    "/evidence.csv",
    "/evidence.json",
    "/.well-known/security.txt",
]


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def site_urls(public_only=False):
    """Every URL of every site that a CDN may hold (each live page with its `get_cached_paths`
    and share card, the machine-readable files); with `public_only`, no restricted page's."""
    batch = PurgeBatch()
    for site in Site.objects.all():
        root = site.root_url
        batch.add_urls(root + path for path in MACHINE_READABLE)
        pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
        if public_only:
            pages = pages.public()
        pages = list(pages.specific(defer=True))
        batch.add_pages(pages)
        site_name = SiteSettings.for_site(site).organisation_name
        batch.add_urls(
            root + reverse("social_card", args=[page.pk, card_digest(page.title, site_name)])
            for page in pages
            if isinstance(page, BasePage) and not page.social_image_id
        )
    return batch.urls


def changed_urls(urls_taken_away=(), public_only=False):
    """Every URL a change touched; with `public_only` (for IndexNow), no restricted page's,
    even among those a change took away."""
    every, taken_away = site_urls(), set(urls_taken_away)
    if not public_only:
        return every | taken_away
    public = site_urls(public_only=True)
    return public | (taken_away - (every - public))


def urls_taken_away(instance):
    """The URLs a change to `instance` takes off the site: a page's own, a redirect's old path;
    none while neither a CDN nor IndexNow would hear."""
    if not (configured() or indexnow.configured()):
        return set()
    if isinstance(instance, Page):
        batch = PurgeBatch()
        batch.add_pages(instance.get_descendants(inclusive=True).live().specific(defer=True))
        batch.add_page(instance)  # an unpublished page is no longer live itself
        return batch.urls
    if isinstance(instance, Redirect):
        return {url.rstrip("/") + end for url in instance.old_links() for end in ("", "/")}
    return set()


def purge_urls(urls):
    try:
        PurgeBatch(urls).purge()
    except Exception:
        # A CDN outage must never fail a publish; the CDN's entries expire by themselves.
        logger.exception("CDN purge failed")
