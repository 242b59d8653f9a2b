"""Which pages use a statistic, or link to a page, read from Wagtail's reference index.

Wagtail records every reference a page makes when it is saved: snippets chosen in its
StreamField, page links in rich text, page choosers and the related guides. Reading
that index answers "where is this used?" for any number of objects in two queries.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex


def pages_referencing(objects, live_only=False):
    """{object pk: [pages whose content refers to it]}, each list in tree order."""
    objects = list(objects)
    found = {obj.pk: [] for obj in objects}
    if not objects:
        return found
    page_type = ContentType.objects.get_for_model(Page)
    pairs = set(
        ReferenceIndex.get_references_to_in_bulk(objects)
        .filter(base_content_type=page_type)
        .values_list("to_object_id", "object_id")
    )
    pages = Page.objects.filter(pk__in={int(page_id) for _, page_id in pairs})
    if live_only:
        pages = pages.live()
    by_id = {page.pk: page for page in pages.order_by("path")}
    targets = {str(obj.pk): obj for obj in objects}
    for to_id, page_id in sorted(pairs, key=lambda pair: _path(by_id, pair[1])):
        page, target = by_id.get(int(page_id)), targets[to_id]
        if page is not None and not (isinstance(target, Page) and target.pk == page.pk):
            found[target.pk].append(page)
    return found


def _path(by_id, page_id):
    page = by_id.get(int(page_id))
    return page.path if page else ""
