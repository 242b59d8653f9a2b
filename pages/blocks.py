"""StreamField blocks shared by every page type: headings, rich text and calls to action."""

import html

from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText

HEADING_LEVELS = [("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor feeds the table of contents and stays stable once saved."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2")
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Left blank, it is made from the heading when the page is saved. "
        "Changing it breaks links to this section.",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        preview_value = {"text": "When do you need a fractional AI CTO?", "level": "h2"}
        description = "A heading that appears in the table of contents"

    def toc_entries(self, value):
        yield {"anchor": value["anchor"], "text": value["text"], "level": value["level"]}


class LiveRichTextBlock(blocks.RichTextBlock):
    """Paragraphs of rich text, with the site's features, wrapper and preview."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/rich_text.html"
        preview_value = "<p>Wrapping an interface around a model API takes an afternoon.</p>"
        description = "Paragraphs, lists and links"


class CallToActionBlock(blocks.StructBlock):
    """A quiet call to action, by default to the contact page, with an optional second link."""

    heading = blocks.CharBlock(max_length=120)
    text = LiveRichTextBlock(required=False, features=["bold", "italic", "link"])
    link_text = blocks.CharBlock(max_length=60, default="Get in touch")
    page = blocks.PageChooserBlock(
        required=False,
        help_text="Left empty, it leads to /contact/. A page that is not live hides the "
        "whole call to action until it is published.",
    )
    secondary_page = blocks.PageChooserBlock(
        required=False,
        label="Second link",
        help_text="Optional: a quieter link after the button. Shown only while that page is live.",
    )
    secondary_text = blocks.CharBlock(
        required=False,
        max_length=120,
        label="Second link text",
        help_text="Left empty: the page’s title.",
    )

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"
        preview_value = {
            "heading": "Have an AI pilot that won’t ship?",
            "text": "<p>Tell us where it stalled.</p>",
            "link_text": "Get in touch",
        }
        description = "A quiet box with a button, usually to the contact page"


class ContactEmailBlock(blocks.StructBlock):
    """A sentence ending with Site settings' contact email, so no page keeps a stale copy."""

    text = blocks.CharBlock(
        max_length=200,
        help_text="The words before the address, such as “To have it deleted, write to”. "
        "Without a contact email in the site settings, “us through the contact form” follows.",
    )

    class Meta:
        icon = "mail"
        template = "components/blocks/contact_email.html"
        preview_value = {"text": "To see what we hold about you, or to have it deleted, write to"}
        description = "A sentence ending with the site’s contact email"


class AnalyticsStatementBlock(blocks.StaticBlock):
    """What the site counts about visits, from Site settings › Analytics, for the privacy page."""

    class Meta:
        icon = "view"
        template = "components/blocks/analytics_statement.html"
        admin_text = "What the site counts about visits, from the Analytics part of Site settings."
        label = "Analytics statement"
        description = "What the site counts about visits, as Site settings say"


class FigureBlock(blocks.StructBlock):
    """An image with alt text (or marked decorative) and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/figure.html"
        description = "An image with alt text and a caption"


class ProfileLinkBlock(blocks.StructBlock):
    """A link to a profile elsewhere, such as LinkedIn or GitHub."""

    label = blocks.CharBlock(max_length=60, help_text="For example: LinkedIn")
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
        template = "components/blocks/profile_link.html"
        preview_value = {"label": "LinkedIn", "url": "https://www.linkedin.com/"}


class CertificationBlock(blocks.StructBlock):
    """A certification (or a limit on one) as held: a footer line, linked to its record."""

    text = blocks.CharBlock(max_length=255)
    url = blocks.URLBlock(
        required=False,
        label="Public record",
        help_text="Optional: the address where anyone can check it, such as the registry’s "
        "entry. Left blank, the line shows as text.",
    )

    class Meta:
        icon = "success"
        template = "components/blocks/certification.html"
        preview_value = {"text": "A certification, stated exactly as it is held"}
        description = "A line of the footer, linked to its public record when one is given"


def unique_anchor(wanted, used, fallback):
    """The first of slug, slug-2 … of `wanted` (else `fallback`) not in `used`, added to it."""
    anchor = slugify(wanted)[:70] or fallback
    candidate, suffix = anchor, 2
    while candidate in used:
        candidate, suffix = f"{anchor}-{suffix}", suffix + 1
    used.add(candidate)
    return candidate


def leaves(value, skip=()):
    """Every leaf of a block value or of raw StreamField data, in order, but under `skip` keys."""
    if isinstance(value, blocks.StreamValue):
        value = [child.value for child in value]
    if isinstance(value, dict):
        value = [item for key, item in value.items() if key not in skip]
    if isinstance(value, list | tuple | blocks.list_block.ListValue):
        for item in value:
            yield from leaves(item, skip)
    else:
        yield value


def rich_texts_in(value):
    """Every stored rich text (its source HTML) inside a block value, however deeply nested."""
    return (leaf.source for leaf in leaves(value) if isinstance(leaf, RichText))


def stored_leaves(block, raw):
    """(block, stored value) for every leaf block in a StreamField's raw data, however nested."""
    if raw is None:
        return
    if isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child_block in block.child_blocks.items():
                yield from stored_leaves(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        if isinstance(raw, list):
            for item in raw:
                yield from stored_leaves(block.child_block, item["value"])
    elif isinstance(block, blocks.StreamBlock):
        if isinstance(raw, list):
            for item in raw:
                child_block = block.child_blocks.get(item.get("type"))
                if child_block is not None:
                    yield from stored_leaves(child_block, item.get("value"))
    else:
        yield block, raw


def stored_id(raw):
    return int(raw) if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()) else None


# Keys of stored blocks whose values are not words a visitor reads: a block's type and id,
# settings (an anchor, a heading level), addresses, chosen pages, the citations of a passage
# (a source and the claim it backs: words the passage itself holds), and the note to
# editors of a claim that still needs a source.
NOT_TEXT = {
    "type",
    "id",
    "anchor",
    "level",
    "url",
    "source_url",
    "page",
    "secondary_page",
    "citations",
    "needs_source",
}


def readable_strings(raw):
    """Every string a visitor reads in a StreamField's raw data, in order."""
    return (leaf for leaf in leaves(raw, NOT_TEXT) if isinstance(leaf, str))


def body_text(page):
    """The readable text of a page's body, from its stored data."""
    body = getattr(page, "body", None)
    if body is None:
        return ""
    texts = [html.unescape(strip_tags(text)) for text in readable_strings(list(body.raw_data))]
    return " ".join(" ".join(texts).split())


class StandardStreamBlock(blocks.StreamBlock):
    """The body of a standard page."""

    heading = HeadingBlock()
    paragraph = LiveRichTextBlock()
    figure = FigureBlock()
    call_to_action = CallToActionBlock()
    contact_email = ContactEmailBlock()
    analytics_statement = AnalyticsStatementBlock()
