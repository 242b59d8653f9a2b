from wagtail.fields import StreamField
from wagtail.search import index

from pages.blocks import StandardStreamBlock

from .base import BasePage


class StandardPage(BasePage):
    """A plain content page, such as how engagements work or the federal practice."""

    body = StreamField(StandardStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, "body"]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
