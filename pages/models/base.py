"""The one base page: the fields every page has, and the concerns every page takes part in."""

from django.db import models
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from page_cache.memo import remembered
from pages import seo
from pages.page_forms import BasePageForm
from pages.widgets import CountedTextarea, CountedTextInput

from .mixins import (
    ContentsMixin,
    PageCacheMixin,
    RichTextMixin,
    SearchPreviewMixin,
    SeoMixin,
    SiteSearchMixin,
)


class BasePage(
    SeoMixin,
    SearchPreviewMixin,
    ContentsMixin,
    RichTextMixin,
    PageCacheMixin,
    SiteSearchMixin,
    Page,
):
    """What every page shares: a summary, its SEO, sharing and menu fields, and the mixins."""

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
    key_phrase = models.CharField(
        max_length=100,
        blank=True,
        help_text="The words a reader searches for to find this page. Wherever another page "
        "uses them, or the title, without a link here, the internal links report suggests one.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Left empty, a card with the title is made.",
    )

    content_changed_at = models.DateTimeField(
        "Content last changed",
        null=True,
        blank=True,
        editable=False,
        help_text="When what a reader sees of the page last changed, kept by the system "
        "(pages/changes.py): the “Updated” date, the sitemap, the feed and Last-Modified.",
    )

    menu_title = models.CharField(
        "Menu label",
        max_length=40,
        blank=True,
        help_text="The page’s name in the header and footer, when its title is too long "
        "for them. Left blank, the title.",
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
        MultiFieldPanel(
            ["show_in_menus", "menu_title"],
            "For site menus",
            help_text="The header and footer link the live pages directly under the home "
            "page that have “Show in menus” ticked, in the order of the page tree.",
        ),
        MultiFieldPanel(["key_phrase", "noindex", "social_image"], "Search and sharing"),
    ]
    # The editor's "Minor fix" tick sits with the page's dates (pages/changes.py).
    settings_panels = [
        MultiFieldPanel([FieldPanel("minor_fix")], "The “Updated” date"),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary", boost=2)]
    base_form_class = BasePageForm

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's, with "none here or above" remembered: a public page skips two queries."""
        # A new page's preview has no pk to remember it by (page_cache/memo.py).
        if self.pk is None or remembered(
            None, ("restricted", self.pk), lambda: Page.get_view_restrictions(self).exists()
        ):
            return Page.get_view_restrictions(self)
        return PageViewRestriction.objects.none()

    def save_revision(self, *args, **kwargs):
        revision = super().save_revision(*args, **kwargs)
        # The editor's "Minor fix" (page_forms.py) goes with the revision to its publish.
        revision.minor_fix = getattr(self, "minor_fix", False)
        return revision


class RoutableBasePage(RoutablePageMixin, BasePage):
    """A page with routes of its own, such as a form and its result."""

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        # RoutablePageMixin would preview "/" for every mode, the search preview too.
        if mode_name:
            return BasePage.serve_preview(self, request, mode_name)
        return super().serve_preview(request, mode_name)

    def render_page(self, request, template=None, status=200, noindex=False, **extra):
        """A route's page: the page's context and `extra`, noindex unless a plain 200."""
        context = {**self.get_context(request), **extra}
        if noindex or status != 200:
            context["seo"] = {**context["seo"], "noindex": True}
        template = template or self.get_template(request)
        return TemplateResponse(request, template, context, status=status)
