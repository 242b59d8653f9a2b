"""The analytics in the admin: the list of referrer hosts (a snippet) and, later, the reports."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from analytics.models import ReferrerHost


class ReferrerHostViewSet(SnippetViewSet):
    model = ReferrerHost
    icon = "site"
    menu_label = "Referrer hosts"
    list_display = ["label", "host", "kind"]
    list_filter = ["kind"]
    search_fields = ["host", "label"]
    search_backend_name = None
    ordering = ["kind", "label", "host"]


register_snippet(ReferrerHostViewSet)
