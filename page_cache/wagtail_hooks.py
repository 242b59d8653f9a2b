"""The page cache's Wagtail hooks: what the middleware notes of a page, Settings > Page cache."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .admin_views import PageCacheView
from .query import only_parameters


@hooks.register("on_serve_page")
def note_last_modified(serve_page):
    """Leave the request the query parameters the page reads, and note its `last_modified`."""

    def serve(page, request, args, kwargs):
        only_parameters(request, getattr(page, "cache_query_parameters", ()))
        request.page_cache_last_modified = getattr(page, "last_modified", None)
        return serve_page(page, request, args, kwargs)

    return serve


@hooks.register("register_admin_urls")
def page_cache_urls():
    return [path("page-cache/", PageCacheView.as_view(), name="page_cache")]


@hooks.register("register_settings_menu_item")
def page_cache_menu_item():
    return AdminOnlyMenuItem(
        "Page cache", reverse("page_cache"), name="page-cache", icon_name="bin"
    )
