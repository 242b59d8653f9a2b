"""Which pages a visitor may see: the one rule that every listing, aggregation and
machine-readable file follows (menus, cluster lists, read next, the FAQ hub, the feed,
the sitemap, llms.txt, markdown copies, search, the evidence page and its downloads,
link suggestions, and links in content).

A page is visible when it is live and neither it nor any page above it has a view
restriction (the "Privacy" setting in the admin: a password, signing in, or groups). A
private page is still served to the people its restriction lets in, but no other page,
file or feed lists it, links to it or quotes it: a link to it reads as prose, as a link
to a draft does.

Editors' tools see private pages as they see drafts: previews, reports, and the page
cache's invalidation (pages/dependencies.py), which must also empty the pages a private
page appears on.
"""

from wagtail.models import Page


def visible_pages(pages=None):
    """The pages of `pages` (a queryset or manager of any page type; every page when left
    out) that a visitor may see. For rows that belong to a page, such as FAQ entries,
    filter with `page__in=visible_pages()`."""
    return (Page.objects if pages is None else pages).live().public()


def is_visible(page):
    """Whether a visitor may see this one page (None is not visible)."""
    if page is None or not page.live:
        return False
    return visible_pages(Page.objects.filter(pk=page.pk)).exists()
