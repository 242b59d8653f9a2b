"""The page cache's Wagtail hooks (imported by truvisory/wagtail_hooks.py): the page's
Last-Modified."""

from wagtail import hooks


@hooks.register("on_serve_page")
def note_last_modified(serve_page):
    """Note the served page's `last_modified` on the request; the middleware sends it as
    Last-Modified when the answer is shared, and keeps it with the entry."""

    def serve(page, request, args, kwargs):
        request.page_cache_last_modified = getattr(page, "last_modified", None)
        return serve_page(page, request, args, kwargs)

    return serve
