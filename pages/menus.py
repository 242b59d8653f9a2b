"""The site's menus, from the page tree: live, public pages directly under the home page
with "Show in menus" ticked, in the tree's order, under their menu label (docs/editors.md)."""

from pages.visibility import visible_pages


def menu_items(site, request=None):
    """The menu as plain values the page cache can keep: label, URL and tree path."""
    if site is None:
        return []
    pages = visible_pages(site.root_page.get_children()).in_menu().specific().order_by("path")
    items = [
        {
            "label": getattr(page, "menu_title", "") or page.title,
            "url": page.get_url(request),
            "path": page.path,
        }
        for page in pages
    ]
    return [item for item in items if item["url"]]  # a page no Site routes to has none
