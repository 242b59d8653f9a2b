"""The guide reports and the leads report, with their addresses and menu entries."""

from django.urls import path

from pages.admin_reports import Report, ReportsViewSet

from .content_plan import (
    AuthorProfilesReportView,
    AwaitingAnswersReportView,
    BrokenLinksReportView,
    CheckLinksNowView,
    NeedsASourceReportView,
    PlannedPagesReportView,
    SourceLinksReportView,
)
from .internal_links import LinkSuggestionsReportView, OrphanPagesReportView
from .leads import FunnelReportView, LeadsByGuideReportView, LeadsBySourceReportView
from .stale_figures import StaleFiguresReportView


class GuideReportsViewSet(ReportsViewSet):
    """The guide reports, under /admin/guide-reports/, and “Check links now”."""

    name = "guides_reports"
    url_prefix = "guide-reports"
    reports = (
        Report("stale_figures", "Stale figures", "warning", 100, (StaleFiguresReportView,), name),
        Report(
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
            name,
        ),
        Report(
            "internal_links",
            "Internal links",
            "link",
            102,
            (OrphanPagesReportView, LinkSuggestionsReportView, BrokenLinksReportView),
            name,
        ),
    )

    def get_urlpatterns(self):
        check = path(
            "content-plan/source-links/check/", CheckLinksNowView.as_view(), name="check_links_now"
        )
        return [*super().get_urlpatterns(), check]


class LeadReportsViewSet(ReportsViewSet):
    """The leads report, at /admin/reports/leads/ beside Wagtail's own reports."""

    name = "leads_reports"
    url_prefix = "reports"
    reports = (
        Report(
            "leads",
            "Leads",
            "mail",
            103,
            (LeadsBySourceReportView, LeadsByGuideReportView, FunnelReportView),
            name,
        ),
    )
