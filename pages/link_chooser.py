"""The rich-text link chooser opens at the site's home page, not at Root.

Wagtail's page chooser opens at the tree's Root whenever any page type may be chosen, so
an editor adding a link first clicks through a "Root" that only holds the home page. Wagtail
8 has no setting for where it starts (the `construct_page_chooser_queryset` hook filters
the list, it does not move the start). What it does offer is the link feature's own chooser
address, `chooserUrls.pageChooser` in the Draftail feature registry: pages/wagtail_hooks.py
points it at this view, which is Wagtail's chooser with the home page as the default parent.
An existing link still opens at its page's parent, and the chooser's breadcrumbs still lead
up to Root.
"""

from wagtail.admin.views.chooser import BrowseView
from wagtail.models import Site


class LinkChooserView(BrowseView):
    def get(self, request, parent_page_id=None):
        if parent_page_id is None:
            site = Site.find_for_request(request)
            parent_page_id = site.root_page_id if site else None
        return super().get(request, parent_page_id)
