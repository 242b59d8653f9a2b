"""What every guide report shares: its view, a report's place in the Reports menu, and the
columns the tables use. Visitors never see any of this."""

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from pages.exports import FormulaSafeExportMixin

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


# A page: its title, linked to its editor, its address and its type.
PAGE_COLUMNS = [
    TitleColumn("title", label="Page", get_url=page_edit_url),
    Column("url", label="Address", classname="wrap-anywhere"),
    Column("get_verbose_name", label="Type"),
]


class GuideReportView(FormulaSafeExportMixin, ReportView):
    """A table in the guide reports. Its rows come from `get_queryset`, a queryset or a
    list; its columns are also what its CSV and XLSX downloads hold, under the same headings,
    with formulas quoted (pages/exports.py).
    It needs the permissions to edit pages unless it says otherwise."""

    template_name = "reports/report.html"
    results_template_name = "reports/report_results.html"
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

    def get_header_icon(self):
        return self.report.icon

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


@dataclass(frozen=True)
class Report:
    """An entry in the Reports menu: one table, or several shown as tabs."""

    name: str  # its address under its viewset's, and the URL name of its first table
    label: str
    icon: str
    order: int
    tables: tuple  # GuideReportView classes, in the order of their tabs
    namespace: str = "guides_reports"  # its viewset's name

    def routes(self):
        """(view class, URL name, address) of each table: the first at the report's own."""
        base = self.name.replace("_", "-")
        for index, view in enumerate(self.tables):
            name = self.name if index == 0 else f"{self.name}_{view.slug.replace('-', '_')}"
            address = f"{base}/" if index == 0 else f"{base}/{view.slug}/"
            yield view, f"{self.namespace}:{name}", address

    def is_shown(self, user):
        view = self.tables[0]
        policy = policy_registry.get_by_type(view.permission_model)
        return policy.user_has_any_permission(user, view.any_permission_required)

    def menu_item(self):
        return ReportMenuItem(
            self.label,
            reverse(f"{self.namespace}:{self.name}"),
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
