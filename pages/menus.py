"""The site's menus: visible pages under the home page with "Show in menus" ticked."""

from pages.visibility import visible_pages


def menu_items(site, request):
    """The menu as plain values the page cache can keep; a page with no URL is left out."""
    if site is None:
        return []
    pages = visible_pages(site.root_page.get_children()).in_menu().specific().order_by("path")
    return [
        {"label": getattr(page, "menu_title", "") or page.title, "url": url, "path": page.path}
        for page in pages
        if (url := page.get_url(request))
    ]
