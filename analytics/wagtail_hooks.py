"""The analytics in the admin: the referrer hosts (a snippet), the traffic and search-terms
reports under Reports, with their addresses under /admin/reports/, and the dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from analytics.models import ReferrerHost
from analytics.planning import PlanPageView
from analytics.reports import (
    SearchTermsReportView,
    TrafficCampaignsReportView,
    TrafficPanel,
    TrafficReportView,
    TrafficSourcesReportView,
    can_view_traffic,
)
from pages.admin_reports import report_paths


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

# (address under /admin/, URL name, view)
REPORTS = [
    ("reports/traffic/", "analytics_traffic", TrafficReportView),
    ("reports/traffic/sources/", "analytics_traffic_sources", TrafficSourcesReportView),
    ("reports/traffic/campaigns/", "analytics_traffic_campaigns", TrafficCampaignsReportView),
    ("reports/search-terms/", "analytics_search_terms", SearchTermsReportView),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    patterns = [path("reports/search-terms/plan/", PlanPageView.as_view(), name="analytics_plan")]
    for address, name, view in REPORTS:
        patterns += report_paths(view, address, name, name)
    return patterns


class TrafficMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_traffic(request.user)


@hooks.register("register_reports_menu_item")
def traffic_menu_item():
    return TrafficMenuItem("Traffic", reverse("analytics_traffic"), icon_name="view", order=90)


@hooks.register("register_reports_menu_item")
def search_terms_menu_item():
    return TrafficMenuItem(
        "Search terms", reverse("analytics_search_terms"), icon_name="search", order=91
    )


@hooks.register("construct_homepage_panels")
def add_traffic_panel(request, panels):
    if can_view_traffic(request.user):
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        if site is not None:
            panels.append(TrafficPanel(site))
