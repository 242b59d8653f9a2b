"""The one base page: SEO and social fields, breadcrumbs and the table of contents."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import assign_heading_anchors, rich_text_sources, table_of_contents
from pages.richtext import prefetch_page_links


class BasePage(Page):
    """Fields and behaviour that every page on the site shares."""

    summary = models.TextField(
        blank=True,
        help_text="One or two sentences shown in listings, and as the search description "
        "when that is left blank.",
    )
    noindex = models.BooleanField(
        default=False,
        verbose_name="Hide from search engines",
        help_text="Adds a noindex robots tag and leaves the page out of the sitemap.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Left empty, a card with the title is made.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("noindex"), FieldPanel("social_image")], "Search and sharing"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary", boost=2)]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        body = getattr(self, "body", None)
        if body is not None:
            assign_heading_anchors(body, reserved=self.reserved_anchors())

    def reserved_anchors(self):
        """Anchors that the page template uses itself, so headings must avoid them."""
        return {"main", "contents"}

    def breadcrumbs(self):
        """The pages from the home page down to this one's parent."""
        return list(self.get_ancestors().filter(depth__gt=1).specific(defer=True))

    def table_of_contents(self):
        body = getattr(self, "body", None)
        return table_of_contents(body) if body is not None else []

    def rich_text_sources(self):
        """Stored rich text on this page, resolved together before rendering."""
        body = getattr(self, "body", None)
        return list(rich_text_sources(body)) if body is not None else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_page_links(request, self.rich_text_sources())
        return context
