"""Which rows show on pages, and which pages show a row (from Wagtail's reference index): one
rule for the page cache and the pages' change dates (pages/changes.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.registry import registry as registered_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site, get_page_models
from wagtail.snippets.models import get_snippet_models


def visible_models():
    """The models whose rows show on pages, so that saving or deleting a row changes pages."""
    models = {
        *get_snippet_models(),
        *registered_settings,
        Site,
        Redirect,
        PageViewRestriction,
        get_image_model(),
        get_document_model(),
    }
    return {model._meta.concrete_model for model in models}


def pages_showing(row):
    """The live pages that show `row`, directly or through other rows, or list its model's."""
    # Production updates the reference index in the task worker moments after a save, so a row
    # chosen just before it changes may be missed: the page's own publish moved its time then.
    model = type(row)._meta.concrete_model
    visible = visible_models()
    if row.pk is None or isinstance(row, Page) or model not in visible:
        return Page.objects.none()
    page_type = ContentType.objects.get_for_model(Page).pk
    shown_models = {model._meta.label}
    seen = {(base_content_type(model).pk, str(row.pk))}
    frontier, page_ids = set(seen), set()
    while frontier:
        # The rows that refer to the frontier: pages, and visible rows to follow further.
        refer_to = Q()
        for content_type_id, object_id in frontier:
            refer_to |= Q(to_content_type_id=content_type_id, to_object_id=object_id)
        found = ReferenceIndex.objects.filter(refer_to).values_list(
            "base_content_type_id", "content_type_id", "object_id"
        )
        frontier = set()
        for base_type_id, content_type_id, object_id in found.distinct():
            if base_type_id == page_type:
                page_ids.add(int(object_id))
                continue
            referrer = ContentType.objects.get_for_id(content_type_id).model_class()
            if referrer is not None and referrer._meta.concrete_model in visible:
                shown_models.add(referrer._meta.concrete_model._meta.label)
                frontier.add((base_type_id, object_id))
        frontier -= seen
        seen |= frontier
    pages = Page.objects.live().filter(pk__in=page_ids)
    listing_types = [
        page_model
        for page_model in get_page_models()
        if shown_models & set(getattr(page_model, "lists_rows_of", ()))
    ]
    # A listing shows the rows that live pages show, so only while one does.
    if listing_types and pages.exists():
        pages = pages | Page.objects.live().type(*listing_types)
    return pages


def base_content_type(model):
    """The content type the reference index files a model's rows under (its topmost parent)."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)
