"""The one base page: SEO and social fields, breadcrumbs and the table of contents."""

from urllib.parse import urlsplit

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.search import index

from pages import seo
from pages.blocks import assign_heading_anchors, rich_text_sources, table_of_contents
from pages.richtext import defer_page_links
from pages.social import preview_image_src, social_image
from pages.widgets import CountedTextarea, CountedTextInput

from .site_settings import SiteSettings

# The preview mode that shows the page as a search result and as a share card.
SEARCH_PREVIEW = "search"


class BasePage(Page):
    """Fields and behaviour that every page on the site shares."""

    summary = models.TextField(
        blank=True,
        help_text="One or two sentences shown in listings, and as the search description "
        "when that is left blank.",
    )
    noindex = models.BooleanField(
        default=False,
        verbose_name="Hide from search engines",
        help_text="Adds a noindex robots tag and leaves the page out of the sitemap.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Left empty, a card with the title is made.",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    # Wagtail's own promote panels, with live character counts on the two fields that a
    # search result shows.
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel(
                    "seo_title",
                    heading="SEO title",
                    widget=CountedTextInput(
                        low=seo.TITLE_MIN,
                        high=seo.TITLE_MAX,
                        blank="Blank: search results show the title, then the site’s name.",
                    ),
                ),
                FieldPanel(
                    "search_description",
                    heading="Search description",
                    widget=CountedTextarea(
                        low=seo.DESCRIPTION_MIN,
                        high=seo.DESCRIPTION_MAX,
                        blank="Blank: search results show the summary.",
                    ),
                ),
            ],
            "For search engines",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], "For site menus"),
        MultiFieldPanel([FieldPanel("noindex"), FieldPanel("social_image")], "Search and sharing"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary", boost=2)]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def search_title(self, organisation_name):
        """The title in search results and share cards."""
        return self.seo_title or f"{self.title} | {organisation_name}"

    def clean(self):
        super().clean()
        body = getattr(self, "body", None)
        if body is not None:
            assign_heading_anchors(body, reserved=self.reserved_anchors())

    def reserved_anchors(self):
        """Anchors that the page template uses itself, so headings must avoid them."""
        return {"main", "contents"}

    # Left out of search results unless nothing else matches (pages/search_rank.py).
    search_only_when_alone = False

    def search_texts(self):
        """The page's words by where they stand, as (place, text) pairs, for the site
        search's ranking (pages/search_rank.py): title, summary, headings and body."""
        from pages.highlight import body_text

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

    og_type = "website"
    # Whether the page cache may keep the rendered content and JSON-LD as fragments
    # (truvisory/page_cache). Off for pages whose content differs per visitor, such as a
    # form with a CSRF token.
    fragment_cacheable = False

    def get_cached_paths(self):
        """The page and its markdown copy, for a CDN purge (Wagtail's frontend cache)."""
        return ["/", "index.html.md"]

    def breadcrumbs(self):
        """(name, page) from the home page down to this page, as the visible trail shows it.
        Structured data reads the same list, so the two cannot disagree."""
        if not hasattr(self, "_breadcrumbs"):
            pages = [*self.get_ancestors().filter(depth__gt=1), self]
            self._breadcrumbs = [
                ("Home" if page.depth == 2 else page.title, page) for page in pages
            ]
        return self._breadcrumbs

    @property
    def last_modified(self):
        """When the content last changed in a way that matters (sitemap, feeds, headers)."""
        return self.last_published_at

    def get_sitemap_urls(self, request=None):
        if self.noindex:
            return []
        return [{"location": seo.canonical_url(self, request), "lastmod": self.last_modified}]

    def structured_data_nodes(self, request, url, base, image_url):
        """JSON-LD nodes for this page type, besides the organisation and website."""
        nodes = [
            {
                "@type": "WebPage",
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
        """What the head include renders: title, description, canonical, social and JSON-LD."""
        base = seo.canonical_base(self, request)
        url = seo.canonical_url(self, request)
        image = social_image(self, site_settings.organisation_name)
        image["url"] = seo.absolute(base, image["url"])

        def graph():
            return seo.json_ld(
                [
                    seo.organization_node(base, site_settings),
                    seo.website_node(base, site_settings),
                    *self.structured_data_nodes(request, url, base, image["url"]),
                ]
            )

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
            # A callable: the template calls it only when the page cache has no copy.
            "json_ld": graph,
        }

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

    def table_of_contents(self):
        body = getattr(self, "body", None)
        return table_of_contents(body) if body is not None else []

    def rich_text_sources(self):
        """Stored rich text on this page, resolved together before rendering."""
        body = getattr(self, "body", None)
        return list(rich_text_sources(body)) if body is not None else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        defer_page_links(request, self.rich_text_sources)
        context["seo"] = self.seo_context(request, SiteSettings.for_request(request))
        return context


class RoutableBasePage(RoutablePageMixin, BasePage):
    """A page with routes of its own, such as a form and its result. Wagtail's
    RoutablePageMixin previews its "/" route whatever the mode asked for, so the other
    preview modes are handed to BasePage."""

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        if mode_name:
            return BasePage.serve_preview(self, request, mode_name)
        return super().serve_preview(request, mode_name)
