"""The analytics in the admin: referrer hosts, the traffic reports and the dashboard panel."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from analytics.models import ReferrerHost
from analytics.reports import TrafficPanel, TrafficReportsViewSet, TrafficTableView, default_site


class ReferrerHostViewSet(SnippetViewSet):
    model = ReferrerHost
    icon = "site"
    menu_label = "Referrer hosts"
    list_display = ["label", "host", "kind"]
    list_filter = ["kind"]
    search_fields = ["host", "label"]
    search_backend_name = None


register_snippet(ReferrerHostViewSet)


@hooks.register("register_admin_viewset")
def register_reports():
    return TrafficReportsViewSet()


@hooks.register("construct_homepage_panels")
def add_traffic_panel(request, panels):
    if TrafficTableView.may_read(request.user) and (site := default_site(request)):
        panels.append(TrafficPanel(site))
