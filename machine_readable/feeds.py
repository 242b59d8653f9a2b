"""The Atom feed of the live guides of the Site it is asked of (RFC 4287), with each guide's
full text (docs/architecture.md, "Search engines and AI assistants")."""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from guides.models import GuideIndexPage, GuidePage
from pages.models import SiteSettings
from pages.seo import absolute_links, canonical_base, canonical_url
from pages.site_url import default_base, site_base
from pages.visibility import visible_pages_of_site


class FeedSite(NamedTuple):
    """The Site a feed request was made to, and the request, to render the guides with."""

    settings: SiteSettings
    base: str
    request: HttpRequest


class FullContentAtom1Feed(Atom1Feed):
    """Atom, with an entry's `content` (RFC 4287 §4.1.3) written as HTML beside its summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class GuidesFeed(Feed):
    # One instance serves every request and thread (urls.py): it holds nothing of a request;
    # get_object() gives the other methods what they need.
    feed_type = FullContentAtom1Feed
    language = "en-US"

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if site is None:
            return FeedSite(SiteSettings.for_default_site(), default_base(), request)
        return FeedSite(SiteSettings.for_site(site), site_base(site), request)

    def title(self, obj):
        return f"{obj.settings.organisation_name} guides"

    def subtitle(self, obj):
        return obj.settings.description

    def link(self, obj):
        index = visible_pages_of_site(obj.request, GuideIndexPage.objects).first()
        return canonical_url(index) if index else f"{obj.base}/"

    def feed_url(self, obj):
        return obj.base + reverse("guides_feed")

    feed_guid = feed_url

    def author_name(self, obj):
        # RFC 4287 §4.1.1: a feed whose entries may have no author names one itself.
        return obj.settings.organisation_name

    def author_link(self, obj):
        return f"{obj.base}/"

    def items(self, obj):
        guides = list(
            visible_pages_of_site(obj.request, GuidePage.objects)
            .filter(noindex=False)
            .select_related("author")
            .order_by(F("content_changed_at").desc(nulls_last=True), "-first_published_at")[:50]
        )
        for guide in guides:
            # The guide's body as its page shows it, with absolute links and sources.
            context = guide.get_context(obj.request)
            html = render_to_string(
                "machine_readable/feed_content.html", context, request=obj.request
            )
            guide.feed_content = absolute_links(html, canonical_url(guide, obj.request))
        return guides

    def item_title(self, item):
        return item.title  # Django's default escapes it a second time

    def item_description(self, item):
        return item.summary

    def item_extra_kwargs(self, item):
        return {"content": item.feed_content}

    def item_link(self, item):
        return canonical_url(item)

    def item_guid(self, item):
        """A tag: URI (RFC 4151) that no edit, move or slug change touches."""
        first = item.first_published_at or item.published or item.last_published_at
        authority = urlsplit(canonical_base(item)).hostname
        return f"tag:{authority},{first.date().isoformat()}:page-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.last_modified

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_author_link(self, item):
        """The author's profile page, while visitors may see it."""
        return canonical_url(item.author) if item.author and item.author.visible else None
