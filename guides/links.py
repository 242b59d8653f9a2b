"""Internal links that lead nowhere: page links whose page was deleted.

Wagtail's reference index forgets a reference as soon as its target page is deleted,
so it cannot answer this. Instead the stored content of every live page is read:
rich text page links and page choosers, in StreamFields, rich text fields and inline
rows such as FAQ entries.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pages.richtext import page_link_ids


@dataclass(frozen=True)
class BrokenLink:
    page: Page  # the live page that holds the link
    where: str  # the field or row it is in, as an editor reads it
    missing_page_id: int


def _ids_in_block(block, raw):
    """Page ids that a block's raw (stored) value links to."""
    if raw is None:
        return
    if isinstance(block, blocks.PageChooserBlock):
        if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
            yield int(raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield from page_link_ids(raw)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            yield from _ids_in_block(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            is_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from _ids_in_block(block.child_block, item["value"] if is_item else item)
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            child_block = block.child_blocks.get(item.get("type"))
            if child_block is not None:
                yield from _ids_in_block(child_block, item.get("value"))


def _content_fields(model):
    """The fields of a model that can hold page links: StreamFields and rich text."""
    return [f for f in model._meta.get_fields() if isinstance(f, StreamField | RichTextField)]


def _links_in_fields(obj):
    """(field label, page id) for every page link in an object's own fields."""
    for field in _content_fields(type(obj)):
        if isinstance(field, StreamField):
            raw = list(getattr(obj, field.attname).raw_data)
            for page_id in _ids_in_block(field.stream_block, raw):
                yield field.verbose_name, page_id
        elif isinstance(field, RichTextField):
            for page_id in page_link_ids(getattr(obj, field.attname)):
                yield field.verbose_name, page_id


def page_links(page):
    """(where, page id) for every internal page link in a page's content."""
    for label, page_id in _links_in_fields(page):
        yield capfirst(label), page_id
    for relation in get_all_child_relations(page):
        if not _content_fields(relation.related_model):
            continue  # such as comments and related guides: no query for rows without links
        for row in getattr(page, relation.get_accessor_name()).all():
            for label, page_id in _links_in_fields(row):
                yield f"{capfirst(row._meta.verbose_name)} “{row}”, {label}", page_id


def broken_internal_links():
    """Links on live pages to pages that no longer exist, in tree order."""
    found = [
        (page, where, page_id)
        for page in Page.objects.live().order_by("path").specific()
        for where, page_id in page_links(page)
    ]
    existing = set(
        Page.objects.filter(pk__in={page_id for *_, page_id in found}).values_list("pk", flat=True)
    )
    return [
        BrokenLink(page, where, page_id)
        for page, where, page_id in found
        if page_id not in existing
    ]
