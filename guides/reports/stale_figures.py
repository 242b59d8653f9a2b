"""Stale figures: statistics not verified within the site settings' threshold, and their count."""

from django.db.models import F
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn

from guides.models import Statistic
from guides.models.snippets import stale_after_days
from guides.panels import snippet_url
from pages.admin_reports import ReportTableView

from .base import PagesColumn, ReferencedMixin


def last_verified_column(**kwargs):
    return Column(
        "last_verified",
        label="Date last verified",
        accessor=lambda row: (
            date_format(row.last_verified, "j M Y") if row.last_verified else "Never"
        ),
        **kwargs,
    )


def stale_column(**kwargs):
    """Stale or current, from the `stale_now` that StatisticQuerySet.annotate_stale adds."""
    return StatusTagColumn(
        "stale_now",
        label="Stale or current",
        accessor=lambda statistic: "Stale" if statistic.stale_now else "Current",
        primary=lambda statistic: statistic.stale_now,
        **kwargs,
    )


class StaleFiguresReportView(ReferencedMixin, ReportTableView):
    """Statistics not verified within the site settings' threshold, and where they show."""

    permission_model = Statistic
    any_permission_required = ["add", "change", "delete", "view"]

    @cached_property
    def stale_after_days(self):
        return stale_after_days()

    columns = [
        TitleColumn("figure", label="Figure", get_url=lambda row: snippet_url(row, "edit")),
        Column("finding", label="Finding"),
        Column("source", label="Source"),
        last_verified_column(),
        PagesColumn("referenced_by", label="Shown on"),
    ]

    @property
    def help_text(self):
        return (
            f"A figure counts as stale once it was last verified more than "
            f"{self.stale_after_days} days ago, or never. Check each one against its source, "
            "then update its figure or its date last verified. Visitors see no difference; "
            "this list is for editors."
        )

    @property
    def no_results_message(self):
        return (
            "No stale figures: every statistic was verified in the last "
            f"{self.stale_after_days} days."
        )

    def get_queryset(self):
        return (
            Statistic.objects.stale(self.stale_after_days)
            .select_related("source")
            .order_by(F("last_verified").asc(nulls_first=True), "finding")
        )


class StaleFiguresPanel(Component):
    """The dashboard's count of stale figures, linking to the report."""

    name = "stale_figures"
    order = 110
    template_name = "guides/admin/stale_figures_panel.html"

    def get_context_data(self, parent_context):
        days = stale_after_days()
        return {"stale_count": Statistic.objects.stale(days).count(), "stale_after_days": days}
