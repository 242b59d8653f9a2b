"""The guide pages: the index, pillars with their clusters, and the site-wide FAQ."""

import datetime
import math
from itertools import groupby

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guides.blocks import FaqSectionBlock, GuideStreamBlock
from guides.panels import ContentChecksPanel
from pages.blocks import stream_strings, unique_anchor
from pages.markdown import markdown_copy
from pages.models import BasePage
from pages.richtext import render_rich_text
from pages.seo import canonical_url

from .faq import FaqEntry

WORDS_PER_MINUTE = 230


class GuideIndexPage(BasePage):
    """/guides/: every pillar guide with its clusters."""

    fragment_cacheable = True

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["guides.GuidePage"]
    max_count = 1

    def pillars_with_clusters(self):
        pillars = list(GuidePage.objects.child_of(self).live().order_by("path"))
        clusters = GuidePage.objects.live().descendant_of(self).filter(depth=self.depth + 2)
        by_parent = {
            parent_path: list(children)
            for parent_path, children in groupby(
                clusters.order_by("path"), key=lambda page: page.path[: -page.steplen]
            )
        }
        return [(pillar, by_parent.get(pillar.path, [])) for pillar in pillars]


class GuidePage(BasePage):
    """A guide. As a child of the guide index it is a pillar; as a child of a pillar, a
    cluster. Breadcrumbs, listings and structured data all follow from that place."""

    fragment_cacheable = True

    body = StreamField(GuideStreamBlock(), blank=True)
    author = models.ForeignKey(
        "guides.Author", null=True, blank=True, on_delete=models.SET_NULL, related_name="guides"
    )
    first_published = models.DateField(null=True, blank=True)
    last_updated = models.DateField(
        "Last substantively updated",
        null=True,
        blank=True,
        help_text="Change this only for an update that matters to a reader, not a typo fix.",
    )
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [
        ContentChecksPanel(heading="Checks before publishing"),
        *BasePage.content_panels,
        FieldPanel("author"),
        "body",
        InlinePanel("faq_entries", heading="FAQ entries", label="FAQ entry"),
        InlinePanel("related_guides", heading="Related guides", label="Related guide"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("first_published"),
                FieldPanel("last_updated"),
                FieldPanel("last_reviewed"),
            ],
            "Dates shown on the guide",
        ),
        *BasePage.settings_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.RelatedFields(
            "faq_entries", [index.SearchField("question"), index.SearchField("answer")]
        ),
    ]
    parent_page_types = ["guides.GuideIndexPage", "guides.GuidePage"]
    subpage_types = ["guides.GuidePage", "guides.AssessmentPage"]

    def search_texts(self):
        entries = list(self.faq_entries.all())
        return [
            *super().search_texts(),
            *(("question", entry.question) for entry in entries),
            *(("body", strip_tags(entry.answer)) for entry in entries),
        ]

    @property
    def preview_modes(self):
        return [*super().preview_modes, ("markdown", "Markdown copy")]

    def serve_preview(self, request, mode_name):
        if mode_name == "markdown":
            text = markdown_copy(self, request)
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return super().serve_preview(request, mode_name)

    @classmethod
    def can_create_at(cls, parent):
        # Only two levels: pillars under the index, clusters under a pillar.
        if not super().can_create_at(parent):
            return False
        if parent.specific_class is GuidePage:
            return parent.get_parent().specific_class is GuideIndexPage
        return True

    def can_move_to(self, parent):
        return super().can_move_to(parent) and type(self).can_create_at(parent)

    def clean(self):
        super().clean()
        used = {child.value["anchor"] for child in self.body if child.block_type == "heading"}
        used |= self.reserved_anchors()
        for entry in self.faq_entries.all():
            entry.anchor = unique_anchor(entry.anchor or entry.question, used, "question")
            used.add(entry.anchor)

    def reserved_anchors(self):
        return super().reserved_anchors() | {"faq", "related"}

    og_type = "article"

    @property
    def last_modified(self):
        if self.last_updated:
            return datetime.datetime.combine(self.last_updated, datetime.time(), datetime.UTC)
        return self.last_published_at

    @property
    def published(self):
        if self.first_published:
            return datetime.datetime.combine(self.first_published, datetime.time(), datetime.UTC)
        return self.first_published_at

    @property
    def published_date(self):
        """The byline's date: the editor's "first published", else the day Wagtail first
        published the page (a guide published from the admin leaves the field empty)."""
        if self.first_published:
            return self.first_published
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def sources(self):
        """Every source the page cites, in order of first use: those of its statistics
        tables and those chosen for its cited passages."""
        found = {}
        for child in self.body:
            cited_sources = getattr(child.block, "cited_sources", None)
            for source in cited_sources(child.value) if cited_sources else []:
                found.setdefault(source.pk, source)
        return list(found.values())

    def missing_sources(self):
        """Claims that editors marked as still needing a source, in reading order."""
        return [
            claim
            for child in self.body
            for claim in getattr(child.block, "missing_sources", lambda value: [])(child.value)
        ]

    @cached_property
    def lead_definition(self):
        """The definition box that opens the body, if it does. The template puts it first in
        source order, right after the title, so that tools which read the page in order
        meet the answer first; CSS still shows it where it stands in the body."""
        first = self.body[0] if self.body else None
        return first if first is not None and first.block_type == "definition" else None

    def body_after_lead(self):
        return list(self.body)[1:] if self.lead_definition else list(self.body)

    def structured_data_nodes(self, request, url, base, image_url):
        nodes = super().structured_data_nodes(request, url, base, image_url)
        nodes.append(article_node(self, request, url, base, image_url))
        entries = self.faq_list()
        if entries:
            nodes.append(faq_node(entries, request, url))
        return nodes

    def seo_context(self, request, site_settings, *args):
        context = super().seo_context(request, site_settings, *args)
        context["article"] = {
            "published": self.published.isoformat() if self.published else "",
            "modified": self.last_modified.isoformat() if self.last_modified else "",
            "author": self.author.name if self.author else "",
            "section": (self.pillar or self).title,
        }
        return context

    @property
    def is_pillar(self):
        return self.breadcrumbs()[-2][1].specific_class is GuideIndexPage

    @property
    def pillar(self):
        return None if self.is_pillar else self.breadcrumbs()[-2][1]

    def clusters(self):
        return GuidePage.objects.child_of(self).live().order_by("path")

    def sibling_clusters(self):
        return GuidePage.objects.sibling_of(self, inclusive=False).live().order_by("path")

    @property
    def has_faq_section(self):
        return any(isinstance(child.block, FaqSectionBlock) for child in self.body)

    # The heading of the FAQ entries when the body has no FAQ block to place and name them.
    FAQ_HEADING = FaqSectionBlock.DEFAULT_HEADING

    def table_of_contents(self):
        entries = super().table_of_contents()
        if not self.has_faq_section and self.faq_list():
            entries.append({"anchor": "faq", "text": self.FAQ_HEADING, "level": "h2"})
        return entries

    @property
    def ends_with_call_to_action(self):
        """Whether the body ends with a call to action of its own; if not, the site's
        (Settings › Site settings) closes the guide."""
        return bool(self.body) and self.body[-1].block_type == "call_to_action"

    def reading_minutes(self):
        skip = {"type", "id", "anchor", "level", "sources", "needs_source"}
        texts = stream_strings(list(self.body.raw_data), skip=skip)
        words = len(strip_tags(" ".join(texts)).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def faq_list(self):
        """The FAQ rows, loaded once per render and shared by the page, its FAQ section
        and its structured data."""
        if not hasattr(self, "_faq_list"):
            self._faq_list = list(self.faq_entries.all())
        return self._faq_list

    def rich_text_sources(self):
        return [*super().rich_text_sources(), *(entry.answer for entry in self.faq_list())]

    def related_guide_pages(self):
        """The related guides that are live: a listing never shows a page that is not
        (the content plan report shows editors the rest)."""
        links = self.related_guides.filter(guide__live=True).select_related("guide")
        return [link.guide for link in links]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Callables, so that nothing is queried when the content comes from cache.
        context["faq_entries"] = self.faq_list
        context["related_guides"] = self.related_guide_pages
        return context


def _reference(page, request, node_type="Article"):
    url = canonical_url(page, request)
    return {"@type": node_type, "@id": f"{url}#article", "headline": page.title, "url": url}


def article_node(page, request, url, base, image_url):
    """The Article node: dates, author, publisher, its pillar or clusters, and citations."""
    node = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": page.title[:110],
        "description": page.meta_description,
        "url": url,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "publisher": {"@id": f"{base}/#organization"},
        "image": image_url,
    }
    if page.published:
        node["datePublished"] = page.published.isoformat()
    if page.last_modified:
        node["dateModified"] = page.last_modified.isoformat()
    if page.author:
        author = page.author
        links = [link.value["url"] for link in author.profile_links]
        node["author"] = {
            "@type": "Person",
            "@id": f"{base}/#author-{author.pk}",
            "name": author.name,
            "jobTitle": author.role,
            "url": links[0] if links else f"{base}/",
        }
        if links:
            node["author"]["sameAs"] = links
    else:
        # A guide without a byline is the organisation's own.
        node["author"] = {"@id": f"{base}/#organization"}
    if page.is_pillar:
        node["hasPart"] = [_reference(cluster, request) for cluster in page.clusters()]
    else:
        node["isPartOf"] = _reference(page.pillar, request)
    citations = [
        {
            "@type": "CreativeWork",
            "name": source.name,
            "publisher": {"@type": "Organization", "name": source.publisher},
            "datePublished": source.publication_date,
            **({"url": source.url} if source.url else {}),
        }
        for source in page.sources()
    ]
    if citations:
        node["citation"] = citations
    return node


def faq_node(entries, request, url):
    """FAQPage from the same rows, rendered the same way, as the visible FAQ section."""
    return {
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "@id": f"{url}#{entry.anchor}",
                "name": entry.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": str(render_rich_text(entry.answer, request)),
                },
            }
            for entry in entries
        ],
    }


class RelatedGuide(Orderable):
    """A guide listed under “Related guides”. It is listed only while it is live."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="related_guides")
    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("guide")]


class FaqIndexPage(BasePage):
    """/faq/: every FAQ entry of the live guides, grouped by guide."""

    fragment_cacheable = True

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    def live_faq_entries(self):
        if not hasattr(self, "_live_faq_entries"):
            self._live_faq_entries = list(
                FaqEntry.objects.filter(page__live=True, page__noindex=False)
                .select_related("page")
                .order_by("page__path", "sort_order")
            )
        return self._live_faq_entries

    def faq_groups(self):
        """(guide, its entries) for every live guide with FAQ entries."""
        entries = self.live_faq_entries()
        return [(page, list(group)) for page, group in groupby(entries, key=lambda e: e.page)]

    def rich_text_sources(self):
        return [entry.answer for entry in self.live_faq_entries()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["faq_groups"] = self.faq_groups
        return context


__all__ = ["FaqIndexPage", "GuideIndexPage", "GuidePage", "Page", "RelatedGuide"]
