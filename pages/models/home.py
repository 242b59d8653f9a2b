from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from .base import BasePage


class HomePage(BasePage):
    """The home page: who Truvisory is, the flagship guide, and the way to get in touch."""

    introduction = RichTextField(features=["bold", "italic", "link"])
    featured_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The guide featured under the introduction.",
    )
    featured_text = models.TextField(blank=True)
    cta_heading = models.CharField("Call to action heading", max_length=120, blank=True)
    cta_text = models.TextField("Call to action text", blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("featured_page"), FieldPanel("featured_text")], "Featured"),
        MultiFieldPanel([FieldPanel("cta_heading"), FieldPanel("cta_text")], "Call to action"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def rich_text_sources(self):
        return [self.introduction]
