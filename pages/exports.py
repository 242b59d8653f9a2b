"""Spreadsheet exports from the admin that never hand a spreadsheet a formula.

Visitors write contact submissions and editors write statistics and page titles, and a
spreadsheet runs a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula (`=HYPERLINK(…)` planted for whoever opens the export). Every admin view that
exports uses this one mixin. Wagtail's XLSX export already stores such cells as text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class FormulaSafeExportMixin:
    """For a Wagtail view with spreadsheet export (an IndexView, a ReportView): a CSV text
    cell that would start a formula is quoted with a leading apostrophe, which spreadsheets
    read as "this is text" and do not show."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        is_text = export_format == self.FORMAT_CSV and isinstance(value, str)
        return "'" + value if is_text and value.startswith(FORMULA_PREFIXES) else value
