"""StreamField data operations that migrations use (Wagtail's MigrateStreamData)."""

from django.utils.deconstruct import deconstructible
from django.utils.html import escape, linebreaks
from wagtail.blocks.migrations.operations import BaseBlockOperation


@deconstructible
class PlainTextToRichText(BaseBlockOperation):
    """A block value that was plain text (a TextBlock) becomes rich text: its paragraphs,
    escaped. A value that is rich text already, or empty, is left as it is."""

    def apply(self, block_value):
        if not block_value or block_value.lstrip().startswith("<"):
            return block_value
        return linebreaks(escape(block_value))

    @property
    def operation_name_fragment(self):
        return "plain_text_to_rich_text"
