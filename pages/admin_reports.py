"""What every admin report shares (guides/reports/, analytics/): a table on Wagtail's
ReportView with its help text, tabs and CSV and XLSX downloads, a report's entry in the
Reports menu, the addresses of both, and a Site's pages by address. The templates are in
templates/reports/."""

from dataclasses import dataclass

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

PAGE_PERMISSIONS = ["add", "change", "publish"]


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def pages_by_address(site, request):
    """{address: page} for the Site's pages, each address as its URL writes it (and a
    browser sends it: percent-encoded), to name a counted address. A page under another
    Site's root, even one nested in this Site's tree, is that Site's. The request keeps
    Wagtail's Site root paths for the whole loop."""
    pages = {}
    fields = ("id", "title", "live", "url_path", "depth", "path")
    for page in Page.objects.filter(depth__gt=1).only(*fields):
        url = page.get_url_parts(request)
        if url and url[0] == site.pk:
            pages[url[2]] = page
    return pages


class ReportTableView(FormulaSafeExportMixin, ReportView):
    """A table in a report. Its downloads hold its columns (or `export_columns`) under the
    same headings, with formulas quoted (pages/exports.py). It needs the permissions to edit
    pages unless it says otherwise."""

    template_name = "reports/report.html"
    results_template_name = "reports/report_results.html"
    permission_model = Page
    any_permission_required = PAGE_PERMISSIONS
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

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["report_tabs"] = self.report_tabs()
        return context


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

    def is_shown(self, user):
        return self.tables[0].may_read(user)

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


class ReportsViewSet(ViewSet):
    """Its reports' addresses, each table's page and the results its filters reload, and
    their entries in the Reports menu."""

    reports = ()

    def get_urlpatterns(self):
        patterns = []
        for report in self.reports:
            for view, url_name, address in report.routes():
                name = url_name.split(":")[1]
                options = {
                    "report": report,
                    "page_title": report.label,
                    "header_icon": report.icon,
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
