"""Purging the CDN by the page cache's rule: everything a visitor can see.

A publish changes more than the page's own URL: the pages that list it (the pillar, the
guide index, the FAQ, the home page), the sitemap, the feed, llms.txt and the markdown
copies; and a changed statistic or setting shows on many pages at once. So after every
change that empties the page cache, this purges every URL of every site: each live page
with the paths Wagtail's `get_cached_paths` names for it (the page and its markdown copy),
its generated share card, and the machine-readable files; plus the URLs the change took
away (an unpublished, deleted or moved page's old address, a redirect's old path). A few
dozen URLs, one or two API calls, once per transaction (invalidation.py), in the task
worker (`page_cache.tasks.purge_cdn`). IndexNow is told of the same URLs, `changed_urls`
(page_cache/indexnow.py).

It does nothing unless WAGTAILFRONTENDCACHE is set (production.py sets it from the
CLOUDFLARE_* variables). The frontend_cache app itself is not installed: its own publish
handlers would purge the page's URL a second time, before the commit. Its backends and
PurgeBatch are used here.
"""

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


def site_urls():
    """Every URL of every site that a CDN may hold."""
    batch = PurgeBatch()
    for site in Site.objects.all():
        root = site.root_url
        batch.add_urls(root + path for path in MACHINE_READABLE)
        pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
        pages = list(pages.specific(defer=True))
        batch.add_pages(pages)
        site_name = SiteSettings.for_site(site).organisation_name
        batch.add_urls(
            root + reverse("social_card", args=[page.pk, card_digest(page.title, site_name)])
            for page in pages
            if isinstance(page, BasePage) and not page.social_image_id
        )
    return batch.urls


def changed_urls(urls_taken_away=()):
    """Every URL a change touched, for the CDN purge and IndexNow alike: the site's
    (site_urls) and the ones the change took away (urls_taken_away)."""
    return site_urls() | set(urls_taken_away)


def urls_taken_away(instance):
    """The URLs that a change to `instance` takes off the site: a page's own (when it is
    unpublished, deleted or moved) and a redirect's old path. Empty while neither a CDN
    nor IndexNow is there to hear of them."""
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
    """The CDN's API calls, and nothing else, so that they can run as a background task."""
    try:
        PurgeBatch(urls).purge()
    except Exception:
        # A CDN outage must never fail a publish; the CDN's entries expire by themselves.
        logger.exception("CDN purge failed")
