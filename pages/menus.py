"""The site's menus, from the page tree: live, public pages directly under the home page
with "Show in menus" ticked, in the tree's order, under their menu label (docs/editors.md)."""

from pages.visibility import visible_pages


def menu_items(site, request):
    """The menu as plain values the page cache can keep: label, URL and tree path; a page no
    Site routes to has no URL, and is left out."""
    if site is None:
        return []
    pages = visible_pages(site.root_page.get_children()).in_menu().specific().order_by("path")
    return [
        {"label": getattr(page, "menu_title", "") or page.title, "url": url, "path": page.path}
        for page in pages
        if (url := page.get_url(request))
    ]
