"""The columns the guide reports' tables share (pages/admin_reports.py is their view)."""

from wagtail.admin.ui.tables import Column, TitleColumn

from guides.usage import pages_referencing
from pages.admin_reports import page_edit_url


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


class ReferencedMixin:
    """Gives each row shown the pages whose content refers to it, as `referenced_by`."""

    live_pages_only = False

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        pages = pages_referencing(rows, live_only=self.live_pages_only)
        for row in rows:
            row.referenced_by = pages[row.pk]
        return rows


# A page: its title, linked to its editor, its address and its type.
PAGE_COLUMNS = [
    TitleColumn("title", label="Page", get_url=page_edit_url),
    Column("url", label="Address", classname="wrap-anywhere"),
    Column("get_verbose_name", label="Type"),
]
