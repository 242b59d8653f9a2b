"""Spreadsheet exports that never hand a spreadsheet a formula.

Visitors write contact submissions and editors write statistics and page titles, and a
spreadsheet runs a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula (`=HYPERLINK(…)` planted for whoever opens the export). Every CSV the site
writes, in the admin or for visitors, quotes such cells with `formula_safe`. Wagtail's XLSX
export already stores such cells as text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A text cell that would start a formula, with a leading apostrophe, which spreadsheets
    read as "this is text" and do not show; any other value as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


class FormulaSafeExportMixin:
    """For a Wagtail view with spreadsheet export (an IndexView, a ReportView): its CSV text
    cells are `formula_safe`."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else value
