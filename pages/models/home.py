from django.db import models
from wagtail.admin.panels import MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import StandardStreamBlock

from .base import BasePage


class HomePage(BasePage):
    """The home page: who it is for, how to engage, who runs it, a guide, a call to action."""

    headline = models.CharField(
        max_length=120,
        blank=True,
        help_text="The page’s main heading: who this is for and what they get, at a glance. "
        "Left blank, the title.",
    )
    introduction = RichTextField(
        features=["bold", "italic", "link"], help_text="The sentence or two under the heading."
    )
    body = StreamField(
        StandardStreamBlock(),
        blank=True,
        help_text="The sections between the introduction and the featured guide.",
    )
    featured_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The guide featured after the sections. Shown only while it is live.",
    )
    featured_text = models.TextField(blank=True)
    featured_link = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Second link",
        help_text="Optional: a link under the featured guide, such as its self-assessment. "
        "Shown only while that page is live.",
    )
    featured_link_text = models.CharField(
        "Second link text", max_length=120, blank=True, help_text="Left blank, the page’s title."
    )
    cta_heading = models.CharField("Call to action heading", max_length=120, blank=True)
    cta_text = models.TextField("Call to action text", blank=True)
    cta_link_text = models.CharField(
        "Button text",
        max_length=60,
        default="Get in touch",
        help_text="The button under the introduction and in the call to action at the end. "
        "Both lead to the contact page.",
    )

    content_panels = [
        *BasePage.content_panels,
        "headline",
        "introduction",
        "body",
        MultiFieldPanel(
            ["featured_page", "featured_text", "featured_link", "featured_link_text"], "Featured"
        ),
        MultiFieldPanel(["cta_heading", "cta_text", "cta_link_text"], "Call to action"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    # The home page sums up the other pages (its headings name the pilot, the operator, the
    # ways to engage), so a search finds the page about the subject instead; every page
    # links home anyway.
    search_only_when_alone = True

    @property
    def heading(self):
        return self.headline or self.title

    def body_sections(self):
        """The body's blocks in sections, each starting at a heading, set side by side."""
        sections = []
        for block in self.body:
            if block.block_type == "heading" or not sections:
                sections.append([])
            sections[-1].append(block)
        return sections
