"""FAQ entries: the rows of questions and answers on a guide, and what a page with them does."""

import re

from django.db import models
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.rich_text import RichText

from guides.blocks import FaqSectionBlock
from guides.citations import plain_text
from pages.blocks import unique_anchor

# Where one sentence ends and the next begins: after . ! or ? and a space, before a capital,
# a digit or an opening quotation mark.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"'(])")


def sentences(text):
    """The sentences of a plain text, in order."""
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


class FaqEntry(Orderable):
    """A question and its answer on a guide, for its FAQ, its FAQPage data and /faq/."""

    page = ParentalKey("guides.GuidePage", on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=255)
    answer = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    short_answer = models.CharField(
        max_length=200,
        blank=True,
        help_text="One sentence, in other words than the answer: /faq/ shows it under the "
        "question, linked to the full answer here. Left blank, /faq/ shows the answer’s first "
        "sentence, which repeats the guide word for word.",
    )
    awaiting_answer = models.BooleanField(
        "Awaiting an answer",
        default=False,
        help_text="Keep the question back until it has an answer: visitors, search engines, "
        "the markdown copy and /faq/ don’t see it. The content plan report lists it.",
    )
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Left blank, it is made from the question when the page is saved.",
    )

    panels = ["question", "answer", "short_answer", "awaiting_answer", "anchor"]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question

    def answer_text(self):
        return plain_text(self.answer)

    def short_answer_or_first_sentence(self):
        """What /faq/ shows: the editor's short answer, else the answer's first sentence."""
        first_sentence = (sentences(self.answer_text()) or [""])[0]
        return self.short_answer.strip() or first_sentence


class FaqMixin:
    """A page with FAQ entries: where the body's FAQ section block is, else at its end."""

    FAQ_HEADING = FaqSectionBlock.DEFAULT_HEADING

    def faq_list(self):
        """The rows visitors see, loaded once per render. (Filtered in memory, so that a
        preview's unsaved rows are filtered too.)"""
        if not hasattr(self, "_faq_list"):
            self._faq_list = self.visible_faq_entries()
        return self._faq_list

    def visible_faq_entries(self):
        """The rows visitors see, read afresh each call (faq_list() keeps them per render)."""
        return [entry for entry in self.faq_entries.all() if not entry.awaiting_answer]

    def faq_search_text(self):
        """The questions and answers visitors see, as plain text (search, thin-page count)."""
        return " ".join(
            f"{entry.question} {entry.answer_text()}" for entry in self.visible_faq_entries()
        )

    @property
    def has_faq_section(self):
        return any(isinstance(child.block, FaqSectionBlock) for child in self.body)

    def clean(self):
        super().clean()
        used = {child.value["anchor"] for child in self.body if child.block_type == "heading"}
        used |= self.reserved_anchors()
        for entry in self.faq_entries.all():
            entry.anchor = unique_anchor(entry.anchor or entry.question, used, "question")

    def reserved_anchors(self):
        return super().reserved_anchors() | {"faq", "related"}

    def table_of_contents(self):
        entries = super().table_of_contents()
        if not self.has_faq_section and self.faq_list():
            entries.append({"anchor": "faq", "text": self.FAQ_HEADING, "level": "h2"})
        return entries

    def rich_texts(self):
        return [*super().rich_texts(), *(entry.answer for entry in self.faq_list())]

    def search_texts(self):
        entries = self.visible_faq_entries()
        return [
            *super().search_texts(),
            *(("question", entry.question) for entry in entries),
            *(("body", strip_tags(entry.answer)) for entry in entries),
        ]

    def structured_data_nodes(self, request, url, base, image_url):
        nodes = super().structured_data_nodes(request, url, base, image_url)
        if self.faq_list():
            # From the same rows, rendered the same way, as the visible FAQ section.
            questions = [
                {
                    "@type": "Question",
                    "@id": f"{url}#{entry.anchor}",
                    "name": entry.question,
                    "acceptedAnswer": {"@type": "Answer", "text": str(RichText(entry.answer))},
                }
                for entry in self.faq_list()
            ]
            nodes.append(
                {"@type": "FAQPage", "@id": f"{url}#faq", "url": url, "mainEntity": questions}
            )
        return nodes
