"""The guide pages: the index, pillars with their clusters, and the site-wide FAQ."""

from collections import defaultdict
from itertools import groupby

from django.db import models
from django.http import HttpResponse
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guides.blocks import GuideStreamBlock
from guides.panels import ContentChecksPanel, LinkSuggestionsPanel
from pages.markdown import markdown_copy
from pages.models import BasePage
from pages.visibility import visible_pages

from .article import ArticleMixin
from .evidence import EvidencePage
from .faq import FaqEntry, FaqMixin


class GuideIndexPage(BasePage):
    """/guides/: every pillar guide with its clusters."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["guides.GuidePage"]
    max_count = 1

    def pillars_with_clusters(self):
        pillars = list(visible_pages(GuidePage.objects.child_of(self)).order_by("path"))
        clusters = visible_pages(GuidePage.objects.descendant_of(self)).filter(depth=self.depth + 2)
        by_parent = defaultdict(list)
        for cluster in clusters.order_by("path"):
            by_parent[cluster.path[: -cluster.steplen]].append(cluster)
        return [(pillar, by_parent[pillar.path]) for pillar in pillars]


class GuidePage(FaqMixin, ArticleMixin, BasePage):
    """A guide: a pillar under the guide index, or a cluster under a pillar."""

    body = StreamField(GuideStreamBlock(), blank=True)
    author = models.ForeignKey(
        "guides.ProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guides",
        help_text="The person in the byline: their profile page, under About. Left empty, "
        "the guide is the organisation’s.",
    )
    first_published = models.DateField(
        null=True,
        blank=True,
        help_text="Only for a guide first published elsewhere: the day it was. Left blank, "
        "the day it was first published here. (The “Updated” date is kept by the system.)",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The day someone checked the whole guide, its claims and sources. Shown as "
        "“Reviewed <date>” under the title.",
    )
    reviewed_by = models.ForeignKey(
        "guides.ProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who reviewed it: their profile page. Shown as “by <name>” after the date.",
    )

    content_panels = [
        ContentChecksPanel(heading="Checks before publishing"),
        LinkSuggestionsPanel(heading="Links to add"),
        *BasePage.content_panels,
        "author",
        "body",
        InlinePanel("faq_entries", heading="FAQ entries", label="FAQ entry"),
        InlinePanel("related_guides", heading="Related guides", label="Related guide"),
    ]
    settings_panels = [
        MultiFieldPanel(
            ["first_published", FieldPanel("minor_fix"), "last_reviewed", "reviewed_by"],
            "Dates shown on the guide",
        ),
        *BasePage.settings_panels[1:],  # its own "Minor fix" tick is in the panel above
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        # The FAQ entries visitors see; not those awaiting an answer.
        index.SearchField("faq_search_text"),
    ]
    parent_page_types = ["guides.GuideIndexPage", "guides.GuidePage"]
    subpage_types = ["guides.GuidePage", "guides.AssessmentPage"]

    @classmethod
    def can_create_at(cls, parent):
        # Only two levels: pillars under the index, clusters under a pillar.
        return super().can_create_at(parent) and (
            parent.specific_class is not GuidePage
            or parent.get_parent().specific_class is GuideIndexPage
        )

    def can_move_to(self, parent):
        return super().can_move_to(parent) and type(self).can_create_at(parent)

    @property
    def preview_modes(self):
        return [*super().preview_modes, ("markdown", "Markdown copy")]

    def serve_preview(self, request, mode_name):
        if mode_name == "markdown":
            text = markdown_copy(self, request)
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return super().serve_preview(request, mode_name)

    @property
    def is_pillar(self):
        return self.breadcrumbs()[-2][1].specific_class is GuideIndexPage

    @property
    def pillar(self):
        return None if self.is_pillar else self.breadcrumbs()[-2][1]

    def clusters(self):
        return visible_pages(GuidePage.objects.child_of(self)).order_by("path")

    def related_guide_pages(self):
        """The related guides that visitors may see (live, not private), in the editor's order."""
        # By id: in a preview, the rows are filtered in memory (modelcluster).
        visible = visible_pages().values_list("id", flat=True)
        links = self.related_guides.filter(guide__id__in=visible).select_related("guide")
        return [link.guide for link in links]

    def read_next(self):
        """The list at the foot of the guide (docs/architecture.md, "Read next")."""
        if self.is_pillar:
            shown, more = {self.pk, *self.clusters().values_list("pk", flat=True)}, []
        else:
            siblings = GuidePage.objects.sibling_of(self, inclusive=False)
            shown, more = {self.pk}, list(visible_pages(siblings).order_by("path"))
        candidates = [*self.related_guide_pages(), *more]
        guides = list({guide.pk: guide for guide in candidates if guide.pk not in shown}.values())
        pillar = self.pillar
        in_pillar = pillar is not None and all(
            guide.path[: -guide.steplen] == pillar.path for guide in guides
        )
        heading = f"More in {in_a_sentence(pillar.title)}" if in_pillar else "Read next"
        return {"heading": heading, "guides": guides}

    @cached_property
    def lead_definition(self):
        """The definition box that opens the body, if it does: the template puts it right after
        the title, so that tools reading in source order meet the answer first."""
        return self.body[0] if self.body and self.body[0].block_type == "definition" else None

    def body_after_lead(self):
        return list(self.body)[1:] if self.lead_definition else list(self.body)

    @property
    def ends_with_call_to_action(self):
        """Whether the body ends with a call to action; if not, the site settings' closes it."""
        return bool(self.body) and self.body[-1].block_type == "call_to_action"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Callables, so that nothing is queried when the content comes from cache.
        context["faq_entries"] = self.faq_list
        context["read_next"] = self.read_next
        # Linked under each statistics table (templates/guides/blocks/statistics_table.html).
        context["evidence_page"] = lambda: EvidencePage.for_site_of(self)
        return context


def in_a_sentence(title):
    """A title as it reads inside a sentence: only a leading article is lower-cased."""
    first, space, rest = title.partition(" ")
    if first in {"The", "A", "An"} and rest:
        return first.lower() + space + rest
    return title


class RelatedGuide(Orderable):
    """A guide the editor lists first under “Read next” at the foot of a guide."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="related_guides")
    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("guide")]


class FaqIndexPage(BasePage):
    """/faq/: the answered questions of the Site's indexable guides, each linked to its guide."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    def faq_groups(self):
        """(guide, its entries) for every visible guide with FAQ entries."""
        site_pages = Page.objects.filter(path__startswith=self.path[: -self.steplen])  # under home
        entries = (
            FaqEntry.objects.filter(
                page__in=visible_pages(site_pages), page__noindex=False, awaiting_answer=False
            )
            .select_related("page")
            .order_by("page__path", "sort_order")
        )
        return [(page, list(group)) for page, group in groupby(entries, key=lambda e: e.page)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["faq_groups"] = self.faq_groups
        return context
