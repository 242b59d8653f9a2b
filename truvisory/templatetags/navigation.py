"""{% site_menu as menu %}: the header's and footer's links, with the current page marked.

The links come from the page tree (pages/menus.py) and are the same on every page of
a Site, so they are kept in the page cache once per Site and generation: publishing,
unpublishing, moving (reordering included) or deleting a page makes a new content version
(page_cache/), so a change to "Show in menus" or a menu label shows on every page
at once. They are read once a request, for the header and the footer together.

Which link is the current page, or its section, differs from page to page, so it is marked
afresh on every render and never kept with the links. The header and footer sit outside
the page's cached content fragment (templates/base.html); a whole cached response belongs
to one URL, so its marks are right for it.
"""

from django import template
from django.conf import settings
from wagtail.models import Site

from page_cache.cache import generation_for, keep, read
from pages.menus import menu_items

register = template.Library()


def cached_menu_items(request):
    """The menu of the request's Site, from the page cache when it holds it."""
    site = Site.find_for_request(request)
    generation = generation_for(request)
    if site is None or generation is None:  # no Site, or no known content version
        return menu_items(site, request)
    key = f"menu:{site.pk}:{generation}"
    found = read([key])
    if found is None:  # the cache did not answer: nothing more is asked of it
        request.page_cache_generation = None
        return menu_items(site, request)
    items = found.get(key)
    if items is None:
        items = menu_items(site, request)
        keep({key: items}, settings.PAGE_CACHE_SECONDS)
    return items


def current_mark(item, page, request):
    """aria-current for a link: "page" on the page itself (not on a sub-route such as the
    contact page's /thanks/), "true" on the section the page is in, else None."""
    path = getattr(page, "path", None)  # only a Wagtail page has a tree path
    if not isinstance(path, str) or not path.startswith(item["path"]):
        return None
    # An editor's preview is requested at the page's own URL too.
    return "page" if path == item["path"] and request.path == item["url"] else "true"


@register.simple_tag(takes_context=True)
def site_menu(context):
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "site_menu_items"):
        request.site_menu_items = cached_menu_items(request)
    page = context.get("page")
    return [
        {**item, "current": current_mark(item, page, request)} for item in request.site_menu_items
    ]
