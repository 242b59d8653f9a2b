from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import BasePage


class HomePage(BasePage):
    """The home page: who Truvisory is, the flagship guide, and the way to get in touch."""

    fragment_cacheable = True

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

    def route(self, request, path_components):
        # Find the page for the whole path in one look-up, instead of two queries for
        # every level of the tree. Anything else (such as a sub-route of a routable
        # page) falls back to Wagtail's own routing.
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path).specific().first()
            if page is not None:
                return page.route(request, [])  # raises Http404 for a page that is not live
        return super().route(request, path_components)
