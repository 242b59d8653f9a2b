"""Rich text that never links to a page a visitor cannot see (docs/architecture.md, "Rich
text: links to pages that are not live"), a request's page look-ups made in one query."""

import html
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text

from pages.visibility import visible_pages

UNLINKED = re.compile(r'<a data-unlinked-page="([^"]*)">(.*?)</a>', re.S)
DELETED_PAGE_LINK = '<a data-unlinked-page="">'


@dataclass
class LinkLookups:
    """The page look-ups of one request: what is known, and the rich text still to read."""

    request: object = None
    known: dict = field(default_factory=dict)  # page id: the opening tag of a link to it
    pending: object = None  # a callable giving rich text whose links to look up at once


_lookups = ContextVar("page_link_lookups", default=None)


class PageLinksMiddleware:
    """Remembers page look-ups for the length of one request, and forgets them after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _lookups.set(LinkLookups(request))
        try:
            return self.get_response(request)
        finally:
            _lookups.reset(token)


def look_up_together(rich_texts):
    """Look up the pages linked from all of `rich_texts()` in one query, at the first link."""
    lookups = _lookups.get()
    if lookups is not None:
        lookups.pending = rich_texts


def page_link_ids(stored_html):
    return {
        int(object_id)
        for model, object_id, *_ in extract_references_from_rich_text(stored_html or "")
        if model is Page and str(object_id).isdigit()
    }


def _fetch(ids, request):
    """{id: opening tag} for these pages in one query: a link, or a placeholder for prose."""
    tags = dict.fromkeys(ids, DELETED_PAGE_LINK)
    pages = Page.objects.filter(id__in=ids).only("id", "title", "url_path")
    visible = Exists(visible_pages(Page.objects.filter(pk=OuterRef("pk"))))
    for page in pages.annotate(visible=visible):
        if page.visible and (url := page.get_url(request)):
            tags[page.id] = f'<a href="{escape(url)}">'
        else:
            tags[page.id] = f'<a data-unlinked-page="{escape(page.title)}">'
    return tags


def opening_tags(attrs_list):
    """What the page-link handler (pages/wagtail_hooks.py) writes for each stored page link."""
    ids = [int(attrs["id"]) if attrs.get("id", "").isdigit() else None for attrs in attrs_list]
    wanted = set(ids) - {None}
    lookups = _lookups.get() or LinkLookups()  # outside a request, for this call alone
    if lookups.pending is not None:
        rich_texts, lookups.pending = lookups.pending(), None
        wanted |= set().union(*(page_link_ids(getattr(t, "source", t)) for t in rich_texts))
    if missing := wanted - lookups.known.keys():
        lookups.known.update(_fetch(missing, lookups.request))
    return [lookups.known.get(page_id, DELETED_PAGE_LINK) for page_id in ids]


def unlinked_as_prose(expanded_html):
    """Each placeholder as prose: `<cite>` when its text is the page's title, else text."""

    def prose(match):
        title, text = html.unescape(match.group(1)), match.group(2)
        words = " ".join(html.unescape(strip_tags(text)).split())
        return f"<cite>{text}</cite>" if title and words.casefold() == title.casefold() else text

    return mark_safe(UNLINKED.sub(prose, str(expanded_html)))  # noqa: S308 (only tags removed)
