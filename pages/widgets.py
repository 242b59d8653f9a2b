"""Editor widgets that count a search-result field's characters as the editor types: advice,
never a limit (static/js/character-count.js, loaded as media: no inline script)."""

from django import forms
from django.utils.html import format_html
from wagtail.admin.widgets import AdminAutoHeightTextInput


class CharacterCount:
    """Shows under a text field how many characters it holds, and the range search results
    show (`low` to `high`). `blank` says what is used when the field is left empty."""

    def __init__(self, *, low, high, blank, attrs=None):
        super().__init__(attrs)
        self.low, self.high, self.blank = low, high, blank

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        # The input events of the field bubble up to the controller on the wrapper.
        return format_html(
            '<div data-controller="character-count" data-action="input->character-count#update"'
            ' data-character-count-low-value="{}" data-character-count-high-value="{}"'
            ' data-character-count-blank-value="{}">{}<p class="w-field__help"'
            ' data-character-count-target="output" aria-live="polite"></p></div>',
            self.low,
            self.high,
            self.blank,
            field,
        )

    @property
    def media(self):
        return super().media + forms.Media(js=["js/character-count.js"])


class CountedTextInput(CharacterCount, forms.TextInput):
    pass


class CountedTextarea(CharacterCount, AdminAutoHeightTextInput):
    pass
