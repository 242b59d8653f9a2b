from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class FaqEntry(Orderable):
    """A question and its answer on a guide. The visible FAQ and its structured data both
    come from these rows."""

    page = ParentalKey("guides.GuidePage", on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=255)
    answer = RichTextField(features=["bold", "italic", "link", "ul", "ol"])
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Left blank, it is made from the question when the page is saved.",
    )

    panels = ["question", "answer", "anchor"]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question
