"""Wagtail's serve view, the page found by its whole `url_path` (remembered) in one query."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page

from page_cache.memo import remembered, site_for


def route(request, path):
    """Wagtail's route result for `path` (page, args, kwargs), or None for a 404."""
    site = site_for(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    url_path = site.root_page.url_path + "".join(f"{c}/" for c in components)

    def look_up():
        found = Page.objects.filter(url_path=url_path).order_by("path")
        return found.values_list("pk", "content_type_id").first()

    found = remembered(request, ("page at", url_path), look_up, keep_none=False)
    model = ContentType.objects.get_for_id(found[1]).model_class() if found else None
    page = model.objects.filter(pk=found[0]).first() if model else None
    try:
        if page is not None:
            return page.route(request, [])  # raises Http404 for a page that is not live
        return site.root_page.localized.specific.route(request, components)
    except Http404:
        return None


def serve(request, path):
    """Wagtail's serve view, handed the route found above where Wagtail's documented
    Page.route_for_request keeps one (request._wagtail_route_for_request)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)
