"""The blocks a guide's body is built from."""

from django.template.loader import render_to_string
from django.utils.html import escape
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from guides.citations import Citation, distinct, passage_start, place_citations, unplaced_citations
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


class SourceChooserBlock(SnippetChooserBlock):
    """Chooses a source (a report or study) that a passage cites."""

    def __init__(self, **kwargs):
        super().__init__("guides.Source", **kwargs)


class CitationBlock(blocks.StructBlock):
    """One source a passage cites, and the claim in the passage that the source backs."""

    source = SourceChooserBlock()
    claim = blocks.CharBlock(
        required=False,
        max_length=255,
        search_index=False,
        help_text="The words of the passage this source backs, copied from it, e.g. “65 "
        "practitioners”. The citation shows right after them. Left blank, or if the words "
        "are not in the passage, it shows after the passage (the checks before publishing "
        "say so).",
    )

    class Meta:
        icon = "link"
        label = "Citation"


def citations_block():
    return blocks.ListBlock(
        CitationBlock(),
        default=[],
        label="Citations",
        help_text="The reports or studies this passage’s claims come from, each with the claim "
        "it backs. Each shows as a citation link at its claim and is listed in the guide’s "
        "structured data.",
    )


def needs_source_block():
    return blocks.CharBlock(
        required=False,
        max_length=255,
        search_index=False,
        label="Needs a source",
        help_text="A claim here that no source backs yet, in the passage’s own words. Readers "
        "never see this; the checks before publishing and Reports › Content plan list it "
        "until a source is chosen and this is cleared.",
    )


def citations_of(value):
    """The citations of a passage whose source still exists (a preview's value may have none)."""
    return [
        Citation(citation["source"], citation.get("claim") or "")
        for citation in value.get("citations") or []
        if citation and citation.get("source") is not None
    ]


def render_citation(sources):
    """The citation shown at a claim, “ (MIT NANDA, Jul 2025)”, its space inside it."""
    html = render_to_string("guides/includes/inline_citation.html", {"sources": sources})
    return html.strip("\n")


def cite_at_claims(html, value):
    """A passage's HTML with each citation at its claim, and the sources of the others."""
    html, unplaced = place_citations(html, citations_of(value), render_citation)
    return html, distinct([citation.source for citation in unplaced])


class CitedParagraphBlock(blocks.StructBlock):
    """A paragraph whose claims come from sources, each cited by a link at the claim it backs."""

    text = LiveRichTextBlock()
    citations = citations_block()
    needs_source = needs_source_block()

    class Meta:
        icon = "openquote"
        template = "guides/blocks/cited_paragraph.html"
        description = "A paragraph with citation links to its sources, at their claims"
        preview_value = {
            "text": "<p>A controlled study in 2025 found experienced developers were about "
            "19% slower on mature codebases when using AI tools.</p>",
            "citations": [],
            "needs_source": "",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["text"], context["sources"] = cite_at_claims(str(value["text"]), value)
        return context

    def cited_sources(self, value):
        return [citation.source for citation in citations_of(value)]

    def missing_sources(self, value):
        return [value["needs_source"]] if value.get("needs_source") else []

    def unplaced_citations(self, value):
        """(the passage's first words, Citation) of each citation shown after it."""
        html = getattr(value["text"], "source", value["text"])  # stored: no page look-ups
        return [(passage_start(html), c) for c in unplaced_citations(html, citations_of(value))]


class LabelledItemBlock(blocks.StructBlock):
    """An item of a labelled list: its bold lead, its sentence, and the sources it cites."""

    lead = blocks.CharBlock(max_length=120, help_text="Shown in bold")
    text = blocks.TextBlock()
    citations = citations_block()
    needs_source = needs_source_block()


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["items"] = [
            (item, *cite_at_claims(escape(item["text"]), item)) for item in value["items"]
        ]
        return context

    def cited_sources(self, value):
        return [citation.source for item in value["items"] for citation in citations_of(item)]

    def missing_sources(self, value):
        return [item["needs_source"] for item in value["items"] if item.get("needs_source")]

    def unplaced_citations(self, value):
        return [
            (passage_start(escape(f"{item['lead']} — {item['text']}")), citation)
            for item in value["items"]
            for citation in unplaced_citations(escape(item["text"]), citations_of(item))
        ]


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

    def cited_sources(self, value):
        return [stat.source for stat in value["statistics"] if stat and stat.source]

    def get_preview_value(self):
        # The chooser names its model as "guides.Statistic": guides.models imports this
        # module, so this module does not import guides.models.
        statistics = self.child_blocks["statistics"].child_block.model_class.objects.all()[:3]
        return {"caption": "Findings", "statistics": statistics, "note": ""}


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
    """A row of a comparison: the aspect, and how each option fares on it."""

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

    DEFAULT_HEADING = "Frequently asked questions"

    heading = blocks.CharBlock(max_length=100, default=DEFAULT_HEADING)

    class Meta:
        icon = "help"
        template = "guides/blocks/faq_section.html"
        preview_value = {"heading": "Frequently asked questions"}
        description = "The page’s FAQ entries, at this point in the body"

    def toc_entries(self, value):
        yield {"anchor": "faq", "text": value["heading"], "level": "h2"}


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide."""

    heading = HeadingBlock()
    paragraph = LiveRichTextBlock()
    cited_paragraph = CitedParagraphBlock()
    figure = FigureBlock()
    definition = DefinitionBlock()
    labelled_list = LabelledListBlock()
    statistics_table = StatisticsTableBlock()
    quote = QuoteBlock()
    comparison = ComparisonBlock()
    call_to_action = CallToActionBlock()
    faq_section = FaqSectionBlock()
