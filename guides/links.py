"""Internal links in live pages' stored content: targets, orphans, links to pages gone."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import ForeignKey, Model, prefetch_related_objects
from django.utils.text import capfirst
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from pages.blocks import stored_id, stored_leaves
from pages.models import SiteSettings
from pages.richtext import page_link_ids
from pages.templatetags.contact_links import CONTACT_PATH

PAGE = "page"  # a page's id: a page chooser, or a foreign key to a page
RICH_TEXT = "rich text"  # stored rich text, with its page links as <a linktype="page">


@dataclass(frozen=True)
class BrokenLink:
    """A link on a live page that a visitor sees as text only: its page is gone."""

    page: Page  # the live page that holds the link
    where: str  # the field or row it is in, as an editor reads it
    missing_page_id: int
    unpublished_page: Page | None  # the page, if it was unpublished rather than deleted

    @property
    def linked_page(self):
        if self.unpublished_page is not None:
            return self.unpublished_page.get_admin_display_title()
        return f"Page #{self.missing_page_id}"

    @property
    def state(self):
        return "Unpublished" if self.unpublished_page is not None else "Deleted"


def _values_in_block(block, raw):
    """(kind, value) of every page chooser and rich text in a block's raw (stored) value."""
    for leaf, value in stored_leaves(block, raw):
        if isinstance(leaf, blocks.PageChooserBlock):
            page_id = stored_id(value)
            if page_id is not None:
                yield PAGE, page_id
        elif isinstance(leaf, blocks.RichTextBlock):
            yield RICH_TEXT, value


def _is_page_key(field):
    """A foreign key an editor sets to a page, such as a related guide's; not Wagtail's own
    (an alias's original) nor an inline row's key to its parent page."""
    return (
        isinstance(field, ForeignKey)
        and not isinstance(field, ParentalKey)
        and issubclass(field.related_model, Page)
        and field.model is not Page
    )


def _linking_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, StreamField | RichTextField) or _is_page_key(field)
    ]


def _values_in_fields(obj):
    """(field label, kind, value) for every page link and rich text in an object's fields."""
    for field in _linking_fields(type(obj)):
        value = getattr(obj, field.attname)
        if isinstance(field, StreamField):
            for kind, found in _values_in_block(field.stream_block, list(value.raw_data)):
                yield field.verbose_name, kind, found
        elif isinstance(field, RichTextField):
            yield field.verbose_name, RICH_TEXT, value
        elif value is not None:
            yield field.verbose_name, PAGE, value


def _row_label(row):
    name = capfirst(row._meta.verbose_name)
    return name if type(row).__str__ is Model.__str__ else f"{name} “{row}”"


def _linking_relations(model):
    """The accessors of a page type's inline rows that can link to a page (not comments)."""
    return [
        relation.get_accessor_name()
        for relation in get_all_child_relations(model)
        if _linking_fields(relation.related_model)
    ]


def page_contents(page):
    """(where, kind, value) for every page link and rich text in a page's fields and rows."""
    for label, kind, value in _values_in_fields(page):
        yield capfirst(label), kind, value
    for accessor in _linking_relations(type(page)):
        for row in getattr(page, accessor).all():
            for label, kind, value in _values_in_fields(row):
                yield f"{_row_label(row)}, {label}", kind, value


def page_links(page):
    """(where, page id) for every internal page link in a page's content."""
    for where, kind, value in page_contents(page):
        if kind == PAGE:
            yield where, value
        else:
            for page_id in sorted(page_link_ids(value)):
                yield where, page_id


def site_pages():
    """The live pages of the site, in tree order, without Wagtail's root."""
    return Page.objects.live().filter(depth__gt=1).order_by("path")


def live_pages():
    """Every live page as its own type, in tree order, with its link-holding rows loaded."""
    pages = list(site_pages().specific())
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for model, pages_of_type in by_type.items():
        prefetch_related_objects(pages_of_type, *_linking_relations(model))
    return pages


def site_root_ids():
    """The home pages of the sites: every visitor reaches them, linked or not."""
    return set(Site.objects.values_list("root_page_id", flat=True))


def linked_from_every_page():
    """The ids of the pages the templates link to from every page: the menus' pages
    (pages/menus.py), the privacy page in the footer, and /contact/ for calls to action."""
    linked = set()
    for site in Site.objects.select_related("root_page"):
        root = site.root_page
        contact_path = root.url_path + CONTACT_PATH.lstrip("/")
        pages = Page.objects.child_of(root).in_menu() | Page.objects.filter(url_path=contact_path)
        linked |= set(pages.live().values_list("pk", flat=True))
        linked.add(SiteSettings.for_site(site).privacy_page_id)
    return linked - {None}  # a site without a privacy page


def orphan_pages(pages):
    """The live pages, of those given, that no other live page links to."""
    linked = {target for page in pages for _, target in page_links(page) if target != page.pk}
    linked |= site_root_ids() | linked_from_every_page()
    return [page for page in pages if page.pk not in linked]


def broken_internal_links():
    """Links on live pages to pages deleted or unpublished (not planned ones), in tree order."""
    pages = live_pages()
    live = {page.pk for page in pages}
    found = [
        (page, where, page_id)
        for page in pages
        for where, page_id in page_links(page)
        if page_id not in live
    ]
    others = {
        other.pk: other
        for other in Page.objects.filter(pk__in={page_id for *_, page_id in found}).only(
            "pk", "title", "draft_title", "live", "first_published_at"
        )
    }
    broken = []
    for page, where, page_id in found:
        other = others.get(page_id)
        if other is None or (not other.live and other.first_published_at is not None):
            broken.append(BrokenLink(page, where, page_id, other))
    return broken
