"""What empties the page cache and purges the CDN: a save or delete of any model a visitor sees
(`visible_models`, from Wagtail's registries, so a snippet registered anywhere is covered)."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from pages.dependencies import visible_models

from . import cdn, indexnow
from .cache import bump_version, forget_version, release_id, store
from .internals import pending_on_commit
from .tasks import purge_cdn, submit_to_indexnow

logger = logging.getLogger("truvisory.page_cache")


def content_changed(urls_taken_away=(), bump=True):
    """A new content version, in the change's own transaction; the CDN purge after its commit."""
    if bump:
        bump_version()
    job = next((job for job in pending_on_commit(AfterCommit) if not job.done), None)
    if job is not None:
        job.urls.update(urls_taken_away)
    else:
        # Outside a transaction the change is committed already, and this runs at once.
        transaction.on_commit(AfterCommit(urls_taken_away), robust=True)


class AfterCommit:
    """The work left for a transaction's commit, done once however many changes it made."""

    def __init__(self, urls_taken_away=()):
        self.urls = set(urls_taken_away)
        self.done = False

    def __call__(self):
        self.done = True
        forget_version()
        if cdn.configured():
            purge_cdn.enqueue(sorted(self.urls))
        if indexnow.configured():
            submit_to_indexnow.enqueue(sorted(self.urls))


def empty(by):
    """Delete every kept entry of every release, start a new content version, and purge the
    CDN (`clear_page_cache`, Settings > Page cache); logged with who asked."""
    with transaction.atomic():
        bump_version()
    cache = store()
    try:
        if hasattr(cache, "delete_pattern"):
            # django-redis: the keys under this alias's KEY_PREFIX only. Its clear() would
            # flush the whole Redis database, "default" (the contact form's rate limit) too.
            cache.delete_pattern("*")
        else:
            cache.clear()  # the page cache's own table, or this process's memory
    except Exception:
        logger.warning("The page cache could not delete its entries", exc_info=True)
    forget_version()
    if cdn.configured():
        purge_cdn.enqueue([])
    logger.warning("Page cache emptied", extra={"by": by, "release": release_id()})


def release_started():
    """On each process's first request: the first process of a new release, on any node,
    queues a CDN purge (the page cache's keys part with the old release by themselves)."""
    release = release_id()
    try:
        new = store().add(f"release:{release}", True, timeout=None)
    except Exception:
        logger.warning("The page cache is unavailable: release not recorded", exc_info=True)
        return
    if new:
        logger.info("A new release answers", extra={"release": release})
        if cdn.configured():
            purge_cdn.enqueue([])


@receiver(post_save, dispatch_uid="page-cache-on_save")
def on_save(sender, instance, raw=False, **kwargs):
    if not raw and sender._meta.concrete_model in visible_models():
        content_changed(cdn.urls_taken_away(instance))


@receiver(post_delete, dispatch_uid="page-cache-on_delete")
def on_delete(sender, instance, **kwargs):
    model = sender._meta.concrete_model
    rendition = get_image_model().get_rendition_model()._meta.concrete_model
    # A new rendition changes nothing a visitor sees; a deleted one leaves pages pointing at
    # a missing file (replacing an image's file deletes its renditions).
    if isinstance(instance, Page) or model in visible_models() or model is rendition:
        content_changed(cdn.urls_taken_away(instance))


@receiver(m2m_changed, dispatch_uid="page-cache-on_many_to_many_change")
def on_many_to_many_change(instance, action, **kwargs):
    # Such as the groups of a page view restriction.
    if action.startswith("post_") and type(instance)._meta.concrete_model in visible_models():
        content_changed()


@receiver([page_published, page_unpublished, post_page_move], dispatch_uid="page-cache-on_page")
def on_page_change(instance, **kwargs):
    """A page was published, unpublished or moved."""
    content_changed(cdn.urls_taken_away(instance))


@receiver([pre_page_move, page_slug_changed], dispatch_uid="page-cache-on_url_change")
def on_url_change(instance, instance_before=None, **kwargs):
    # The old URLs are known only before a move (which itself empties the cache), and from a
    # slug change's page as it was.
    content_changed(cdn.urls_taken_away(instance_before or instance), bump=False)
