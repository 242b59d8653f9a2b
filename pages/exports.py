"""Every CSV the site writes passes its cells through `formula_safe`: visitors and editors
write them, and a cell starting with `=`, `+`, `-`, `@`, a tab or a CR runs as a formula."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A text cell that would start a formula, behind an apostrophe (read as "text", unshown)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


class FormulaSafeExportMixin:
    """For a Wagtail view with spreadsheet export (an IndexView, a ReportView): its CSV text
    cells are `formula_safe` (Wagtail's XLSX stores them as text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else value
