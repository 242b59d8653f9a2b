"""The blocks a guide's body is built from."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from pages.blocks import CallToActionBlock, FigureBlock, HeadingBlock, LiveRichTextBlock


class DefinitionBlock(blocks.StructBlock):
    """A definition box that states what a term means, usually at the top of a guide."""

    term = blocks.CharBlock(max_length=100)
    definition = LiveRichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "doc-full"
        template = "guides/blocks/definition.html"
        preview_value = {
            "term": "Fractional AI CTO",
            "definition": "<p>A fractional AI CTO is a part-time, senior technology leader.</p>",
        }
        description = "A boxed definition of a term"


class LabelledItemBlock(blocks.StructBlock):
    lead = blocks.CharBlock(max_length=120, help_text="Shown in bold")
    text = blocks.TextBlock()


class LabelledListBlock(blocks.StructBlock):
    """A list whose items start with a bold lead, like the list of competencies."""

    items = blocks.ListBlock(LabelledItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "guides/blocks/labelled_list.html"
        preview_value = {
            "items": [
                {"lead": "Inference cost control", "text": "caching and model routing."},
                {"lead": "Data and vector infrastructure", "text": "embeddings and pipelines."},
            ]
        }
        description = "Items with a bold lead and a sentence each"


class StatisticChooserBlock(SnippetChooserBlock):
    """Chooses a statistic, loading its source in the same query."""

    def __init__(self, **kwargs):
        super().__init__("guides.Statistic", **kwargs)

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        found = self.model_class.objects.select_related("source").in_bulk(ids)
        return [found.get(value) for value in values]

    def get_searchable_content(self, value):
        return [value.finding, value.figure] if value else []


class StatisticsTableBlock(blocks.StructBlock):
    """A table of sourced statistics, chosen and ordered by the editor."""

    caption = blocks.CharBlock(max_length=200)
    statistics = blocks.ListBlock(StatisticChooserBlock(), min_num=1)
    note = LiveRichTextBlock(required=False, features=["bold", "italic", "link"])

    class Meta:
        icon = "table"
        template = "guides/blocks/statistics_table.html"
        description = "Statistics with their figures, sources and dates"

    def get_preview_value(self):
        from guides.models import Statistic

        return {"caption": "Findings", "statistics": Statistic.objects.all()[:3], "note": ""}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution and, where there is one, a link to the source."""

    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=200)
    source_url = blocks.URLBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "guides/blocks/quote.html"
        preview_value = {
            "quote": "Almost right, but not quite.",
            "attribution": "A large developer survey",
        }
        description = "A quotation with attribution"


class ComparisonRowBlock(blocks.StructBlock):
    aspect = blocks.CharBlock(max_length=120)
    first = blocks.TextBlock()
    second = blocks.TextBlock()


class ComparisonBlock(blocks.StructBlock):
    """Two options compared side by side, aspect by aspect."""

    caption = blocks.CharBlock(max_length=200)
    first_label = blocks.CharBlock(max_length=80)
    second_label = blocks.CharBlock(max_length=80)
    rows = blocks.ListBlock(ComparisonRowBlock(), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "guides/blocks/comparison.html"
        preview_value = {
            "caption": "Advise or build",
            "first_label": "Advisory fractional CTO",
            "second_label": "Build-capable fractional CTO",
            "rows": [{"aspect": "Writes code", "first": "No", "second": "Yes"}],
        }
        description = "A side-by-side comparison table"


class FaqSectionBlock(blocks.StructBlock):
    """Marks where the page's FAQ entries appear. The entries are edited in the FAQ panel."""

    heading = blocks.CharBlock(max_length=100, default="Frequently asked")

    class Meta:
        icon = "help"
        template = "guides/blocks/faq_section.html"
        preview_value = {"heading": "Frequently asked"}
        description = "The page's FAQ entries, at this point in the body"

    def toc_entries(self, value):
        yield {"anchor": "faq", "text": value["heading"], "level": "h2"}


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide."""

    heading = HeadingBlock()
    paragraph = LiveRichTextBlock()
    figure = FigureBlock()
    definition = DefinitionBlock()
    labelled_list = LabelledListBlock()
    statistics_table = StatisticsTableBlock()
    quote = QuoteBlock()
    comparison = ComparisonBlock()
    call_to_action = CallToActionBlock()
    faq_section = FaqSectionBlock()
