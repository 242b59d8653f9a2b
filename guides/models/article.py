"""A guide as an article: its dates, byline, reading time, citations and Article node."""

import datetime
import math

from django.utils import timezone

from guides.citations import distinct
from pages.blocks import body_text
from pages.seo import canonical_url

WORDS_PER_MINUTE = 230


class ArticleMixin:
    """Dates, byline and citations of a guide, for its page, head tags and JSON-LD."""

    og_type = "article"

    @property
    def published(self):
        """When Wagtail first published it, or the editor's other day (at midnight UTC)."""
        first = self.first_published_at
        if self.first_published and (
            first is None or self.first_published != timezone.localdate(first)
        ):
            return datetime.datetime.combine(self.first_published, datetime.time(), datetime.UTC)
        return first

    @property
    def published_date(self):
        """The byline's date: the editor's "first published", else Wagtail's."""
        if self.first_published:
            return self.first_published
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    @property
    def updated_date(self):
        """The byline's "Updated" day: that of `last_modified`, if later than the published one."""
        if not self.last_modified:
            return None
        day = timezone.localdate(self.last_modified)
        return day if self.published_date is None or day > self.published_date else None

    def reading_minutes(self):
        return max(1, math.ceil(len(body_text(self).split()) / WORDS_PER_MINUTE))

    def sources(self):
        """Every source the page cites (tables and passages), in order of first use."""
        found = [getattr(c.block, "cited_sources", lambda value: [])(c.value) for c in self.body]
        return distinct([source for sources in found for source in sources])

    def missing_sources(self):
        """Claims that editors marked as still needing a source, in reading order."""
        return [
            claim
            for child in self.body
            for claim in getattr(child.block, "missing_sources", lambda value: [])(child.value)
        ]

    def structured_data_nodes(self, request, url, base, image_url):
        nodes = super().structured_data_nodes(request, url, base, image_url)
        if self.last_reviewed:
            nodes[0]["lastReviewed"] = self.last_reviewed.isoformat()
            if self.reviewed_by:
                nodes[0]["reviewedBy"] = self.reviewed_by.person_reference(request)
        nodes.append(article_node(self, request, url, base, image_url))
        return nodes

    def seo_context(self, request, site_settings):
        context = super().seo_context(request, site_settings)
        author = self.author
        # `article:author`: the profile page while visitors may see it, else the name.
        if author:
            author = canonical_url(author, request) if author.visible else author.name
        context["article"] = {
            "published": self.published.isoformat() if self.published else "",
            "modified": self.last_modified.isoformat() if self.last_modified else "",
            "author": author or "",
            "section": (self.pillar or self).title,
        }
        return context


def _reference(page, request):
    url = canonical_url(page, request)
    return {"@type": "Article", "@id": f"{url}#article", "headline": page.title, "url": url}


def article_node(page, request, url, base, image_url):
    """The Article node: dates, author, publisher, its pillar or clusters, and citations."""
    organization = {"@id": f"{base}/#organization"}
    node = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": page.title[:110],
        "description": page.meta_description,
        "url": url,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "publisher": organization,
        "image": image_url,
        # The author's Person (profiles.py); a guide without a byline is the organisation's.
        "author": page.author.person_reference(request) if page.author else organization,
    }
    if page.published:
        node["datePublished"] = page.published.isoformat()
    if page.last_modified:
        node["dateModified"] = page.last_modified.isoformat()
    if page.is_pillar:
        node["hasPart"] = [_reference(cluster, request) for cluster in page.clusters()]
    else:
        node["isPartOf"] = _reference(page.pillar, request)
    citations = [citation_node(source) for source in page.sources()]
    if citations:
        node["citation"] = citations
    return node


def citation_node(source):
    """A source as a CreativeWork, for the `citation` of an Article or a Dataset."""
    return {
        "@type": "CreativeWork",
        "name": source.name,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "datePublished": source.publication_date,
        **({"url": source.url} if source.url else {}),
    }
