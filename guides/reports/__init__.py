"""The guide reports, every one a Wagtail `ReportView`: stale figures, the content plan and
its links, internal links, and the leads the guides bring. Visitors never see any of this.

A report in the Reports menu shows one table, or several as tabs; each table has its own
address and its CSV and XLSX downloads. This module declares them all, with their
addresses under /admin/guide-reports/ (the leads' under /admin/reports/) and their menu
entries: the one place to add one.
"""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from pages.admin_reports import report_paths

from .base import STATISTIC_PERMISSIONS, Report, never_or_date
from .check_links_now import CheckLinksNowView
from .content_plan import (
    AuthorProfilesReportView,
    AwaitingAnswersReportView,
    BrokenLinksReportView,
    NeedsASourceReportView,
    PlannedPagesReportView,
    SourceLinksReportView,
)
from .internal_links import LinkSuggestionsReportView, OrphanPagesReportView
from .leads import FunnelReportView, LeadsByGuideReportView, LeadsBySourceReportView
from .stale_figures import (
    StaleFiguresPanel,
    StaleFiguresReportView,
    last_verified_column,
    stale_column,
)

STALE_FIGURES = Report("stale_figures", "Stale figures", "warning", 100, (StaleFiguresReportView,))
CONTENT_PLAN = Report(
    "content_plan",
    "Content plan and links",
    "list-ul",
    101,
    (
        PlannedPagesReportView,
        NeedsASourceReportView,
        AwaitingAnswersReportView,
        AuthorProfilesReportView,
        BrokenLinksReportView,
        SourceLinksReportView,
    ),
)
INTERNAL_LINKS = Report(
    "internal_links",
    "Internal links",
    "link",
    102,
    (OrphanPagesReportView, LinkSuggestionsReportView, BrokenLinksReportView),
)

LEADS = Report(
    "leads",
    "Leads",
    "mail",
    103,
    (LeadsBySourceReportView, LeadsByGuideReportView, FunnelReportView),
    namespace="leads_reports",
)


class GuideReportsViewSet(ViewSet):
    """The guide reports' addresses under /admin/guide-reports/, and their menu entries."""

    name = "guides_reports"
    url_prefix = "guide-reports"
    reports = (STALE_FIGURES, CONTENT_PLAN, INTERNAL_LINKS)

    def get_urlpatterns(self):
        patterns = []
        for report in self.reports:
            for view, url_name, address in report.routes():
                name = url_name.split(":")[1]
                patterns += report_paths(view, address, name, url_name, report=report)
        patterns.append(
            path(
                "content-plan/source-links/check/",
                CheckLinksNowView.as_view(),
                name="check_links_now",
            )
        )
        return patterns

    def on_register(self):
        for report in self.reports:
            hooks.register("register_reports_menu_item", report.menu_item)


class LeadReportsViewSet(GuideReportsViewSet):
    """The leads report, at /admin/reports/leads/ beside Wagtail's own reports (the
    traffic report is /admin/reports/traffic/)."""

    name = "leads_reports"
    url_prefix = "reports"
    reports = (LEADS,)


__all__ = [
    "CONTENT_PLAN",
    "INTERNAL_LINKS",
    "LEADS",
    "STALE_FIGURES",
    "STATISTIC_PERMISSIONS",
    "GuideReportsViewSet",
    "LeadReportsViewSet",
    "StaleFiguresPanel",
    "last_verified_column",
    "never_or_date",
    "stale_column",
]
