"""Which pages use a snippet or link to a page, from Wagtail's reference index in bulk."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.models import Page, ReferenceIndex

# A page's title in a "Used by" line is cut to this many characters (the whole in its tooltip).
TITLE_CHARACTERS = 40


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
    targets = {str(obj.pk): obj for obj in objects}
    by_page = defaultdict(list)
    for to_id, page_id in pairs:
        by_page[int(page_id)].append(targets[to_id])
    for page in pages.order_by("path"):
        for target in by_page[page.pk]:
            if not (isinstance(target, Page) and target.pk == page.pk):
                found[target.pk].append(page)
    return found


def used_by(objects):
    """{object pk: “the page ‘Fractional AI CTO…’ and 1 statistic”}, the pages linked."""
    objects = list(objects)
    pages = pages_referencing(objects)
    others = (
        ReferenceIndex.get_references_to_in_bulk(objects)
        .exclude(base_content_type=ContentType.objects.get_for_model(Page))
        .values("to_object_id", "base_content_type")
        .annotate(count=Count("object_id", distinct=True))
        .order_by("base_content_type")
    )
    counts = {str(obj.pk): [] for obj in objects}
    for row in others:
        model = ContentType.objects.get_for_id(row["base_content_type"]).model_class()
        counts[row["to_object_id"]].append((row["count"], model._meta))
    return {obj.pk: _used_by_line(pages[obj.pk], counts[str(obj.pk)]) for obj in objects}


def _used_by_line(pages, counts):
    parts = []
    if pages:
        links = format_html_join(
            ", ",
            '‘<a href="{}" title="{}">{}</a>’',
            (
                (
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    page.get_admin_display_title(),
                    _shortened(page.get_admin_display_title()),
                )
                for page in pages
            ),
        )
        parts.append(format_html("the page{} {}", "s" if len(pages) > 1 else "", links))
    for count, opts in counts:
        name = opts.verbose_name if count == 1 else opts.verbose_name_plural
        parts.append(format_html("{} {}", count, name))
    if not parts:
        return "Nothing yet"
    return format_html_join(" and ", "{}", ((part,) for part in parts))


def _shortened(title):
    if len(title) <= TITLE_CHARACTERS:
        return title
    return title[: TITLE_CHARACTERS - 1].rstrip(" ,:;") + "…"
