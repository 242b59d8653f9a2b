"""{% site_menu as menu %}: the header's and footer's links, kept in the page cache once per
Site and generation, with the current page marked on each render."""

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
    """aria-current for a link: "page" on the page (not its sub-routes), "true" in its section."""
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
