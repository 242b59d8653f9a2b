"""The guide reports, every one a Wagtail `ReportView`: stale figures, the content plan and
its links, and internal links. Visitors never see any of this.

A report in the Reports menu shows one table, or several as tabs; each table has its own
address and its CSV and XLSX downloads. `GuideReportsViewSet` declares them all, with
their addresses under /admin/guide-reports/ and their menu entries: the one place to add
a report.
"""

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.db.models import F
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from guides.link_suggestions import Suggester
from guides.links import broken_internal_links, live_pages, orphan_pages
from guides.models import GuidePage, Source, Statistic
from guides.staleness import stale_after_days
from guides.usage import pages_referencing

STATISTIC_PERMISSIONS = ["add", "change", "delete", "view"]
PAGE_PERMISSIONS = ["add", "change", "publish"]


def edit_url(snippet):
    return reverse(type(snippet).snippet_viewset.get_url_name("edit"), args=[quote(snippet.pk)])


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def never_or_date(value):
    return date_format(value, "j M Y") if value else "Never"


class PagesColumn(Column):
    """The pages in a row's attribute, each linked to its editor, or `empty` if none."""

    cell_template_name = "guides/admin/pages_cell.html"

    def __init__(self, name, empty="No page", **kwargs):
        super().__init__(name, **kwargs)
        self.empty = empty


class PageColumn(TitleColumn):
    """The page in a row's attribute, by its title in the admin, linked to its editor."""

    def __init__(self, name, **kwargs):
        super().__init__(
            name,
            accessor=lambda row: getattr(row, name).get_admin_display_title(),
            get_url=lambda row: page_edit_url(getattr(row, name)),
            **kwargs,
        )


class SentenceColumn(Column):
    """A suggestion's sentence, with the words to link marked."""

    cell_template_name = "guides/admin/sentence_cell.html"


class GuideReportView(ReportView):
    """A table in the guide reports. Its rows come from `get_queryset`, a queryset or a
    list; its columns are also what its CSV and XLSX downloads hold, under the same headings.
    It needs the permissions to edit pages unless it says otherwise."""

    template_name = "guides/admin/report.html"
    results_template_name = "guides/admin/report_results.html"
    permission_model = Page
    any_permission_required = PAGE_PERMISSIONS
    tab_label = ""  # its tab, in a report of several tables
    slug = ""  # its address under the report's, unless it is the report's first table
    help_text = ""  # what the table shows and what an editor does about it
    report = None  # the Report it is part of, given by GuideReportsViewSet

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(self.permission_model)

    # A cell listing pages, in a download, holds their titles.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        list: {kind: lambda items: ", ".join(map(str, items)) for kind in ReportView.FORMATS},
    }

    @cached_property
    def list_export(self):
        return [column.name for column in self.columns]

    @cached_property
    def export_headings(self):
        return {column.name: column.label for column in self.columns}

    def get_filename(self):
        return slugify(f"{self.get_page_title()} {self.get_page_subtitle()}")

    def get_page_title(self):
        return self.report.label

    def get_page_subtitle(self):
        return self.tab_label if len(self.report.tables) > 1 else ""

    def get_help_text(self):
        return self.help_text

    def report_tabs(self):
        """(label, address, is this one) of every table in the report, if it has several."""
        if len(self.report.tables) < 2:
            return []
        return [
            (view.tab_label, reverse(url_name), url_name == self.index_url_name)
            for view, url_name, _ in self.report.routes()
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["report_tabs"] = self.report_tabs()
        context["help_text"] = self.get_help_text()
        return context


class StaleFiguresReportView(GuideReportView):
    """Statistics last verified longer ago than the threshold in the site settings, or never,
    with the pages that show them."""

    header_icon = "warning"
    permission_model = Statistic
    any_permission_required = STATISTIC_PERMISSIONS
    list_export = ["figure", "finding", "source", "last_verified", "shown_on"]
    export_headings = {"last_verified": "Date last verified", "shown_on": "Shown on"}

    @cached_property
    def stale_after_days(self):
        return stale_after_days()

    columns = [
        TitleColumn("figure", label="Figure", get_url=lambda statistic: edit_url(statistic)),
        Column("finding", label="Finding"),
        Column("source", label="Source"),
        Column(
            "last_verified",
            label="Date last verified",
            accessor=lambda statistic: never_or_date(statistic.last_verified),
        ),
        PagesColumn("pages", label="Shown on"),
    ]

    def get_help_text(self):
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

    def decorate_paginated_queryset(self, object_list):
        statistics = list(object_list)
        pages = pages_referencing(statistics)
        for statistic in statistics:
            statistic.pages = pages[statistic.pk]
            statistic.shown_on = ", ".join(page.title for page in statistic.pages)
        return statistics


class PlannedPagesReportView(GuideReportView):
    """Pages that have never been published, the drafts of the content plan, and the live
    pages that already link to them."""

    header_icon = "list-ul"
    tab_label = "Planned pages"
    help_text = (
        "Drafts that have never been published. A link to one from a live page shows as "
        "plain text until it is published, then becomes a link by itself."
    )
    no_results_message = "No planned pages: every page has been published."
    columns = [
        TitleColumn("title", label="Page", get_url=page_edit_url),
        Column("address", label="Address"),
        Column("type", label="Type"),
        PagesColumn("linked_from", label="Linked from live pages", empty="Not linked yet"),
    ]

    def get_queryset(self):
        return (
            Page.objects.filter(live=False, first_published_at__isnull=True)
            .order_by("path")
            .specific(defer=True)
        )

    def decorate_paginated_queryset(self, object_list):
        planned = list(object_list)
        linked_from = pages_referencing(planned, live_only=True)
        for page in planned:
            page.address = page.get_url(self.request) or "(no address)"
            page.type = page.specific_class.get_verbose_name()
            page.linked_from = linked_from[page.pk]
        return planned


@dataclass(frozen=True)
class Claim:
    page: Page
    claim: str


class NeedsASourceReportView(GuideReportView):
    """Claims that editors marked in a guide as still needing a source."""

    header_icon = "list-ul"
    tab_label = "Needs a source"
    slug = "needs-a-source"
    help_text = (
        "Claims in a guide that no source backs yet, marked “Needs a source” on their "
        "passage. Find the source, choose it for the passage, and clear the mark. Visitors "
        "see the passage without a citation until then."
    )
    no_results_message = "Every claim marked in a guide has a source."
    columns = [PageColumn("page", label="Page"), Column("claim", label="Claim")]

    def get_queryset(self):
        guides = GuidePage.objects.order_by("path")
        return [Claim(guide, claim) for guide in guides for claim in guide.missing_sources()]


class BrokenLinksReportView(GuideReportView):
    """Links on live pages to pages that were deleted or unpublished."""

    header_icon = "list-ul"
    tab_label = "Links to pages no longer live"
    slug = "no-longer-live"
    help_text = (
        "These live pages link to pages that were deleted or unpublished. Visitors see the "
        "link text without a link. Choose another page, or remove the link."
    )
    no_results_message = "No live page links to a deleted or unpublished page."
    columns = [
        PageColumn("page", label="Page"),
        Column("where", label="Where"),
        Column("linked_page", label="Links to"),
        Column("state", label="Now"),
    ]

    def get_queryset(self):
        return broken_internal_links()


@dataclass(frozen=True)
class SourceLink:
    source: Source
    check: object  # its SourceLinkCheck, or None

    @property
    def link(self):
        return self.source.url

    @property
    def result(self):
        if self.check is None:
            return "Not checked yet"
        result = self.check.result if self.check.is_ok else f"Broken: {self.check.result}"
        if self.check.is_outdated():
            result += " (the link changed after this check)"
        return result

    @property
    def checked(self):
        return date_format(self.check.checked_at, "j M Y, H:i") if self.check else ""

    @property
    def rank(self):
        """Broken links first, then links never checked, then the ones that answer."""
        if self.check is None:
            return 1
        return 2 if self.check.is_ok else 0


class SourceLinksReportView(GuideReportView):
    """The last result of `manage.py check_links` for every source with a link."""

    header_icon = "list-ul"
    tab_label = "Source links"
    slug = "source-links"
    no_results_message = "No source has a link."
    columns = [
        TitleColumn("source", label="Source", get_url=lambda row: edit_url(row.source)),
        Column("link", label="Link"),
        Column("result", label="Result"),
        Column("checked", label="Checked"),
    ]

    def get_queryset(self):
        sources = Source.objects.exclude(url="").select_related("link_check")
        links = [SourceLink(source, getattr(source, "link_check", None)) for source in sources]
        return sorted(links, key=lambda link: (link.rank, link.source.name.lower()))

    def get_help_text(self):
        checked = [link.check.checked_at for link in self.object_list if link.check]
        if not checked:
            return mark_safe("Not checked yet. Run <code>python manage.py check_links</code>.")
        return format_html(
            "Last checked {} by <code>python manage.py check_links</code>.",
            date_format(max(checked), "j M Y, H:i"),
        )


class OrphanPagesReportView(GuideReportView):
    """Live pages that no other live page links to."""

    header_icon = "link"
    tab_label = "Orphan pages"
    help_text = (
        "Live pages that no other live page links to in its text, related guides or "
        "page choosers. Menus and the lists made from the page tree do not count. Link each "
        "from the pages about the same subject: a cluster guide from its pillar, and back."
    )
    no_results_message = "Every live page has a link from another live page."
    columns = [
        TitleColumn("title", label="Page", get_url=page_edit_url),
        Column("address", label="Address"),
        Column("type", label="Type"),
    ]

    def get_queryset(self):
        return orphan_pages(live_pages())

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.address = page.get_url(self.request)
            page.type = page.specific_class.get_verbose_name()
        return object_list


class LinkSuggestionsReportView(GuideReportView):
    """For every live guide, other live pages that its text names without a link."""

    header_icon = "link"
    tab_label = "Link suggestions"
    slug = "suggestions"
    help_text = (
        "Sentences in live guides that name another live page, by its title or key phrase, "
        "where the guide does not link to that page yet. Open the guide, find the sentence "
        "and link the words to the page. A guide’s editor lists its own suggestions too."
    )
    no_results_message = "No suggestions: every live page a guide names is linked from it."
    columns = [
        PageColumn("page", label="Guide"),
        Column("where", label="Where"),
        SentenceColumn("sentence", label="Sentence"),
        PageColumn("target", label="Link to"),
    ]

    def get_queryset(self):
        pages = live_pages()
        suggester = Suggester.for_live_pages(pages)
        guides = [page for page in pages if isinstance(page, GuidePage)]
        return [suggestion for guide in guides for suggestion in suggester.suggestions_for(guide)]


@dataclass(frozen=True)
class Report:
    """An entry in the Reports menu: one table, or several shown as tabs."""

    name: str  # its address under /admin/guide-reports/, and the URL name of its first table
    label: str
    icon: str
    order: int
    tables: tuple  # GuideReportView classes, in the order of their tabs

    def routes(self):
        """(view class, URL name, address) of each table: the first at the report's own."""
        base = self.name.replace("_", "-")
        for index, view in enumerate(self.tables):
            name = self.name if index == 0 else f"{self.name}_{view.slug.replace('-', '_')}"
            address = f"{base}/" if index == 0 else f"{base}/{view.slug}/"
            yield view, f"guides_reports:{name}", address

    def is_shown(self, user):
        view = self.tables[0]
        policy = policy_registry.get_by_type(view.permission_model)
        return policy.user_has_any_permission(user, view.any_permission_required)

    def menu_item(self):
        return ReportMenuItem(
            self.label,
            reverse(f"guides_reports:{self.name}"),
            name=self.name.replace("_", "-"),
            icon_name=self.icon,
            order=self.order,
            report=self,
        )


class ReportMenuItem(MenuItem):
    """A report's entry, shown to those who may read it."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def is_shown(self, request):
        return self.report.is_shown(request.user)


STALE_FIGURES = Report("stale_figures", "Stale figures", "warning", 100, (StaleFiguresReportView,))
CONTENT_PLAN = Report(
    "content_plan",
    "Content plan and links",
    "list-ul",
    101,
    (
        PlannedPagesReportView,
        NeedsASourceReportView,
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
                options = {
                    "report": report,
                    "index_url_name": url_name,
                    "index_results_url_name": f"{url_name}_results",
                }
                patterns += [
                    path(address, view.as_view(**options), name=name),
                    path(
                        f"{address}results/",
                        view.as_view(results_only=True, **options),
                        name=f"{name}_results",
                    ),
                ]
        return patterns

    def on_register(self):
        for report in self.reports:
            hooks.register("register_reports_menu_item", report.menu_item)


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
