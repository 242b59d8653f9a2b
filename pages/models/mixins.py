"""What every page type takes part in, one small mixin a concern, each with safe defaults
that a page type overrides where it differs (CONTRIBUTING.md, "A page type")."""

import functools
from urllib.parse import urlsplit

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from page_cache.memo import remembered
from pages import seo
from pages.blocks import assign_heading_anchors, body_text, rich_texts_in, table_of_contents
from pages.richtext import look_up_together
from pages.social import preview_image_src, social_image

from .site_settings import SiteSettings


class SeoMixin:
    """The page's `<title>`, description, canonical URL, Open Graph tags and JSON-LD, which
    templates/components/head_meta.html renders from `seo_context()`, and its sitemap entry.
    A page type may override `og_type`, `webpage_type`, `structured_data_nodes()` and
    `lists_rows_of` (snippet models whose every row it lists: pages/dependencies.py)."""

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
        """When what a reader sees last changed (pages/changes.py), else when it was last
        published: the "Updated" line, dateModified, the sitemap, the feed, Last-Modified."""
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
        nodes = [
            {
                "@type": self.webpage_type,
                "@id": f"{url}#webpage",
                "url": url,
                "name": self.title,
                "description": self.meta_description,
                "isPartOf": {"@id": f"{base}/#website"},
                "primaryImageOfPage": {"@type": "ImageObject", "url": image_url},
            }
        ]
        if self.depth > 2:
            crumbs = [(name, seo.canonical_url(page, request)) for name, page in self.breadcrumbs()]
            nodes.append(seo.breadcrumb_node(url, crumbs))
            nodes[0]["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
        return nodes

    def seo_context(self, request, site_settings):
        """What the head include renders, but for the JSON-LD (json_ld())."""
        base = seo.canonical_base(self, request)
        url = seo.canonical_url(self, request)
        image = social_image(self, site_settings.organisation_name)
        image["url"] = seo.absolute(base, image["url"])
        return {
            "title": self.search_title(site_settings.organisation_name),
            "share_title": self.seo_title or self.title,
            "site_name": site_settings.organisation_name,
            "description": self.meta_description,
            "canonical": url,
            "noindex": self.noindex or getattr(request, "is_preview", False),
            "og_type": self.og_type,
            "image": image,
            "markdown_url": f"{self.get_url(request)}index.html.md",
        }

    def json_ld(self, request, site_settings, head):
        """The JSON-LD graph of the head tags `head`: organisation, website, the page's nodes."""
        base = seo.canonical_base(self, request)
        return seo.json_ld(
            [
                seo.organization_node(base, site_settings),
                seo.website_node(base, site_settings),
                *self.structured_data_nodes(request, head["canonical"], base, head["image"]["url"]),
            ]
        )

    def get_context(self, request, *args, **kwargs):
        """The head tags, remembered for the content version and the Site (page_cache/memo.py);
        the JSON-LD as a callable, made only when the page cache has no copy of it."""
        context = super().get_context(request, *args, **kwargs)
        site_settings = SiteSettings.for_request(request)
        site = Site.find_for_request(request)
        key = ("head", self.pk, site.pk if site else None)
        head = remembered(request, key, lambda: self.seo_context(request, site_settings))
        context["seo"] = {
            **head,
            "json_ld": functools.partial(self.json_ld, request, site_settings, head),
        }
        return context


# The preview mode that shows the page as a search result and as a share card.
SEARCH_PREVIEW = "search"


class SearchPreviewMixin:
    """The editor's "Search result and share card" preview mode, drawn from `seo_context()`,
    with the lengths advised for the title and description."""

    @property
    def preview_modes(self):
        return [("", "Page"), (SEARCH_PREVIEW, "Search result and share card")]

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
    """The table of contents, from the `body` blocks with `toc_entries(value)`; on save each
    heading gets an anchor unique in the page that avoids `reserved_anchors()`."""

    def clean(self):
        super().clean()
        body = getattr(self, "body", None)
        if body is not None:
            assign_heading_anchors(body, reserved=self.reserved_anchors())

    def reserved_anchors(self):
        """The ids the page's template writes itself."""
        return {"main", "contents"}

    def table_of_contents(self):
        body = getattr(self, "body", None)
        return table_of_contents(body) if body is not None else []


class RichTextMixin:
    """The rich text the page shows, `rich_texts()`, so that the pages all of it links to are
    looked up in one query (pages/richtext.py)."""

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
    """How the site search ranks the page (search/search_rank.py): `search_texts()`, its
    words by where they stand; `search_only_when_alone` for a page that sums up others."""

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
