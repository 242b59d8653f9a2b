"""Which pages a visitor may see: the one rule that every listing, aggregation and
machine-readable file follows (menus, cluster lists, read next, the FAQ hub, the feed,
the sitemap, llms.txt, markdown copies, search, the evidence page and its downloads,
link suggestions, and links in content).

A page is visible when it is live and neither it nor any page above it has a view
restriction (the "Privacy" setting in the admin: a password, signing in, or groups). A
private page is still served to the people its restriction lets in, but no other page,
file or feed lists it, links to it or quotes it: a link to it reads as prose, as a link
to a draft does.

It is Wagtail's `.live().public()` (which the sitemap uses), written as one subquery:
`public()` first reads every restriction in a query of its own, each time a listing is
built, and a guide builds several.

A file that speaks for one Site (the feed, llms.txt and llms-full.txt, the evidence page and
its downloads; Wagtail's sitemap does the same by itself) lists only that Site's pages:
`site_pages(request)`, the visible pages at and under the root page of the Site the request
was made to. Another Site's guides are not its own.

Editors' tools see private pages as they see drafts: previews, reports, and the page
cache's invalidation (pages/dependencies.py), which must also empty the pages a private
page appears on.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from wagtail.models import Page, PageViewRestriction, Site


def visible_pages(pages=None):
    """The pages of `pages` (a queryset or manager of any page type; every page when left
    out) that a visitor may see. For rows that belong to a page, such as FAQ entries,
    filter with `page__in=visible_pages()`."""
    # A restriction applies to its page and every page whose path starts with its page's.
    restriction = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef("path"), Length("page__path"))
    )
    private = Page.objects.filter(Exists(restriction)).values("id")
    # By id, a filter the search backends can apply too.
    return (Page.objects if pages is None else pages).live().exclude(id__in=private)


def site_pages(request, pages=None):
    """The visible pages of `pages` (as for `visible_pages`) in the tree of the request's
    Site (Wagtail's `Site.find_for_request`, which falls back to the default Site): at and
    under its root page. None without any Site."""
    site = Site.find_for_request(request)
    if site is None:
        return visible_pages(pages).none()
    return visible_pages(pages).descendant_of(site.root_page, inclusive=True)


def is_visible(page):
    """Whether a visitor may see this one page (None is not visible)."""
    if page is None or not page.live:
        return False
    return visible_pages(Page.objects.filter(pk=page.pk)).exists()
