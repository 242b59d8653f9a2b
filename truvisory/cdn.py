"""Purge the CDN the way the page cache empties itself: everything a visitor can see.

Wagtail's frontend_cache app purges a published page's own URL. But a publish also
changes the pages that list it (the pillar, the guide index, the FAQ, the home page),
the sitemap, the feed, llms.txt and the markdown copies, and a changed statistic or
setting shows on many pages at once. So on every change that empties the page cache,
this purges every live page of the site, its markdown copy, and the machine-readable
files: a few dozen URLs, one or two API calls, and nothing is left stale. It is done
once per transaction, after the commit, however many changes the transaction made.

So the frontend_cache app is not installed: its own publish handlers would purge the
page's URL a second time, before the commit. Its backends and PurgeBatch are used here.

It does nothing unless WAGTAILFRONTENDCACHE is set (production.py sets it from the
CLOUDFLARE_* variables).
"""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

MACHINE_READABLE = [
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/guides/",
    "/llms.txt",
    "/llms-full.txt",
    "/.well-known/security.txt",
]


def site_urls():
    """Every URL of every site that a CDN may hold."""
    from wagtail.models import Page, Site

    urls = []
    for site in Site.objects.all():
        root = site.root_url
        urls += [root + path for path in MACHINE_READABLE]
        pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
        for page in pages.specific(defer=True):
            url = page.get_full_url()
            if url:
                urls += [url, url + "index.html.md"]
    return list(dict.fromkeys(urls))


def purge_site(**kwargs):
    """Signal receiver: once the change is committed, purge every URL of the site."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _purge_now for _savepoints, callback, _robust in pending):
        transaction.on_commit(_purge_now)


def _purge_now():
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    try:
        PurgeBatch(site_urls()).purge()
    except Exception:
        # A CDN outage must never fail a publish; the CDN entries expire by themselves.
        logger.exception("CDN purge failed")
