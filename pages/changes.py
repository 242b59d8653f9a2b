"""Keeps `BasePage.content_changed_at`, when what a reader sees of a page last changed
(docs/architecture.md, "One time for every date")."""

import json
import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.blocks import BaseStreamBlock, BaseStructBlock, ListBlock
from wagtail.fields import StreamField
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    DraftStateMixin,
    LockableMixin,
    Page,
    Revision,
    RevisionMixin,
)
from wagtail.signals import page_published

from pages.dependencies import pages_showing, visible_models
from pages.models import BasePage

logger = logging.getLogger(__name__)

# Wagtail's own page fields that a reader meets; its others are bookkeeping.
PAGE_FIELDS_SHOWN = {"title", "seo_title", "search_description"}
# Fields of the base page that no reader sees on the page itself: the phrase the publish
# checks look for (tests/test_field_audit.py calls it admin-only), and the page's label in
# the site's menus, which shows on every page, as site furniture, not as this page's content.
NOT_SHOWN_ON_THE_PAGE = {"key_phrase", "menu_title", "content_changed_at"}
# Fields of a snippet, image or document that record how it is kept, not what it shows:
# Wagtail's drafts, revisions and locks, and an upload's own record.
UPLOAD_BOOKKEEPING = {"collection", "created_at", "uploaded_by_user", "file_size", "file_hash"}
ROW_BOOKKEEPING = UPLOAD_BOOKKEEPING | {
    field.name
    for mixin in (DraftStateMixin, LockableMixin, RevisionMixin)
    for field in mixin._meta.fields
}
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def reader_content(model, content):
    """What a reader sees of a page revision's stored content: {field: value}."""
    page_fields = {field.name for field in Page._meta.get_fields()} - PAGE_FIELDS_SHOWN
    left_out = page_fields | NOT_SHOWN_ON_THE_PAGE | {"pk", "comments", COMMENTS_RELATION_NAME}
    children = {
        relation.get_accessor_name(): relation for relation in get_all_child_relations(model)
    }
    streams = {f.name: f for f in model._meta.concrete_fields if isinstance(f, StreamField)}
    seen = {}
    for name, value in content.items():
        if name in left_out:
            continue
        if name in children:
            left_out_of_rows = {"pk", "id", children[name].field.attname}
            value = [
                {k: v for k, v in row.items() if k not in left_out_of_rows} for row in value or []
            ]
        elif name in streams:
            stored = json.loads(value) if isinstance(value, str) and value else value
            value = stream_content(streams[name].stream_block, stored)
        seen[name] = plain(value)
    return seen


def stream_content(block, raw):
    """A StreamField's stored value without block ids, with struct children's defaults."""
    if isinstance(block, BaseStreamBlock):
        kinds = block.child_blocks
        return [
            {"type": item["type"], "value": stream_content(kinds[item["type"]], item.get("value"))}
            for item in raw or []
            if item.get("type") in kinds
        ]
    if isinstance(block, BaseStructBlock):
        raw = raw or {}
        return {
            name: stream_content(child, raw[name])
            if name in raw
            else plain(child.get_prep_value(child.get_default()))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, ListBlock):
        return [stream_content(block.child_block, item["value"]) for item in raw or []]
    return raw


def plain(value):
    """A stored value without block ids and Draftail's data-block-key attributes."""
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {key: plain(item) for key, item in value.items() if not (is_block and key == "id")}
    return value


def same_content(model, before, after):
    """Whether two revisions show a reader the same page, in the fields both have."""
    before, after = reader_content(model, before), reader_content(model, after)
    shared = before.keys() & after.keys()
    return all(before[name] == after[name] for name in shared)


@receiver(pre_save, dispatch_uid="last-change-keep_stored_time")
def keep_stored_time(sender, instance, raw=False, update_fields=None, **kwargs):
    """Put back a page's stored time (one made from a revision has an old one); note its live
    revision."""
    if raw or update_fields is not None or not isinstance(instance, BasePage):
        return
    if instance._state.adding or instance.pk is None:
        return
    rows = sender._base_manager.filter(pk=instance.pk)
    if stored := rows.values_list("content_changed_at", "live_revision_id").first():
        instance.content_changed_at, instance._live_revision_before_save = stored


@receiver(page_published, dispatch_uid="last-change-on_published")
def on_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, BasePage) or revision is None:
        return
    if getattr(revision, "minor_fix", False) and instance.content_changed_at is not None:
        logger.info("Published %s as a minor fix: its last-change time stays", instance.pk)
        return
    before = getattr(instance, "_live_revision_before_save", None)
    if before is not None:
        previous = Revision.objects.filter(pk=before).values_list("content", flat=True).first()
        if previous is not None and same_content(type(instance), previous, revision.content):
            return
    instance.content_changed_at = instance.last_published_at or timezone.now()
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    rows.update(content_changed_at=instance.content_changed_at)


def row_changed(instance, update_fields=None):
    """Whether saving `instance` changes what its stored row shows."""
    model = type(instance)._meta.concrete_model
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in ROW_BOOKKEEPING
    ]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if not fields:
        return False
    stored = model._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if stored is None:
        return True
    return any(
        field.get_prep_value(stored[field.attname])
        != field.get_prep_value(getattr(instance, field.attname))
        for field in fields
    )


@receiver(pre_save, dispatch_uid="last-change-before_row_save")
def before_row_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or sender._meta.concrete_model not in visible_models():
        return
    # A new row is shown by no page yet; an unchanged one changes none.
    instance._changes_pages = row_changed(instance, update_fields)


@receiver(post_save, dispatch_uid="last-change-after_row_save")
def after_row_save(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_changes_pages", False):
        instance._changes_pages = False
        move_pages_showing(instance)


@receiver(pre_delete, dispatch_uid="last-change-before_row_delete")
def before_row_delete(sender, instance, **kwargs):
    move_pages_showing(instance)  # before the delete: the reference index forgets the row


def move_pages_showing(row):
    """Move the last-change time of every live page that shows `row` to now."""
    now = timezone.now()
    pages = list(pages_showing(row).values_list("content_type_id", "pk"))
    for content_type_id in {content_type_id for content_type_id, _ in pages}:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and issubclass(model, BasePage):
            ids = [pk for page_type, pk in pages if page_type == content_type_id]
            model._base_manager.filter(pk__in=ids).update(content_changed_at=now)
    if pages:
        name = type(row).__name__
        logger.info("%s %s changed: %d pages that show it changed too", name, row.pk, len(pages))
