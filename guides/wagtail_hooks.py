"""Admin screens for guides: the snippets' menu and statistic chooser, the reports, the stale
figures' dashboard panel, the checks panel's thin-page action and “Plan a page”."""

import django_filters
from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from guides import hide_from_search
from guides.content_checks import HIDE_FROM_SEARCH
from guides.models import Source, Statistic
from guides.models.snippets import stale_after_days
from guides.panels import snippet_url
from guides.planning import PlanPageView
from guides.reports import GuideReportsViewSet, LeadReportsViewSet
from guides.reports.content_plan import link_check_result
from guides.reports.stale_figures import (
    StaleFiguresPanel,
    StaleFiguresReportView,
    last_verified_column,
    stale_column,
)
from guides.tasks import check_source_link
from guides.usage import used_by
from guides.verification import (
    LOG_ACTION,
    MarkVerifiedBulkAction,
    StatisticCopyView,
    StatisticCreateView,
    StatisticEditView,
)


class UsageColumn(Column):
    """How many pages use a statistic, linked to Wagtail's usage screen."""

    cell_template_name = "guides/admin/usage_count_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["usage_url"] = snippet_url(instance, "usage")
        return context


def statistics():
    """The statistics as the list and the chooser show them: with their source and `stale_now`."""
    return Statistic.objects.select_related("source").annotate_stale(stale_after_days())


class StatisticColumns:
    """The chooser's columns, the same as the statistics list's, the finding to click first."""

    @property
    def columns(self):
        finding = self.title_column
        finding.label, finding.accessor = "Finding", "finding"
        return [
            finding,
            Column("figure", label="Figure"),
            Column("source", label="Source"),
            last_verified_column(),
            stale_column(),
        ]

    def get_object_list(self):
        return statistics()


class StatisticChooseView(StatisticColumns, ChooseView):
    pass


class StatisticChooseResultsView(StatisticColumns, ChooseResultsView):
    pass


class StatisticChooserViewSet(SnippetChooserViewSet):
    choose_view_class = StatisticChooseView
    choose_results_view_class = StatisticChooseResultsView


class StatisticFilterSet(WagtailFilterSet):
    stale = django_filters.ChoiceFilter(
        label="Stale or current",
        empty_label="All",
        choices=[("stale", "Stale"), ("current", "Current")],
        method="filter_stale",
    )

    class Meta:
        model = Statistic
        fields = ["stale", "source"]

    def filter_stale(self, queryset, name, value):
        """By the site settings' threshold: StatisticViewSet's queryset has `stale_now`."""
        return queryset.filter(stale_now=value == "stale")


class SourceIndexView(IndexView):
    def get_table(self, object_list):
        # “the page ‘Fractional AI CTO…’ and 1 statistic” (guides/usage.py)
        lines = used_by(object_list)  # for the whole page of sources at once
        for source in object_list:
            source.used_by = lines[source.pk]
        return super().get_table(object_list)


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "link"
    menu_label = "Sources"
    list_display = [
        "publisher",
        "title",
        "publication_date",
        Column("url", label="Link", sort_key="url", classname="wrap-anywhere"),
        Column("link_check", label="Link check", accessor=link_check_result),
        Column("used_by", label="Used by", sort_key="usage_count"),
    ]
    index_view_class = SourceIndexView
    search_fields = ["publisher", "title", "cited_as", "url"]
    search_backend_name = None  # the database's own search keeps annotations and ordering
    ordering = ["publisher", "title"]

    def get_queryset(self, request):
        return Source.objects.select_related("link_check").annotate(
            usage_count=ReferenceIndex.usage_count_subquery(Source)
        )


class StatisticViewSet(SnippetViewSet):
    model = Statistic
    icon = "table"
    menu_label = "Statistics"
    list_display = [
        "figure",
        "finding",
        Column("source", label="Source", sort_key="source__publisher"),
        last_verified_column(sort_key="last_verified"),
        stale_column(sort_key="stale_now"),
        UsageColumn("usage_count", label="Used on", sort_key="usage_count"),
    ]
    filterset_class = StatisticFilterSet
    search_fields = ["finding", "figure", "caveat", "source__publisher", "source__title"]
    search_backend_name = None  # the database's own search keeps annotations and ordering
    ordering = ["finding"]
    add_view_class = StatisticCreateView
    copy_view_class = StatisticCopyView
    edit_view_class = StatisticEditView
    chooser_viewset_class = StatisticChooserViewSet

    def get_queryset(self, request):
        return statistics().annotate(usage_count=ReferenceIndex.usage_count_subquery(Statistic))


class GuideContentGroup(SnippetViewSetGroup):
    menu_label = "Guide content"
    menu_icon = "doc-full"
    menu_order = 200
    items = (StatisticViewSet, SourceViewSet)


register_snippet(GuideContentGroup)


@hooks.register("register_admin_viewset")
def register_guide_reports():
    return [GuideReportsViewSet(), LeadReportsViewSet()]


@hooks.register("construct_homepage_panels")
def add_stale_figures_panel(request, panels):
    if StaleFiguresReportView.may_read(request.user):
        panels.append(StaleFiguresPanel())


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def check_a_new_source_link(request, instance):
    """A source's new link is checked in the background, so the links report stays current."""
    if isinstance(instance, Source) and instance.url:
        last = getattr(instance, "link_check", None)
        if last is None or last.url != instance.url:
            check_source_link.enqueue(instance.pk)


hooks.register("register_bulk_action", MarkVerifiedBulkAction)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(LOG_ACTION, "Mark verified", "Marked verified today")
    actions.register_action(
        hide_from_search.LOG_ACTION,
        "Hide from search engines",
        "Hidden from search engines until complete",
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "guides/<int:page_id>/hide-from-search/",
            hide_from_search.HideFromSearchView.as_view(),
            name=HIDE_FROM_SEARCH,
        ),
        path("reports/search-terms/plan/", PlanPageView.as_view(), name="guides_plan_page"),
    ]
