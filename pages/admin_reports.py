"""What every admin report shares: its table view, tabs, downloads, menu entry and addresses."""

from dataclasses import dataclass
from functools import partial

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from pages.exports import FormulaSafeExportMixin


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def pages_by_address(site, request):
    """{address: page} for the Site's pages, each address percent-encoded as a browser sends
    it; a page under another Site's root, even nested in this Site's tree, is that Site's."""
    pages = {}
    fields = ("id", "title", "live", "url_path", "depth", "path")
    for page in Page.objects.filter(depth__gt=1).only(*fields):
        url = page.get_url_parts(request)
        if url and url[0] == site.pk:
            pages[url[2]] = page
    return pages


class ReportTableView(FormulaSafeExportMixin, ReportView):
    """A table in a report, with CSV and XLSX downloads (formulas quoted); for page editors."""

    template_name = "reports/report.html"
    results_template_name = "reports/report_results.html"
    permission_model = Page
    any_permission_required = ["add", "change", "publish"]
    tab_label = ""  # its tab, in a report of several tables
    slug = ""  # its address under the report's, unless it is the report's first table
    help_text = ""  # what the table shows and what an editor does about it
    export_columns = None  # the downloads' columns, when not the table's
    report = None  # the Report it is part of, given by its ReportsViewSet

    # A cell listing pages, in a download, holds their titles.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        list: {kind: lambda items: ", ".join(map(str, items)) for kind in ReportView.FORMATS},
    }

    @classmethod
    def may_read(cls, user):
        policy = policy_registry.get_by_type(cls.permission_model)
        return policy.user_has_any_permission(user, cls.any_permission_required)

    def user_has_any_permission(self, permissions):
        return self.may_read(self.request.user)

    @cached_property
    def list_export(self):
        return [column.name for column in self.export_columns or self.columns]

    @cached_property
    def export_headings(self):
        return {column.name: column.label for column in self.export_columns or self.columns}

    def get_filename(self):
        return slugify(f"{self.get_page_title()} {self.get_page_subtitle()}")

    def get_page_subtitle(self):
        return self.tab_label if len(self.report.tables) > 1 else ""

    def report_tabs(self):
        """(label, address, is this one) of every table in the report, if it has several."""
        if len(self.report.tables) < 2:
            return []
        return [
            (view.tab_label, reverse(url_name), url_name == self.index_url_name)
            for view, url_name, _ in self.report.routes()
        ]


@dataclass(frozen=True)
class Report:
    """An entry in the Reports menu: one table, or several shown as tabs."""

    name: str  # its address under its viewset's, and the URL name of its first table
    label: str
    icon: str
    order: int
    tables: tuple  # ReportTableView classes, in the order of their tabs
    namespace: str  # its viewset's name

    def routes(self):
        """(view class, URL name, address) of each table: the first at the report's own."""
        base = self.name.replace("_", "-")
        for index, view in enumerate(self.tables):
            name = self.name if index == 0 else f"{self.name}_{view.slug.replace('-', '_')}"
            address = f"{base}/" if index == 0 else f"{base}/{view.slug}/"
            yield view, f"{self.namespace}:{name}", address


class ReportMenuItem(MenuItem):
    """A report's entry, shown to those who may read its first table."""

    def __init__(self, report):
        url = reverse(f"{report.namespace}:{report.name}")
        name = report.name.replace("_", "-")
        super().__init__(report.label, url, name=name, icon_name=report.icon, order=report.order)
        self.report = report

    def is_shown(self, request):
        return self.report.tables[0].may_read(request.user)


class ReportsViewSet(ViewSet):
    """Its reports' tables, each at its address and its results', and their menu entries."""

    reports = ()

    def get_urlpatterns(self):
        patterns = []
        for report in self.reports:
            for view, url_name, address in report.routes():
                as_view = partial(
                    view.as_view,
                    report=report,
                    page_title=report.label,
                    header_icon=report.icon,
                    index_url_name=url_name,
                    index_results_url_name=f"{url_name}_results",
                )
                name = url_name.split(":")[1]
                patterns += [
                    path(address, as_view(), name=name),
                    path(f"{address}results/", as_view(results_only=True), name=f"{name}_results"),
                ]
        return patterns

    def on_register(self):
        for report in self.reports:
            hooks.register("register_reports_menu_item", partial(ReportMenuItem, report))
