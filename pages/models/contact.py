from wagtail.fields import RichTextField

from .base import BasePage


class ContactPage(BasePage):
    """The contact page, with the lead form."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)
    thank_you_text = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*BasePage.content_panels, "introduction", "thank_you_text"]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    def rich_text_sources(self):
        return [self.introduction, self.thank_you_text]
