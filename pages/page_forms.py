"""The page editor's form: Wagtail's, with the "Minor fix" tick that every page has."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class BasePageForm(WagtailAdminPageForm):
    """Every page type's edit form. "Minor fix" is not stored: it says how the save it comes
    with is published (pages/changes.py)."""

    minor_fix = forms.BooleanField(
        required=False,
        label="Minor fix: keep the “Updated” date",
        help_text="Tick it for a correction a reader would not count as an update, such as "
        "a typo, then publish. Left unticked, publishing a change to what readers see moves "
        "the “Updated” date, the sitemap and the feed to now.",
    )

    def save(self, commit=True):
        page = super().save(commit=commit)
        page.minor_fix = self.cleaned_data.get("minor_fix", False)
        return page
