"""Which page answers an address: Wagtail's routing, in fewer queries.

Wagtail finds a page one tree level at a time, from the Site's root page down. Here the
page at the whole address is found in one look-up of its `url_path`, remembered for the
content version (page_cache/memo.py: a page published, moved or deleted writes a
new one), and then loaded alone, fresh for each request. An address that names no page
(a sub-route of a routable page, such as the contact page's thanks/) goes to Wagtail's own
routing. `serve` is Wagtail's serve view with the Site and the page found so.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page

from page_cache.memo import remembered, site_for


def page_at(request, url_path):
    """The page (of its own type) whose url_path is `url_path`, or None."""

    def look_up():
        found = Page.objects.filter(url_path=url_path).order_by("path")
        return found.values_list("pk", "content_type_id").first()

    found = remembered(request, ("page at", url_path), look_up, keep_none=False)
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    return model.objects.filter(pk=found[0]).first() if model else None


def route(request, path):
    """Wagtail's route result for `path` (page, args, kwargs), or None for a 404."""
    site = site_for(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    page = page_at(request, site.root_page.url_path + "".join(f"{c}/" for c in components))
    try:
        if page is not None:
            return page.route(request, [])  # raises Http404 for a page that is not live
        return site.root_page.localized.specific.route(request, components)
    except Http404:
        return None


def serve(request, path):
    # Imported here: wagtail.views loads the page model, and this module is read with the models.
    from wagtail import views as wagtail_views

    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)
