"""Which pages a visitor may see: live, with no view restriction on them or above them."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from wagtail.models import Page, PageViewRestriction, Site


def visible_pages(pages=None):
    """The visible pages of `pages` (all when left out): `.live().public()` as one subquery."""
    # A restriction applies to its page and every page whose path starts with its page's.
    restriction = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef("path"), Length("page__path"))
    )
    private = Page.objects.filter(Exists(restriction)).values("id")
    # By id, a filter the search backends can apply too.
    return (Page.objects if pages is None else pages).live().exclude(id__in=private)


def visible_pages_of_site(request, pages):
    """The visible pages of `pages` at and under the root page of the request's Site."""
    site = Site.find_for_request(request)
    if site is None:
        return visible_pages(pages).none()
    return visible_pages(pages).descendant_of(site.root_page, inclusive=True)


def is_visible(page):
    """Whether a visitor may see this one page (None is not visible)."""
    if page is None or not page.live:
        return False
    return visible_pages(Page.objects.filter(pk=page.pk)).exists()
