"""The guide reports (pages/admin_reports.py): stale figures, the content plan and its
links, internal links, and the leads the guides bring, with their addresses under
/admin/guide-reports/ (the leads' under /admin/reports/) and their menu entries: the one
place to add one."""

from django.urls import path

from pages.admin_reports import Report, ReportsViewSet

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
from .stale_figures import StaleFiguresReportView

GUIDES = "guides_reports"
STALE_FIGURES = Report(
    "stale_figures", "Stale figures", "warning", 100, (StaleFiguresReportView,), GUIDES
)
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
    GUIDES,
)
INTERNAL_LINKS = Report(
    "internal_links",
    "Internal links",
    "link",
    102,
    (OrphanPagesReportView, LinkSuggestionsReportView, BrokenLinksReportView),
    GUIDES,
)


class GuideReportsViewSet(ReportsViewSet):
    """The guide reports, under /admin/guide-reports/, and “Check links now”."""

    name = GUIDES
    url_prefix = "guide-reports"
    reports = (STALE_FIGURES, CONTENT_PLAN, INTERNAL_LINKS)

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
