"""What every page type takes part in, one small mixin a concern, each with safe defaults.

BasePage (base.py) is these mixins and the fields every page has, so a new page type gets
all of them by subclassing BasePage, and overrides only what differs. CONTRIBUTING.md has
the checklist.
"""

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
    """SEO and structured data: the `<title>`, description, canonical URL, Open Graph tags
    and JSON-LD of the page, which templates/components/head_meta.html renders from
    `seo_context()`, and its sitemap entry. It reads BasePage's SEO fields.

    A page type overrides `og_type` ("article" for an article), `webpage_type` (a
    schema.org subtype of WebPage, such as "ProfilePage") and `structured_data_nodes()` (to
    add its own JSON-LD nodes to the WebPage and trail). A page type that lists every row of
    a snippet model that live pages show (the evidence page: every statistic and source)
    names the models in `lists_rows_of`, so that a change to such a row moves its
    `last_modified` too (pages/dependencies.py)."""

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
        """When what a reader sees of the page last changed, as the system keeps it
        (pages/changes.py); until a page has that, when it was last published. The one time
        behind the "Updated" line, dateModified, the sitemap, the feed and Last-Modified."""
        return self.content_changed_at or self.last_published_at

    def breadcrumbs(self):
        """(name, page) from the home page down to this page, as the visible trail shows it.
        Structured data reads the same list, so the two cannot disagree."""
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
        """What the head include renders: title, description, canonical and social tags (and
        the JSON-LD from json_ld(), which get_context adds)."""
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
        """The page's JSON-LD graph: the organisation, the website and the page's own nodes,
        with the canonical URL and image of `head`, the remembered seo_context()."""
        base = seo.canonical_base(self, request)
        return seo.json_ld(
            [
                seo.organization_node(base, site_settings),
                seo.website_node(base, site_settings),
                *self.structured_data_nodes(request, head["canonical"], base, head["image"]["url"]),
            ]
        )

    def get_context(self, request, *args, **kwargs):
        """The head tags come from seo_context(), remembered for the content version and the
        Site (a pure function of them: page_cache/memo.py), except in a preview;
        the JSON-LD (a callable) is made for this request, and only when the page cache has
        no copy of it."""
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
    """The editor's "Search result and share card" preview mode: the page as a search result
    and as a share card would show it, drawn from `seo_context()`, the same values as the
    page's head, with the lengths advised for the title and description."""

    @property
    def preview_modes(self):
        return [("", "Page"), (SEARCH_PREVIEW, "Search result and share card")]

    def get_preview_template(self, request, mode_name):
        if mode_name == SEARCH_PREVIEW:
            return "pages/search_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        """In the search-result mode, the page's own context (so the `seo` its head is
        written from), with the lengths of what the result shows and the share image."""
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
    """The table of contents and the anchors it links to. Every block of the page's `body`
    StreamField that has a `toc_entries(value)` method (a heading, the FAQ section) adds
    entries. On save, each heading gets an anchor unique within the page that avoids
    `reserved_anchors()`, the ids the page's template uses itself.

    A page type whose template adds ids of its own adds them to `reserved_anchors()`; one
    with entries from outside its body extends `table_of_contents()`."""

    def clean(self):
        super().clean()
        body = getattr(self, "body", None)
        if body is not None:
            assign_heading_anchors(body, reserved=self.reserved_anchors())

    def reserved_anchors(self):
        """Anchors that the page template uses itself, so headings must avoid them."""
        return {"main", "contents"}

    def table_of_contents(self):
        body = getattr(self, "body", None)
        return table_of_contents(body) if body is not None else []


class RichTextMixin:
    """The rich text the page shows. Wherever rich text renders, a link to a page that is
    not live reads as prose (pages/richtext.py), so nothing here is needed for that: listing
    a rich text in `rich_texts()` only lets every page it links to be looked up in the same
    query as the others. The list is found from the page's own fields; a page type that
    shows rich text from elsewhere (inline rows, other pages) adds it."""

    def rich_texts(self):
        """The stored rich text of the page's fields: every RichTextField, and every rich
        text block in its StreamFields."""
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
    """Taking part in the page cache (page_cache/). Any page's answer is kept
    whole when it is safe to share; with `fragment_cacheable` (on by default) its rendered
    content and JSON-LD are also kept as fragments, which renders the whole-page cache
    cannot answer (a first visit, a signed-in editor) reuse. Turn it off for a page whose
    content differs per visitor or per route, such as a form with a CSRF token.

    `cache_query_parameters` names the query parameters the page reads (none by default):
    only they reach the page, and they are part of its cache key; any other parameter is
    removed before the page runs, and the page is answered from the same entry as without
    it (page_cache/query.py). A page that reads `request.GET` must name them.

    Nothing else to do: publishing a page, or saving any snippet, setting, image or
    document, empties the cache, and `get_cached_paths()` names the page's own addresses
    for a CDN purge. Its `last_modified` is sent as Last-Modified on its shared answers, by
    the page cache's middleware (page_cache/middleware.py).

    It stands here rather than in page_cache/ because page_cache/ reads pages/ (the base
    page and settings, for a CDN purge), and pages/ imports nothing above it."""

    fragment_cacheable = True
    cache_query_parameters = ()

    def get_cached_paths(self):
        """The page and its markdown copy, for a CDN purge (Wagtail's frontend cache)."""
        return ["/", "index.html.md"]


class SiteSearchMixin:
    """How the site search ranks the page (search/search_rank.py): its words by where they
    stand. A page type with words outside its fields' usual places (FAQ questions, the
    questions of a form) adds them to `search_texts()`; one that sums up other pages says
    `search_only_when_alone`, and is then listed only when nothing else matches."""

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
