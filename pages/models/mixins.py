"""What every page type takes part in, one small mixin a concern (CONTRIBUTING.md)."""

import functools
from urllib.parse import urlsplit

from wagtail.fields import RichTextField, StreamField

from page_cache.memo import remembered
from pages import seo
from pages.blocks import HeadingBlock, body_text, rich_texts_in, unique_anchor
from pages.richtext import look_up_together
from pages.social import preview_image_src, social_image

from .site_settings import SiteSettings


class SeoMixin:
    """The page's head tags and JSON-LD (templates/components/head_meta.html) and sitemap entry;
    `lists_rows_of`: snippet models whose every row it lists (pages/dependencies.py)."""

    og_type = "website"
    webpage_type = "WebPage"
    lists_rows_of = ()

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def search_title(self, organisation_name):
        """The title in search results and share cards."""
        return self.seo_title or f"{self.title} | {organisation_name}"

    @property
    def last_modified(self):
        """When what a reader sees last changed (pages/changes.py), else its last publish."""
        return self.content_changed_at or self.last_published_at

    def breadcrumbs(self):
        """(name, page) from the home page down to this one: the trail and its JSON-LD."""
        if not hasattr(self, "_breadcrumbs"):
            pages = [*self.get_ancestors().filter(depth__gt=1), self]
            self._breadcrumbs = [
                ("Home" if page.depth == 2 else page.title, page) for page in pages
            ]
        return self._breadcrumbs

    def get_sitemap_urls(self, request=None):
        if self.noindex:
            return []
        return [{"location": seo.canonical_url(self, request), "lastmod": self.last_modified}]

    def structured_data_nodes(self, request, url, base, image_url):
        """JSON-LD nodes for this page type, besides the organisation and website."""
        webpage = {
            "@type": self.webpage_type,
            "@id": f"{url}#webpage",
            "url": url,
            "name": self.title,
            "description": self.meta_description,
            "isPartOf": {"@id": f"{base}/#website"},
            "primaryImageOfPage": {"@type": "ImageObject", "url": image_url},
        }
        if self.depth <= 2:
            return [webpage]
        crumbs = [(name, seo.canonical_url(page, request)) for name, page in self.breadcrumbs()]
        webpage["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
        return [webpage, seo.breadcrumb_node(url, crumbs)]

    def seo_context(self, request, site_settings):
        """What the head include renders, but for the JSON-LD (json_ld())."""
        base = seo.canonical_base(self, request)
        image = social_image(self, site_settings.organisation_name)
        image["url"] = seo.absolute(base, image["url"])
        return {
            "title": self.search_title(site_settings.organisation_name),
            "share_title": self.seo_title or self.title,
            "site_name": site_settings.organisation_name,
            "description": self.meta_description,
            "canonical": seo.canonical_url(self, request),
            "noindex": self.noindex or getattr(request, "is_preview", False),
            "og_type": self.og_type,
            "image": image,
            "markdown_url": f"{self.get_url(request)}index.html.md",
        }

    def json_ld(self, request, site_settings, head):
        """The JSON-LD graph of the head tags `head`: organisation, website, the page's nodes."""
        base = seo.canonical_base(self, request)
        organisation = seo.organization_node(base, site_settings)
        nodes = self.structured_data_nodes(request, head["canonical"], base, head["image"]["url"])
        return seo.json_ld([organisation, seo.website_node(base, site_settings), *nodes])

    def get_context(self, request, *args, **kwargs):
        """The head tags, remembered (page_cache/memo.py); the JSON-LD made only when needed."""
        context = super().get_context(request, *args, **kwargs)
        site_settings = SiteSettings.for_request(request)
        key = ("head", self.pk, site_settings.site_id)
        head = remembered(request, key, lambda: self.seo_context(request, site_settings))
        context["seo"] = {
            **head,
            "json_ld": functools.partial(self.json_ld, request, site_settings, head),
        }
        return context


# The preview mode that shows the page as a search result and as a share card.
SEARCH_PREVIEW = "search"


class SearchPreviewMixin:
    """The editor's "Search result and share card" preview mode, with advised lengths."""

    preview_modes = [("", "Page"), (SEARCH_PREVIEW, "Search result and share card")]

    def get_preview_template(self, request, mode_name):
        if mode_name == SEARCH_PREVIEW:
            return "pages/search_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name == SEARCH_PREVIEW:
            found = context["seo"]
            context["title_advice"] = seo.length_advice(
                found["title"], seo.TITLE_MIN, seo.TITLE_MAX
            )
            if found["description"]:
                context["description_advice"] = seo.length_advice(
                    found["description"], seo.DESCRIPTION_MIN, seo.DESCRIPTION_MAX
                )
            context["share_image_src"] = preview_image_src(self, found)
            context["share_domain"] = urlsplit(found["canonical"]).hostname
        return context


class ContentsMixin:
    """The table of contents, from `body` blocks with `toc_entries`, and headings' anchors."""

    def clean(self):
        super().clean()
        # An anchor once saved is kept, so that links to a section survive edits to its text.
        used = self.reserved_anchors()
        for child in getattr(self, "body", None) or []:
            if isinstance(child.block, HeadingBlock):
                wanted = child.value.get("anchor") or child.value["text"]
                child.value["anchor"] = unique_anchor(wanted, used, "section")

    def reserved_anchors(self):
        """The ids the page's template writes itself."""
        return {"main", "contents"}

    def table_of_contents(self):
        return [
            entry
            for child in getattr(self, "body", None) or []
            if hasattr(child.block, "toc_entries")
            for entry in child.block.toc_entries(child.value)
        ]


class RichTextMixin:
    """`rich_texts()`, so the pages they all link to are looked up in one query (richtext.py)."""

    def rich_texts(self):
        """Every RichTextField, and every rich text block of the StreamFields."""
        texts = []
        for field in self._meta.get_fields():
            if isinstance(field, RichTextField):
                texts.append(getattr(self, field.attname))
            elif isinstance(field, StreamField):
                texts.extend(rich_texts_in(getattr(self, field.attname)))
        return texts

    def get_context(self, request, *args, **kwargs):
        look_up_together(self.rich_texts)
        return super().get_context(request, *args, **kwargs)


class PageCacheMixin:
    """The page cache: `fragment_cacheable` off for content that differs per visitor or route;
    `cache_query_parameters`, the only ones that reach the page (page_cache/query.py)."""

    fragment_cacheable = True
    cache_query_parameters = ()

    def get_cached_paths(self):
        """The page and its markdown copy, for a CDN purge (Wagtail's frontend cache)."""
        return ["/", "index.html.md"]


class SiteSearchMixin:
    """How the site search ranks the page (search/search_rank.py)."""

    search_only_when_alone = False

    def search_texts(self):
        """The page's words as (place, text) pairs: title, summary, headings and body."""
        texts = [("title", self.title), ("summary", self.summary)]
        body = getattr(self, "body", None)
        if body is not None:
            texts += [
                ("heading", block["value"]["text"])
                for block in body.raw_data
                if block.get("type") == "heading"
            ]
            texts.append(("body", body_text(self)))
        return texts
