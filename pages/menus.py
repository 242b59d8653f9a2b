"""The site's menus, the header's and the footer's links, from the page tree.

Editors own them with Wagtail's own controls: a live, public page directly under the home page is
in the menus when "Show in menus" is ticked on its Promote tab, in the page tree's order
(drag the pages in the explorer to reorder them), under its menu label (BasePage's
`menu_title`), or its title. The label is the one thing the tree lacks: a page's title is
its heading ("How Truvisory's fractional CTO engagements work"), too long for a header on a
phone, so a page may carry a shorter one. truvisory/templatetags/navigation.py keeps
the menu in the page cache and marks the current page.
"""

from pages.visibility import visible_pages


def menu_items(site, request=None):
    """The site's menu as plain values, which the page cache can keep: each page's label,
    URL and tree path (to find the current page's section)."""
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
