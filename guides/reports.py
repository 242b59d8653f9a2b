"""Admin reports that keep the content honest: stale figures, and the content plan with
its links. Visitors never see any of this."""

from django.contrib.admin.utils import quote
from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from guides.links import broken_internal_links
from guides.models import GuidePage, Source, Statistic
from guides.staleness import stale_after_days
from guides.usage import pages_referencing

STATISTIC_PERMISSIONS = ["add", "change", "delete", "view"]
PAGE_PERMISSIONS = ["add", "change", "publish"]


def edit_url(snippet):
    return reverse(type(snippet).snippet_viewset.get_url_name("edit"), args=[quote(snippet.pk)])


def never_or_date(value):
    return date_format(value, "j M Y") if value else "Never"


def last_verified_column(**kwargs):
    return Column(
        "last_verified",
        label="Date last verified",
        accessor=lambda statistic: never_or_date(statistic.last_verified),
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


class PagesColumn(Column):
    """The pages in a row's `pages` attribute, each linked to its editor."""

    cell_template_name = "guides/admin/pages_cell.html"


class StaleFiguresReportView(ReportView):
    """Statistics last verified longer ago than the threshold in the site settings, or never,
    with the pages that show them."""

    page_title = "Stale figures"
    header_icon = "warning"
    results_template_name = "guides/admin/stale_figures_results.html"
    index_url_name = "guides_reports:stale_figures"
    index_results_url_name = "guides_reports:stale_figures_results"
    any_permission_required = STATISTIC_PERMISSIONS
    list_export = ["figure", "finding", "source", "last_verified", "shown_on"]
    export_headings = {"last_verified": "Date last verified", "shown_on": "Shown on"}

    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(Statistic)

    @cached_property
    def stale_after_days(self):
        return stale_after_days()

    columns = [
        TitleColumn("figure", label="Figure", get_url=lambda statistic: edit_url(statistic)),
        Column("finding", label="Finding"),
        Column("source", label="Source"),
        last_verified_column(),
        PagesColumn("pages", label="Shown on"),
    ]

    def get_queryset(self):
        return (
            Statistic.objects.stale(self.stale_after_days)
            .select_related("source")
            .order_by(F("last_verified").asc(nulls_first=True), "finding")
        )

    def decorate_paginated_queryset(self, object_list):
        statistics = list(object_list)
        pages = pages_referencing(statistics)
        for statistic in statistics:
            statistic.pages = pages[statistic.pk]
            statistic.shown_on = ", ".join(page.title for page in statistic.pages)
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["stale_after_days"] = self.stale_after_days
        return context


class ContentPlanReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Planned pages and the live pages that already link to them, claims that still need
    a source, internal links to deleted pages, and the last result of `manage.py check_links`."""

    page_title = "Content plan and links"
    header_icon = "list-ul"
    template_name = "guides/admin/content_plan_report.html"
    any_permission_required = PAGE_PERMISSIONS

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def planned_pages(self):
        """Pages that have never been published: the drafts of the content plan."""
        planned = list(
            Page.objects.filter(live=False, first_published_at__isnull=True)
            .order_by("path")
            .specific(defer=True)
        )
        linked_from = pages_referencing(planned, live_only=True)
        for page in planned:
            page.linked_from = linked_from[page.pk]
        return planned

    def missing_sources(self):
        """(guide, claim) for every claim an editor marked as still needing a source."""
        guides = GuidePage.objects.order_by("path")
        return [(guide, claim) for guide in guides for claim in guide.missing_sources()]

    def link_checks(self):
        sources = Source.objects.exclude(url="").select_related("link_check")
        checks = [(source, getattr(source, "link_check", None)) for source in sources]
        # Broken links first, then links never checked, then the ones that answer.
        return sorted(checks, key=lambda pair: (_check_rank(pair[1]), pair[0].name.lower()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link_checks = self.link_checks()
        checked = [check.checked_at for _, check in link_checks if check]
        context.update(
            planned_pages=self.planned_pages(),
            missing_sources=self.missing_sources(),
            broken_links=broken_internal_links(),
            link_checks=link_checks,
            last_checked_at=max(checked) if checked else None,
        )
        return context


def _check_rank(check):
    if check is None:
        return 1
    return 2 if check.is_ok else 0


class StaleFiguresPanel(Component):
    """The dashboard's count of stale figures, linking to the report."""

    name = "stale_figures"
    order = 110
    template_name = "guides/admin/stale_figures_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        days = stale_after_days()
        context["stale_count"] = Statistic.objects.stale(days).count()
        context["stale_after_days"] = days
        return context
